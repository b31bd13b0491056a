"""Member import of a Mailchimp audience export and a Discourse user list, files built here."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from roundtable.imports.models import ImportJob
from roundtable.imports.services import member_import
from roundtable.members.models import Member

MAILCHIMP_HEADER = (
    "Email Address,First Name,Last Name,Address,Phone Number,Birthday,MEMBER_RATING,OPTIN_TIME,"
    "OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,"
    "LAST_CHANGED,LEID,EUID,NOTES,TAGS"
)
MAILCHIMP_SUBSCRIBED = (
    MAILCHIMP_HEADER + "\n" + "amina@nairobiwater.example,Amina,Odhiambo,,,,4,2023-04-12 08:00:00,,"
    "2023-04-12 08:05:00,,-1.28,36.82,3,3,Africa/Nairobi,KE,NA,2024-01-02 10:00:00,11,aa,,"
    '"""Leak detection"",""Water, sanitation"""\n'
    + "luis@sedapal.example,Luis,Quispe,,,,2,,,2022-11-30 17:45:10,,,,,,,,,"
    '2024-01-02 10:00:00,12,bb,,"""Pricing"""\n'
)
DISCOURSE_HEADER = (
    "id,name,username,email,title,created_at,last_seen_at,last_posted_at,last_emailed_at,"
    "trust_level,approved,suspended_at,suspended_till,silenced_till,active,admin,moderator,"
    "ip_address,staged,secondary_emails,topics_entered,posts_read_count,time_read,topic_count,"
    "post_count,likes_given,likes_received,location,website,views,group_names"
)


def discourse_line(
    number: int,
    name: str,
    username: str,
    email: str,
    *,
    staged: str = "false",
    suspended_till: str = "",
    location: str = "",
    secondary: str = "",
) -> str:
    cells = [
        str(number), name, username, email, "", "2021-03-12 10:15:02 UTC", "", "", "", "1",
        "false", "", suspended_till, "", "true", "false", "false", "", staged, secondary, "0", "0",
        "0", "0", "0", "0", "0", location, "", "0", "",
    ]  # fmt: skip
    return ",".join(cells)


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_mailchimp_audience_export_creates_members(community, write_csv) -> None:
    path = write_csv(MAILCHIMP_SUBSCRIBED, "subscribed_members_export_1a2b3c.csv")
    report = member_import(community=community, path=path)
    assert (report.rows, report.created, report.errors) == (2, 2, [])
    amina = Member.objects.get(community=community, email="amina@nairobiwater.example")
    assert (amina.full_name, amina.country, amina.timezone) == (
        "Amina Odhiambo",
        "KE",
        "Africa/Nairobi",
    )
    assert sorted(t.name for t in amina.interests.all()) == ["leak detection", "water, sanitation"]
    assert str(amina.joined_on) == "2023-04-12"
    luis = Member.objects.get(email="luis@sedapal.example")
    assert str(luis.joined_on) == "2022-11-30"  # no opt-in time: the confirmation's
    assert (luis.country, luis.timezone) == ("", "")
    assert [t.name for t in luis.interests.all()] == ["pricing"]
    assert ("CC", "Country") in report.column_mapping and (
        "TAGS",
        "Interests",
    ) in report.column_mapping


@pytest.mark.parametrize(
    ("extra", "status"),
    [
        ("UNSUB_TIME,UNSUB_CAMPAIGN_TITLE,UNSUB_CAMPAIGN_ID,UNSUB_REASON", "unsubscribed"),
        ("CLEAN_TIME,CLEAN_CAMPAIGN_TITLE,CLEAN_CAMPAIGN_ID", "cleaned"),
    ],
)  # fmt: skip
def test_mailchimp_files_of_people_who_left_are_refused_on_the_command_line(
    community, write_csv, extra: str, status: str
) -> None:
    header = MAILCHIMP_HEADER.replace("LAST_CHANGED", f"{extra},LAST_CHANGED")
    path = write_csv(header + "\ngone@example.org,Gone,Away\n", f"{status}_members_export.csv")
    with pytest.raises(CommandError) as refused:
        _run("import", "members", "--community", community.slug, str(path))
    message = str(refused.value)
    assert message.startswith(f"{status}_members_export.csv: ")
    assert f"Mailchimp's file of {status} contacts" in message
    assert not Member.objects.exists()


def test_a_discourse_user_list_leaves_out_bots_staged_and_suspended_users(
    community, write_csv, clock
) -> None:
    lines = [
        DISCOURSE_HEADER,
        discourse_line(-1, "system", "system", "no_email"),
        discourse_line(-2, "discobot", "discobot", "discobot_email"),
        discourse_line(1, '"""Smith, Jane"""', "jsmith", "jane@example.org", location="Kenya"),
        discourse_line(2, "", "pwanjiru", "p.wanjiru@example.org", location='"""Nairobi, KE"""'),
        discourse_line(3, "Staged Person", "staged1", "staged@example.org", staged="true"),
        discourse_line(
            4, "Banned", "banned", "banned@example.org", suspended_till="3025-01-01 00:00:00 UTC"
        ),
    ]
    path = write_csv("\n".join(lines) + "\n", "user-list-260503-101010-1.csv")
    output = _run("import", "members", "--community", community.slug, str(path))
    assert "6 rows: 2 created" in output
    assert "2 left out: forum bots" in output
    assert "1 left out: staged forum users" in output and "1 left out: suspended" in output
    members = dict(Member.objects.filter(community=community).values_list("email", "full_name"))
    assert members == {"jane@example.org": "Smith, Jane", "p.wanjiru@example.org": "pwanjiru"}
    jane = Member.objects.get(email="jane@example.org")
    assert (jane.country, jane.role, str(jane.joined_on)) == ("KE", "", "2021-03-12")
    assert Member.objects.get(email="p.wanjiru@example.org").country == ""


def test_the_web_preview_names_the_rows_left_out(manager_client, community) -> None:
    lines = [
        DISCOURSE_HEADER,
        discourse_line(1, "Jane", "jane", "jane@example.org"),
        discourse_line(2, "Staged", "st", "staged@example.org", staged="true"),
    ]
    upload = SimpleUploadedFile("user-list.csv", ("\n".join(lines) + "\n").encode())
    response = manager_client.post(
        reverse("import_start", args=[community.slug]), {"file": upload}, follow=True
    )
    html = response.content.decode()
    assert "Import 1 member" in html
    assert "Left out, not members: 1 staged forum users (never signed up)." in html
    assert ImportJob.objects.get().report["left_out"] == {"staged forum users (never signed up)": 1}
    assert not Member.objects.exists()


def test_the_web_page_refuses_an_unsubscribed_file_with_its_reason(manager_client, community):
    header = MAILCHIMP_HEADER.replace("LAST_CHANGED", "UNSUB_TIME,UNSUB_REASON,LAST_CHANGED")
    upload = SimpleUploadedFile(
        "unsubscribed_members_export_1a2b3c.csv", (header + "\ngone@example.org,Gone\n").encode()
    )
    response = manager_client.post(
        reverse("import_start", args=[community.slug]), {"file": upload}, follow=True
    )
    html = response.content.decode()
    assert "This file cannot be imported" in html
    assert "Mailchimp&#x27;s file of unsubscribed contacts" in html
    assert not Member.objects.exists()
