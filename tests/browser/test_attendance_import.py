"""A manager imports a Teams attendance report, says who the unknown guest is, and sees the
attendance and the member's participation level follow."""

from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from roundtable.activities.models import Registration
from roundtable.members.models import Member, MemberAlias
from tests.browser.conftest import log_in, screenshot
from tests.factories import ActivityFactory, MemberFactory

TEAMS = Path(__file__).parents[1] / "data" / "attendance" / "teams" / "attendance_report_2023.csv"


def test_import_a_teams_report_and_match_the_unknown_guest(page, community, manager):
    activity = ActivityFactory(
        community=community,
        title="Innovation day",
        starts_at=timezone.now() - timedelta(days=3),
        owner=manager,
    )
    for name, email in [
        ("Ken Sato", "ken.sato@contoso.example"),
        ("Ana Lima-Costa", "ana.lima-costa@contoso.example"),
        ("Joost de Vries", "joost.devries@contoso.example"),
    ]:
        MemberFactory(community=community, full_name=name, email=email)
    camille = MemberFactory(
        community=community, full_name="Camille Moreau", email="cm@home.example"
    )
    assert camille.participation_level == "inactive"

    log_in(page, manager.email)
    page.goto(page.base_url + f"/c/{community.slug}/activities/{activity.pk}/registrations/")
    page.get_by_role("link", name="Import attendance…").click()
    page.get_by_label("Attendance report").set_input_files(str(TEAMS))
    page.get_by_role("button", name="Read the report").click()
    page.get_by_text("Read as a Microsoft Teams attendance report").wait_for()
    assert "Innovation Day Brain Storming" in page.locator(".message.warning").first.inner_text()
    screenshot(page, "attendance-preview")

    choice = page.get_by_label("Who is Moreau, Camille?")
    assert choice.input_value() == "new"  # never matched by name on its own
    assert "This is Camille Moreau" in choice.locator("optgroup").first.inner_text()
    choice.select_option(value=f"member:{camille.pk}")
    page.get_by_role("button", name="Import attendance").click()
    page.get_by_text("Attendance imported: 4 attended").wait_for()
    screenshot(page, "attendance-imported")

    came = Registration.objects.filter(activity=activity, attended_at__isnull=False)
    assert came.count() == 4
    assert Member.objects.filter(community=community).count() == 4  # nobody added twice
    assert MemberAlias.objects.filter(member=camille).exists()
    page.goto(page.base_url + f"/c/{community.slug}/members/{camille.pk}/")
    assert "Peripheral" in page.content()
    camille.refresh_from_db()
    assert camille.participation_level == "peripheral"
