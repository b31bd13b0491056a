"""Conversations as contributions: Slack and Discourse exports matched to members, imported
once, with who answered or mentioned whom."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F

from roundtable.imports.conversations import ConversationImportError, conversations_import
from roundtable.members.models import Interaction, Member, MemberAlias, ParticipationRecord
from tests.factories import MemberFactory

DATA = Path(__file__).parent.parent / "data"
SLACK = DATA / "slack" / "testarchive.zip"


def test_a_dry_run_counts_everything_and_writes_nothing(community):
    report = conversations_import(community=community, paths=[SLACK], dry_run=True)
    assert (report.format, report.people) == ("slack", 4)
    assert report.unmatched == 4 and report.contributions == 52
    assert report.contributions_unmatched == 52 and report.contributions_added == 0
    assert "Harry Potter" in report.unmatched_names
    assert not ParticipationRecord.objects.exists() and not Member.objects.exists()


def test_importing_adds_contributions_and_interactions_once(community):
    report = conversations_import(community=community, paths=[SLACK], add_unknown=True)
    assert report.new_members == 4
    assert report.contributions_added == 52
    contributions = ParticipationRecord.objects.filter(community=community, kind="contribution")
    assert contributions.count() == 52
    assert set(contributions.values_list("source", flat=True)) == {"slack"}
    interactions = Interaction.objects.filter(community=community)
    assert interactions.count() == report.interactions_added > 0
    assert not interactions.filter(source=F("target")).exists()
    assert set(interactions.values_list("kind", flat=True)) == {"mention"}

    # An overlapping export again: the same people (by the tool's ids), nothing new.
    again = conversations_import(community=community, paths=[SLACK], add_unknown=True)
    assert (again.new_members, again.matched) == (0, 4)
    assert (again.contributions_added, again.contributions_known) == (0, 52)
    assert again.interactions_added == 0
    assert ParticipationRecord.objects.count() == 52 and Member.objects.count() == 4


def test_people_are_matched_by_e_mail_or_a_remembered_alias_never_by_name(community):
    harry = MemberFactory(community=community, full_name="Harry Potter", email="hp@example.org")
    hamza = MemberFactory(community=community, full_name="Hamza Faran", email="hf@example.org")
    MemberAlias.objects.create(community=community, member=hamza, alias="hamza")
    report = conversations_import(community=community, paths=[SLACK])
    assert report.matched == 1  # Hamza by his alias; Harry's name alone is not enough
    assert ParticipationRecord.objects.filter(member=hamza).exists()
    assert not ParticipationRecord.objects.filter(member=harry).exists()


def test_a_file_that_is_no_export_is_refused_with_its_name(community, tmp_path):
    other = tmp_path / "notes.json"
    other.write_text('{"hello": "world"}')
    with pytest.raises(ConversationImportError) as refused:
        conversations_import(community=community, paths=[other])
    assert "notes.json" in refused.value.message
    truncated = tmp_path / "cut.zip"
    truncated.write_bytes(SLACK.read_bytes()[:3000])
    with pytest.raises(ConversationImportError, match="cut.zip"):
        conversations_import(community=community, paths=[truncated])
    assert not ParticipationRecord.objects.exists()


def test_discourse_posts_become_contributions_and_replies(community):
    files = [DATA / "discourse" / "user_list.json", DATA / "discourse" / "topic_posts.json"]
    report = conversations_import(community=community, paths=files, add_unknown=True)
    assert report.format == "discourse"
    assert report.contributions_added == report.contributions > 0
    assert ParticipationRecord.objects.filter(source="discourse").count() == report.contributions


def test_the_command_prints_one_json_object(community, capsys):
    call_command(
        "import", "conversations", "--community", community.slug, str(SLACK), "--dry-run", "--json"
    )
    printed = json.loads(capsys.readouterr().out)
    assert printed["format"] == "slack" and printed["contributions"] == 52
    with pytest.raises(CommandError) as refused:
        call_command("import", "conversations", "--community", community.slug, "/nonexistent")
    assert refused.value.returncode == 2


def test_recent_messages_raise_the_members_participation_level(community, tmp_path, clock):
    from django.utils import timezone

    ana = MemberFactory(community=community, full_name="Ana", email="ana@example.org")
    ben = MemberFactory(community=community, full_name="Ben", email="ben@example.org")
    folder = tmp_path / "export"
    (folder / "general").mkdir(parents=True)
    people = [("U1", "ana", "ana@example.org"), ("U2", "ben", "BEN@example.org")]
    (folder / "users.json").write_text(
        json.dumps([{"id": i, "name": n, "profile": {"email": e}} for i, n, e in people])
    )
    (folder / "channels.json").write_text(json.dumps([{"id": "C1", "name": "general"}]))
    now = timezone.now().timestamp()
    messages = [
        {
            "type": "message",
            "user": "U1",
            "text": "Who has a leak logger?",
            "ts": f"{now - 900:.6f}",
        },
        {
            "type": "message",
            "user": "U2",
            "text": "<@U1> we do",
            "ts": f"{now - 600:.6f}",
            "thread_ts": f"{now - 900:.6f}",
            "parent_user_id": "U1",
        },
    ]
    (folder / "general" / "2026-06-09.json").write_text(json.dumps(messages))
    report = conversations_import(community=community, paths=[folder])
    assert (report.matched, report.contributions_added) == (2, 2)
    assert {(i.source, i.target, i.kind) for i in Interaction.objects.all()} == {
        (ben, ana, "reply"),
        (ben, ana, "mention"),
    }
    ana.refresh_from_db()
    assert ana.participation_level == "peripheral"


def test_the_import_page_takes_a_slack_export_and_shows_what_it_will_do(community, manager_client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    upload = SimpleUploadedFile("slack.zip", SLACK.read_bytes(), content_type="application/zip")
    response = manager_client.post(
        reverse("import_start", args=[community.slug]),
        {"conversations": upload, "add_unknown": "on"},
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Slack export" in page and "new contributions (of 52 messages)" in page
    assert not ParticipationRecord.objects.exists()  # a preview only
    job = community.import_jobs.get()
    assert (job.kind, job.status, job.options) == (
        "conversations",
        "validated",
        {"add_unknown": True},
    )
    manager_client.post(reverse("import_confirm", args=[community.slug, job.pk]))
    job.refresh_from_db()
    assert job.status == "done"
    assert ParticipationRecord.objects.filter(kind="contribution").count() == 52


def test_authors_are_matched_by_a_members_other_address(community, tmp_path):
    from roundtable.members.services import member_emails_set

    ana = MemberFactory(community=community, full_name="Ana", email="ana@work.example")
    member_emails_set(member=ana, emails=["ana@home.example"])
    ben = MemberFactory(community=community, full_name="Ben", email="ben@work.example")
    folder = tmp_path / "export"
    (folder / "general").mkdir(parents=True)
    (folder / "users.json").write_text(
        json.dumps([{"id": "U1", "name": "ana", "profile": {"email": "Ana@Home.example"}}])
    )
    (folder / "channels.json").write_text(json.dumps([{"id": "C1", "name": "general"}]))
    message = {"type": "message", "user": "U1", "text": "Hello", "ts": "1700000000.000100"}
    (folder / "general" / "2023-11-14.json").write_text(json.dumps([message]))
    report = conversations_import(community=community, paths=[folder])
    assert (report.matched, report.unmatched) == (1, 0)
    assert ParticipationRecord.objects.get().member == ana

    # Discourse's user list: a secondary e-mail of the user is a member's main address.
    user_list = tmp_path / "user_list.csv"
    user_list.write_text(
        "id,name,username,email,secondary_emails\n"
        "7,Ben O.,bokoro,ben@new.example,ben@old.example;BEN@work.example\n"
    )
    posts = tmp_path / "posts.json"
    posts.write_text(
        json.dumps(
            {
                "latest_posts": [
                    {
                        "id": 70,
                        "username": "bokoro",
                        "user_id": 7,
                        "topic_id": 3,
                        "topic_title": "Meters",
                        "post_number": 2,
                        "post_type": 1,
                        "created_at": "2023-11-14T10:00:00.000Z",
                        "raw": "We use them",
                    }
                ]
            }
        )
    )
    report = conversations_import(community=community, paths=[user_list, posts])
    assert (report.matched, report.contributions_added) == (1, 1)
    assert ParticipationRecord.objects.filter(member=ben, source="discourse").count() == 1


def test_a_new_discourse_author_keeps_their_secondary_emails(community, tmp_path):
    user_list = tmp_path / "user_list.csv"
    user_list.write_text(
        "id,name,username,email,secondary_emails\n7,Kofi,kofi,kofi@example.org,k@home.example\n"
    )
    posts = tmp_path / "posts.json"
    post = {
        "id": 71,
        "username": "kofi",
        "user_id": 7,
        "topic_id": 3,
        "topic_title": "Meters",
        "post_number": 1,
        "post_type": 1,
        "created_at": "2023-11-14T10:00:00.000Z",
        "raw": "Which meters?",
    }
    posts.write_text(json.dumps({"latest_posts": [post]}))
    conversations_import(community=community, paths=[user_list, posts], add_unknown=True)
    kofi = Member.objects.get(email="kofi@example.org")
    assert list(kofi.other_emails.values_list("email", flat=True)) == ["k@home.example"]


def test_the_preview_lists_each_person_to_decide_with_proposals_and_messages(community):
    harry = MemberFactory(community=community, full_name="Harry Potter", email="hp@example.org")
    report = conversations_import(community=community, paths=[SLACK], dry_run=True)
    people = {p["name"]: p for p in report.to_decide}
    assert sorted(people) == ["Hamza Faran", "Harry Potter", "Hermione Granger", "heroeshannibal"]
    assert sum(p["messages"] for p in people.values()) == 52
    assert {p["decision"] for p in people.values()} == {"ignore"}  # without add_unknown
    # A name alike is proposed, never matched by itself.
    assert people["Harry Potter"]["proposals"][0]["member"] == harry.pk
    assert report.matched == 0


def test_people_decided_one_by_one_are_matched_added_or_left_and_remembered(community):
    hp = MemberFactory(community=community, full_name="H. Potter", email="hp@example.org")
    first = conversations_import(community=community, paths=[SLACK], dry_run=True)
    key = {p["name"]: p["key"] for p in first.to_decide}
    decisions = {
        key["Harry Potter"]: f"member:{hp.pk}",
        key["Hermione Granger"]: "new",
        key["Hamza Faran"]: "ignore",
    }
    report = conversations_import(community=community, paths=[SLACK], decisions=decisions)
    assert (report.matched_by_hand, report.new_members, report.unmatched) == (1, 1, 2)
    assert ParticipationRecord.objects.filter(member=hp).exists()
    assert Member.objects.filter(full_name="Hermione Granger").exists()
    assert not Member.objects.filter(full_name="Hamza Faran").exists()
    assert MemberAlias.objects.filter(member=hp, alias=key["Harry Potter"].casefold()).exists()

    # The next export knows Harry by the tool's id for him, and Hermione as the member she is.
    again = conversations_import(community=community, paths=[SLACK], dry_run=True)
    assert again.matched == 2 and {p["name"] for p in again.to_decide} == {
        "Hamza Faran",
        "heroeshannibal",
    }


def test_a_decision_naming_no_member_of_the_community_is_refused(community, other_community):
    stranger = MemberFactory(community=other_community, full_name="Harry Potter")
    key = conversations_import(community=community, paths=[SLACK], dry_run=True).to_decide[0]
    with pytest.raises(ConversationImportError, match=r"is not an active member of this commun"):
        conversations_import(
            community=community, paths=[SLACK], decisions={key["key"]: f"member:{stranger.pk}"}
        )
    assert not ParticipationRecord.objects.exists() and not MemberAlias.objects.exists()


def test_the_import_page_maps_people_one_by_one(community, manager_client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    hamza = MemberFactory(community=community, full_name="Hamza F.", email="hf@example.org")
    upload = SimpleUploadedFile("slack.zip", SLACK.read_bytes(), content_type="application/zip")
    response = manager_client.post(
        reverse("import_start", args=[community.slug]), {"conversations": upload}, follow=True
    )
    page = response.content.decode()
    job = community.import_jobs.get()
    person = {p["name"]: p for p in job.report["to_decide"]}["Hamza Faran"]
    assert f'<select id="person-{person["index"]}"' in page
    assert f'<option value="member:{hamza.pk}">This is Hamza F.</option>' in page

    refused = manager_client.post(
        reverse("import_confirm", args=[community.slug, job.pk]),
        {f"person-{person['index']}": "member:999999"},
        follow=True,
    )
    assert "Hamza Faran: “member:999999” is not an active member" in refused.content.decode()
    job.refresh_from_db()
    assert job.status == "validated"

    manager_client.post(
        reverse("import_confirm", args=[community.slug, job.pk]),
        {f"person-{person['index']}": f"member:{hamza.pk}"},
    )
    job.refresh_from_db()
    assert job.status == "done"
    assert ParticipationRecord.objects.filter(member=hamza).count() == person["messages"] > 0
    assert MemberAlias.objects.filter(member=hamza).exists()
