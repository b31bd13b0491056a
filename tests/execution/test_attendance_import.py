"""Attendance from exported reports: matched to members, previewed, imported once, all or none."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from roundtable.activities.models import Activity, Registration
from roundtable.execution.attendance import (
    AttendanceImportError,
    attendance_apply,
    attendance_preview,
)
from roundtable.execution.models import Attendance, AttendanceFile
from roundtable.live import services as live
from roundtable.live.models import LiveSession
from roundtable.members.models import Member, MemberAlias, ParticipationRecord
from roundtable.members.services import member_anonymise
from tests.factories import ActivityFactory, MemberFactory

DATA = Path(__file__).parent.parent / "data" / "attendance"
ZOOM = (DATA / "zoom" / "participants_heroes.csv").read_bytes()
TEAMS = (DATA / "teams" / "attendance_report_2023.csv").read_bytes()


@pytest.fixture
def heroes_meeting(community) -> Activity:
    """The activity the Zoom report is of: 19 November 2021, 10:00 to 12:00 (US Eastern)."""
    return ActivityFactory(
        community=community,
        title="Heroes meeting",
        starts_at=datetime(2021, 11, 19, 15, 0, tzinfo=UTC),
        duration_minutes=120,
        status=Activity.Status.DONE,
    )


@pytest.fixture
def loki(community) -> Member:
    return MemberFactory(community=community, full_name="Loki", email="LOKI_asgardian@marvel.com")


def test_the_preview_recognises_the_format_merges_rejoins_and_writes_nothing_else(
    heroes_meeting, loki
):
    file = attendance_preview(activity=heroes_meeting, data=ZOOM, file_name="participants.csv")
    summary = file.summary
    assert summary["format"] == "zoom-meeting"
    assert (summary["rows"], summary["people"]) == (31, 27)  # four people rejoined
    # Three people stayed under the community's 5 minutes (1, 3 and 4 minutes).
    assert (summary["attended"], summary["dropped_in"]) == (24, 3)
    assert summary["matched"] == 1  # Loki, by e-mail, whatever its case
    assert summary["new"] == 26 and summary["problems"] == []
    people = {p["email"]: p for p in file.preview["people"]}
    assert people["loki_asgardian@marvel.com"]["member"] == loki.pk
    assert people["loki_asgardian@marvel.com"]["how"] == "email"
    assert people["power-girl_kryptonian@dc.com"]["name"] == "003_Power Girl"
    assert not Attendance.objects.exists() and not Registration.objects.exists()
    assert Member.objects.count() == 1


def test_importing_writes_attendance_registrations_and_levels_once(heroes_meeting, loki):
    file = attendance_preview(activity=heroes_meeting, data=ZOOM, file_name="participants.csv")
    done = attendance_apply(file=file)
    assert (done.attended, done.dropped_in, done.new_members) == (24, 3, 26)
    assert Member.objects.filter(community=heroes_meeting.community).count() == 27
    assert Attendance.objects.filter(activity=heroes_meeting).count() == 27
    attended = Registration.objects.filter(activity=heroes_meeting, attended_at__isnull=False)
    assert attended.count() == 24
    assert attended.filter(member=loki).exists()
    records = ParticipationRecord.objects.filter(activity=heroes_meeting, kind="attendance")
    assert records.count() == 24
    file.refresh_from_db()
    assert file.status == AttendanceFile.Status.APPLIED and file.preview == {}

    # The same file again changes nothing.
    again = attendance_preview(activity=heroes_meeting, data=ZOOM, file_name="copy.csv")
    assert again.summary["already_imported"]
    assert attendance_apply(file=again).already_imported
    assert Attendance.objects.count() == 27 and Member.objects.count() == 27
    assert ParticipationRecord.objects.filter(kind="attendance").count() == 24


def test_a_person_matched_by_hand_is_remembered_for_the_next_report(community, clock):
    # Last week's activity, so that the attendance counts in the participation window; the
    # report is of 2023, which the preview points out.
    activity = ActivityFactory(community=community, starts_at=timezone.now() - timedelta(days=7))
    camille = MemberFactory(
        community=community, full_name="Camille Moreau", email="cm@home.example"
    )
    file = attendance_preview(activity=activity, data=TEAMS, file_name="report.csv")
    assert file.summary["format"] == "teams"
    assert "Innovation Day Brain Storming" in file.summary["warnings"][0]
    person = next(p for p in file.preview["people"] if p["name"] == "Moreau, Camille")
    assert person["member"] is None  # her work address is not the one the community knows
    assert [p["member"] for p in person["proposals"]] == [camille.pk]  # proposed, not matched
    attendance_apply(
        file=file,
        decisions={
            person["index"]: f"member:{camille.pk}",
            **{p["index"]: "ignore" for p in file.preview["people"] if p is not person},
        },
    )
    assert Registration.objects.get(activity=activity, member=camille).attended_at is not None
    assert MemberAlias.objects.filter(member=camille, alias="moreau, camille").exists()
    assert Member.objects.count() == 1  # the others were ignored
    camille.refresh_from_db()
    assert camille.participation_level == "peripheral"

    next_time = ActivityFactory(community=community, starts_at=activity.starts_at)
    preview = attendance_preview(activity=next_time, data=TEAMS, file_name="report.csv")
    person = next(p for p in preview.preview["people"] if p["name"] == "Moreau, Camille")
    assert (person["member"], person["how"]) == (camille.pk, "alias")


def test_a_decision_naming_no_member_of_the_community_is_refused_and_nothing_is_written(
    heroes_meeting, other_community
):
    stranger = MemberFactory(community=other_community)
    file = attendance_preview(activity=heroes_meeting, data=ZOOM, file_name="participants.csv")
    with pytest.raises(AttendanceImportError, match="not a member of this community"):
        attendance_apply(file=file, decisions={0: f"member:{stranger.pk}"})
    assert not Attendance.objects.exists()
    assert Member.objects.filter(community=heroes_meeting.community).count() == 0
    file.refresh_from_db()
    assert file.status == AttendanceFile.Status.PREVIEW


def test_a_file_of_no_known_format_is_refused_with_its_name(heroes_meeting):
    with pytest.raises(AttendanceImportError) as refused:
        attendance_preview(
            activity=heroes_meeting, data=b"colour,shape\nred,round\n", file_name="shapes.csv"
        )
    assert refused.value.code == "unknown_format"
    assert refused.value.message.startswith("shapes.csv: ")
    assert "Zoom" in refused.value.message
    assert not AttendanceFile.objects.exists()


def test_a_report_of_another_day_warns(community):
    activity = ActivityFactory(community=community, starts_at=datetime(2021, 12, 1, 15, tzinfo=UTC))
    full = (DATA / "zoom" / "participants_heroes_full.csv").read_bytes()
    file = attendance_preview(activity=activity, data=full, file_name="full.csv")
    assert file.summary["format"] == "zoom-meeting"
    assert "Heroes meeting" in file.summary["warnings"][0]


def test_joining_the_live_session_counts_as_attending_once(community, activity, clock):
    ana = MemberFactory(community=community, email="ana@example.org")
    session = live.session_open(activity=activity, identity=LiveSession.Identity.NAMED)
    live.participant_join(session=session, name="Ana", email="ana@example.org")
    live.session_close(session=session)
    registration = Registration.objects.get(activity=activity, member=ana)
    assert registration.attended_at is not None
    assert Attendance.objects.filter(activity=activity, member=ana, source="live").count() == 1
    live.session_close(session=session)
    records = ParticipationRecord.objects.filter(activity=activity, member=ana, kind="attendance")
    assert records.count() == 1


def test_erasing_a_member_erases_their_attendance_and_waiting_previews(heroes_meeting, loki):
    attendance_apply(file=attendance_preview(activity=heroes_meeting, data=ZOOM, file_name="a.csv"))
    power_girl = Member.objects.get(email="power-girl_kryptonian@dc.com")
    waiting = attendance_preview(activity=heroes_meeting, data=ZOOM + b"\n", file_name="b.csv")
    member_anonymise(member=power_girl)
    assert not Attendance.objects.filter(name__icontains="power girl").exists()
    assert not Attendance.objects.filter(email__icontains="power-girl").exists()
    waiting.refresh_from_db()
    assert "power-girl" not in json.dumps(waiting.preview).lower()


def test_the_command_prints_one_json_object_and_exits_by_what_it_found(
    heroes_meeting, tmp_path, capsys
):
    report = tmp_path / "participants.csv"
    report.write_bytes(ZOOM)
    slug = heroes_meeting.community.slug
    args = ["import", "attendance", "--community", slug, "--activity", str(heroes_meeting.pk)]
    call_command(*args, str(report), "--dry-run", "--json")
    printed = json.loads(capsys.readouterr().out)
    assert printed["format"] == "zoom-meeting"
    assert (printed["people"], printed["attended"], printed["dropped_in"]) == (27, 24, 3)
    assert not Member.objects.exists() and not AttendanceFile.objects.exists()

    call_command(*args, str(report))
    assert "24 attended" in capsys.readouterr().out
    assert Attendance.objects.count() == 27

    other = tmp_path / "shapes.csv"
    other.write_text("colour,shape\nred,round\n")
    with pytest.raises(CommandError) as refused:
        call_command(*args, str(other))
    assert refused.value.returncode == 2
    assert "shapes.csv" in str(refused.value)


def test_the_command_can_create_the_activity_from_the_report(community, tmp_path, capsys):
    report = tmp_path / "full.csv"
    report.write_bytes((DATA / "zoom" / "participants_heroes_full.csv").read_bytes())
    call_command(
        "import", "attendance", "--community", community.slug, "--new-activity", str(report)
    )
    activity = Activity.objects.get(community=community)
    assert activity.title == "Heroes meeting"
    assert activity.status == Activity.Status.DONE
    assert activity.duration_minutes == 120
    assert Attendance.objects.filter(activity=activity).count() == 27


def test_a_preview_never_confirmed_goes_with_the_cleanup(heroes_meeting, clock):
    from roundtable.imports.retention import imports_cleanup

    attendance_preview(activity=heroes_meeting, data=ZOOM, file_name="participants.csv")
    assert imports_cleanup()["attendance_previews"] == 0  # still within IMPORT_ABANDON_HOURS
    clock.shift(timedelta(days=2))
    assert imports_cleanup()["attendance_previews"] == 1
    assert not AttendanceFile.objects.exists()


def test_a_large_community_is_not_listed_for_each_unmatched_person(heroes_meeting, manager):
    from django.test import Client
    from django.urls import reverse

    from roundtable.execution.selectors import MEMBER_CHOICES_MAX, attendance_report_people

    file = attendance_preview(activity=heroes_meeting, data=ZOOM, file_name="participants.csv")
    assert len(attendance_report_people(file=file).member_choices) == 0  # no members yet
    MemberFactory.create_batch(3, community=heroes_meeting.community)
    assert len(attendance_report_people(file=file).member_choices) == 3
    MemberFactory.create_batch(MEMBER_CHOICES_MAX, community=heroes_meeting.community)
    people = attendance_report_people(file=file)
    assert people.member_choices == [] and len(people.unmatched) == 27
    client = Client()
    client.force_login(manager)
    url = reverse(
        "attendance_file", args=[heroes_meeting.community.slug, heroes_meeting.pk, file.pk]
    )
    page = client.get(url).content.decode()
    assert "too large to list every member" in page


def test_a_person_is_matched_by_an_other_address_of_a_member(heroes_meeting, community):
    from roundtable.members.services import member_emails_set

    loki = MemberFactory(community=community, full_name="Loki L.", email="loki@asgard.example")
    member_emails_set(member=loki, emails=["Loki_Asgardian@marvel.com"])
    file = attendance_preview(activity=heroes_meeting, data=ZOOM, file_name="participants.csv")
    people = {p["email"]: p for p in file.preview["people"]}
    assert (
        people["loki_asgardian@marvel.com"]["member"],
        people["loki_asgardian@marvel.com"]["how"],
    ) == (loki.pk, "email")
    attendance_apply(file=file)
    assert Attendance.objects.get(member=loki).email == "loki_asgardian@marvel.com"
    assert not Member.objects.filter(email__iexact="loki_asgardian@marvel.com").exists()


def test_a_teams_upn_that_is_an_other_address_of_a_member_matches_them(community):
    from roundtable.members.services import member_emails_set

    activity = ActivityFactory(
        community=community,
        title="Innovation Day",
        starts_at=datetime(2023, 7, 20, 16, 0, tzinfo=UTC),
        duration_minutes=90,
        status=Activity.Status.DONE,
    )
    ken = MemberFactory(community=community, full_name="Ken Sato", email="ken@home.example")
    member_emails_set(member=ken, emails=["n10002@contoso.example"])
    file = attendance_preview(activity=activity, data=TEAMS, file_name="attendance.csv")
    people = {p["name"]: p for p in file.preview["people"]}
    assert (people["Sato, Ken"]["member"], people["Sato, Ken"]["how"]) == (ken.pk, "email")
