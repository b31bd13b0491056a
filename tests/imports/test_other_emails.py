"""Member import of other e-mail addresses: read from a column, matched by, never another
member's."""

from roundtable.imports.services import member_import
from roundtable.members.models import Member, MemberEmail
from roundtable.members.services import member_emails_set
from tests.factories import MemberFactory
from tests.imports.test_mailing_and_forum_lists import DISCOURSE_HEADER, discourse_line


def _others(member: Member) -> list[str]:
    return sorted(member.other_emails.values_list("email", flat=True))


def test_a_column_of_other_addresses_gives_new_members_theirs(community, write_csv) -> None:
    path = write_csv(
        "Full name,E-mail,Other emails\n"
        "Ana Lima,ana@work.example,Ana@Home.example; ana@ngo.example\n"
        'Ben Okoro,ben@work.example,"ben@home.example, ben@work.example"\n'
    )
    report = member_import(community=community, path=path)
    assert (report.created, report.errors) == (2, [])
    ana = Member.objects.get(email="ana@work.example")
    assert _others(ana) == ["ana@home.example", "ana@ngo.example"]
    # The row's own main address in the list is dropped, not an error.
    assert _others(Member.objects.get(email="ben@work.example")) == ["ben@home.example"]
    assert "ana@ngo.example" in ana.search_text
    assert ("Other emails", "Other e-mails") in report.column_mapping


def test_a_row_is_matched_by_an_other_address_and_adds_what_is_new(community, write_csv) -> None:
    ana = MemberFactory(community=community, full_name="Ana Lima", email="ana@work.example")
    member_emails_set(member=ana, emails=["ana@home.example"])
    path = write_csv("Name,Email,Organisation\nAna L.,ANA@home.example,Lima Water\n")
    report = member_import(community=community, path=path)
    assert (report.created, report.updated, report.errors) == (0, 1, [])
    ana.refresh_from_db()
    assert (ana.email, ana.organisation) == ("ana@work.example", "Lima Water")

    # A known address and a new one: the new one becomes another of hers.
    path = write_csv("Name,Email,Secondary emails\nAna,ana@new.example,ana@home.example\n")
    report = member_import(community=community, path=path)
    assert (report.created, report.updated) == (0, 1)
    assert _others(ana) == ["ana@home.example", "ana@new.example"]
    assert Member.objects.count() == 1


def test_addresses_of_two_members_in_one_row_are_refused_naming_the_other(
    community, write_csv
) -> None:
    ana = MemberFactory(community=community, full_name="Ana Lima", email="ana@work.example")
    ben = MemberFactory(community=community, full_name="Ben Okoro", email="ben@work.example")
    MemberEmail.objects.create(community=community, member=ana, email="ana@home.example")
    MemberEmail.objects.create(community=community, member=ben, email="ben@home.example")
    path = write_csv(
        "Name,Email,Other emails\n"
        "Ana,ana@work.example,ben@work.example\n"
        "Ben,BEN@home.example,ana@home.example\n"
        "Dan,dan@example.org,not-an-address\n"
    )
    report = member_import(community=community, path=path)
    assert not report.written and report.created == 0
    assert [str(e) for e in report.errors] == [
        'line 2, column "Other emails": “ben@work.example” is already the address of Ben Okoro, '
        "another member than the one with ana@work.example",
        'line 3, column "Other emails": “ana@home.example” is already the address of Ana Lima, '
        "another member than the one with ben@home.example",
        'line 4, column "Other emails": “not-an-address” is not a valid e-mail address',
    ]
    assert MemberEmail.objects.count() == 2


def test_an_address_twice_in_the_file_names_the_first_line(community, write_csv) -> None:
    path = write_csv(
        "Name,Email,Other emails\nAna,ana@work.example,shared@example.org\n"
        "Ben,shared@example.org,\nCarla,carla@example.org,ana@work.example\n"
    )
    report = member_import(community=community, path=path)
    assert [str(e) for e in report.errors] == [
        'line 3, column "Email": “shared@example.org” appears again: line 2 already has this '
        "e-mail address",
        'line 4, column "Other emails": “ana@work.example” appears again: line 2 already has '
        "this e-mail address",
    ]


def test_a_discourse_user_list_brings_its_secondary_emails(community, write_csv) -> None:
    text = "\n".join(
        [
            DISCOURSE_HEADER,
            discourse_line(
                1, "Jane", "jane", "jane@example.org", secondary="jane@home.example;j@work.example"
            ),
            discourse_line(2, "Kofi", "kofi", "kofi@example.org"),
        ]
    )
    report = member_import(community=community, path=write_csv(text + "\n", "user_list.csv"))
    assert (report.created, report.errors) == (2, [])
    jane = Member.objects.get(email="jane@example.org")
    assert _others(jane) == ["j@work.example", "jane@home.example"]
    assert _others(Member.objects.get(email="kofi@example.org")) == []
