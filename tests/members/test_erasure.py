"""Deleting a member's personal data erases it everywhere: every text and JSON column of every
table, every file under the data folder and the logs; the history stays, nameless. And SQLite
zeroes what it deletes (secure_delete), so the name does not stay in free pages either."""

import logging
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models.functions import Cast
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from roundtable.activities.models import Registration
from roundtable.breakouts.models import BreakoutPlan, CoffeeChatPair, CoffeeChatRound
from roundtable.execution.models import Invitation
from roundtable.feedback.models import FeedbackImport, FeedbackResponse, FeedbackSettings
from roundtable.imports.models import ImportJob
from roundtable.live import services as live_services
from roundtable.live.models import Participant
from roundtable.members.models import Member
from tests.factories import (
    ActivityFactory,
    MemberFactory,
    NeedFactory,
    ParticipationRecordFactory,
    RegistrationFactory,
)
from tests.test_settings import run_roundtable

NAME = "Zebulon Quixote-Marsh"
EMAIL = "Zeb.QMarsh@Erasure-Probe.example"
OTHER_EMAIL = "zeb.at.home@erasure-probe.example"  # their other address
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)  # EmailField is a CharField


def _upload(client: Client, name: str, content: bytes):
    data = {"file": SimpleUploadedFile(name, content, content_type="text/csv")}
    return client.post(reverse("import_start", args=["alpha"]), data, follow=True)


def hits_in_database(words: list[str]) -> list[str]:
    """``table.column`` of every text or JSON column holding one of ``words`` (any case)."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT_FIELDS):
                continue
            rows = model._base_manager.annotate(_text=Cast(field.name, models.TextField()))
            for word in words:
                if rows.filter(_text__icontains=word).exists():
                    found.append(f"{model._meta.db_table}.{field.column}")
    return sorted(set(found))


def hits_in_files(folder: Path, words: list[str]) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            content = path.read_bytes().lower()
            if any(word.lower().encode() in content for word in words):
                found.append(str(path.relative_to(folder)))
    return found


@pytest.fixture
def data_dir(settings, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    settings.IMPORT_DIR = tmp_path / "imports"
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


@pytest.fixture
def person_everywhere(community, manager, manager_client, client, data_dir) -> Member:
    """The person, imported from a file, then given rows in every app that holds some."""
    csv = (
        f"Name,Email,Organisation,Other emails\n{NAME},{EMAIL},Quixote Water,{OTHER_EMAIL}\n"
        "Other Person,o@example.org,X,\n"
    )
    _upload(manager_client, "members.csv", csv.encode())
    applied = ImportJob.objects.get()
    manager_client.post(reverse("import_confirm", args=["alpha", applied.pk]))
    applied.refresh_from_db()
    assert applied.status == ImportJob.Status.DONE
    # The same file uploaded again and checked, not imported yet.
    _upload(manager_client, "again.csv", csv.encode())
    waiting = ImportJob.objects.latest("pk")
    assert waiting.status == ImportJob.Status.VALIDATED
    assert NAME in str(waiting.report) and Path(waiting.stored_path).exists()

    member = Member.objects.get(community=community, email__iexact=EMAIL)
    other = Member.objects.get(community=community, email="o@example.org")
    NeedFactory(member=member, text=f"{NAME} wants help with meters")
    ParticipationRecordFactory.create_batch(2, member=member)
    activity = ActivityFactory(community=community)
    RegistrationFactory(
        activity=activity, member=member, name=NAME, email=EMAIL, attended_at=timezone.now()
    )
    Invitation.objects.create(
        activity=activity, member=member, name=NAME, email=EMAIL, sent_at=timezone.now()
    )
    # Invited at their other address before anyone linked it to them.
    Invitation.objects.create(
        activity=ActivityFactory(community=community),
        name="Zeb",
        email=OTHER_EMAIL,
        sent_at=timezone.now(),
    )
    session = live_services.session_open(activity=activity)
    Participant.objects.create(session=session, name=NAME, member=member, contributions=4)
    Participant.objects.create(session=session, name=NAME.upper())  # joined unlinked, by name
    round_ = CoffeeChatRound.objects.create(community=community)
    pair = CoffeeChatPair.objects.create(
        round=round_, reasons=[f"{NAME} needs “meters”, which Other Person knows"]
    )
    pair.members.set([member, other])
    BreakoutPlan.objects.create(
        activity=activity,
        source=BreakoutPlan.Source.REGISTERED,
        group_size=2,
        rounds=1,
        message=f"Solved. Not met: {NAME} and Other Person share a room in round 1.",
    )
    FeedbackSettings.objects.create(community=community, named=True)
    FeedbackResponse.objects.create(
        activity=activity,
        rating=5,
        respondent_name=NAME,
        member=member,
        submitted_on=timezone.localdate(),
    )
    FeedbackImport.objects.create(
        activity=activity, original_name="forms.csv", rows=[[2, {"Name": NAME, "Rating": "4"}]]
    )
    LogEntry.objects.create(
        user=manager,
        content_type=ContentType.objects.get_for_model(Member),
        object_id=str(member.pk),
        object_repr=NAME,
        action_flag=CHANGE,
        change_message="[]",
    )
    # A failed login with their e-mail (they never had an account).
    client.post(reverse("login"), {"username": EMAIL, "password": "not their password"})
    logging.getLogger("roundtable").warning("Import finished for %s", "a file")
    return member


def test_person_is_everywhere_before_deletion(person_everywhere, data_dir) -> None:
    """The probe itself: before deletion, it finds the person in many places."""
    hits = hits_in_database([NAME, EMAIL])
    assert "members_memberemail.email" in hits_in_database([OTHER_EMAIL])
    for column in (
        "activities_registration.name",
        "execution_invitation.email",
        "live_participant.name",
        "imports_importjob.report",
        "axes_accessattempt.username",
        "feedback_feedbackresponse.respondent_name",
        "breakouts_coffeechatpair.reasons",
        "django_admin_log.object_repr",
        "breakouts_breakoutplan.message",
    ):
        assert column in hits
    assert hits_in_files(data_dir, [NAME, EMAIL])


def test_deleting_a_member_erases_them_everywhere(
    person_everywhere, manager_client, data_dir, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    member = person_everywhere
    response = manager_client.post(
        reverse("member_delete", args=["alpha", member.pk]), {"confirm": NAME}
    )
    assert response.status_code == 302

    words = [NAME, EMAIL, OTHER_EMAIL]
    assert hits_in_database(words) == []
    assert hits_in_files(data_dir, words) == []
    assert not any(word.lower() in caplog.text.lower() for word in words)

    # The history stays whole, without the person.
    label = f"Former member #{member.pk}"
    registration = Registration.objects.get(member=member)
    assert registration.name == label and registration.attended_at is not None
    assert list(Invitation.objects.filter(member=member).values_list("name", flat=True)) == [
        label,
        label,
    ]
    linked = Participant.objects.get(member=member)
    assert (linked.name, linked.contributions) == ("", 4)
    response_row = FeedbackResponse.objects.get()
    assert (response_row.rating, response_row.member, response_row.respondent_name) == (5, None, "")
    assert CoffeeChatPair.objects.get().reasons == [
        f"{label} needs “meters”, which Other Person knows"
    ]
    assert member.participations.count() == 2
    applied, waiting = ImportJob.objects.order_by("pk")
    assert (applied.status, applied.created_count) == (ImportJob.Status.DONE, 2)
    assert waiting.status == ImportJob.Status.ABANDONED
    assert not Path(waiting.stored_path).exists()


def test_an_erasure_that_fails_keeps_everything(person_everywhere, manager_client) -> None:
    """All or nothing: when one app's erasure fails, no row and no file is touched."""
    from roundtable.members import events

    def fail(**_: object) -> None:
        raise RuntimeError("erasure failed")

    events.member_anonymised.connect(fail, dispatch_uid="test-failing-eraser")
    waiting = ImportJob.objects.latest("pk")
    try:
        response = manager_client.post(
            reverse("member_delete", args=["alpha", person_everywhere.pk]), {"confirm": NAME}
        )
        assert response.status_code == 500
    finally:
        events.member_anonymised.disconnect(dispatch_uid="test-failing-eraser")
    assert Registration.objects.get(member=person_everywhere).name == NAME
    assert Path(waiting.stored_path).exists()


def test_sqlite_zeroes_deleted_rows(tmp_path) -> None:
    """Whatever database this run uses, a SQLite installation opens its connections with
    secure_delete on (asked of a fresh process configured for SQLite)."""
    code = (
        "from django.db import connection; cursor = connection.cursor(); "
        "cursor.execute('PRAGMA secure_delete'); print(cursor.fetchone()[0])"
    )
    database = f"sqlite:///{tmp_path / 'roundtable.sqlite3'}"
    done = run_roundtable("shell", "-c", code, env={"DATABASE_URL": database})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "1"


@pytest.mark.parametrize("days", [0, 2])
def test_import_files_go_once_applied_or_abandoned(
    days, manager_client, community, data_dir, clock
) -> None:
    """An applied import's file and preview go at once; a checked file not imported goes after
    IMPORT_ABANDON_HOURS, with its preview, when the cleanup runs."""
    from roundtable.imports.retention import imports_cleanup

    _upload(manager_client, "one.csv", b"Name,Email\nAna Lima,ana@example.org\n")
    job = ImportJob.objects.get()
    assert Path(job.stored_path).exists() and job.report["preview"]
    clock.shift(timedelta(days=days))
    assert imports_cleanup() == {
        "stalled": 0,
        "abandoned": days and 1,
        "files": days and 1,
        "attendance_previews": 0,
    }
    job.refresh_from_db()
    assert Path(job.stored_path).exists() is (days == 0)
    assert bool(job.report["preview"]) is (days == 0)
    if days == 0:
        manager_client.post(reverse("import_confirm", args=["alpha", job.pk]))
        job.refresh_from_db()
        assert job.status == ImportJob.Status.DONE
        assert not Path(job.stored_path).exists() and job.report["preview"] == []
    else:
        assert job.status == ImportJob.Status.ABANDONED
        page = manager_client.get(reverse("import_job", args=["alpha", job.pk]))
        assert "not imported within 24 hours" in page.content.decode()


def test_a_deleted_attendee_is_sent_no_feedback_mail(community, mailoutbox) -> None:
    """Their registration now holds a reserved, undeliverable address: nothing is sent to it."""
    from roundtable.feedback.services import feedback_reminders_send, feedback_requests_send
    from roundtable.members.services import member_anonymise

    activity = ActivityFactory(community=community, starts_at=timezone.now() - timedelta(days=1))
    kept, deleted = MemberFactory(community=community), MemberFactory(community=community)
    for member in (kept, deleted):
        RegistrationFactory(
            activity=activity,
            member=member,
            name=member.full_name,
            email=member.email,
            attended_at=timezone.now(),
        )
    member_anonymise(member=deleted)
    assert feedback_requests_send(activity=activity) == 1
    assert [m.to for m in mailoutbox] == [[kept.email]]
    feedback_requests_send(activity=activity)
    member_anonymise(member=kept)  # deleted after the request went out: no reminder either
    mailoutbox.clear()
    assert feedback_reminders_send(activity=activity) == 0
    assert mailoutbox == []
