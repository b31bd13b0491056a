"""member_import: validate everything first, then upsert by e-mail, all or nothing."""

from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from roundtable.imports.services import ImportFileError, member_import
from roundtable.members.models import Member
from roundtable.needs.models import Need
from tests.factories import MemberFactory, NeedFactory, TagFactory

DATA = Path(__file__).parent.parent / "data"


def _snapshot(community) -> list[tuple]:
    return list(
        Member.objects.filter(community=community)
        .order_by("pk")
        .values_list("pk", "full_name", "email", "organisation", "country", "updated_at")
    )


def test_a_good_file_creates_members_with_tags(community) -> None:
    report = member_import(community=community, path=DATA / "members_good.csv")
    assert (report.rows, report.created, report.updated, report.errors) == (3, 3, 0, [])
    assert report.written
    amina = Member.objects.get(community=community, email="amina@nairobiwater.example")
    assert amina.source == Member.Source.IMPORT
    assert (amina.country, amina.timezone, amina.role) == ("KE", "Africa/Nairobi", "Leak engineer")
    assert amina.joined_on == date(2023, 4, 12)
    assert sorted(t.name for t in amina.expertise.all()) == ["gis", "leak detection"]
    assert [t.name for t in amina.interests.all()] == ["pricing"]
    assert ("Job title", "Role") in report.column_mapping
    priya = Member.objects.get(email="priya@kwa.example")
    assert priya.joined_on == timezone.localdate()


def test_one_bad_row_writes_nothing(community) -> None:
    MemberFactory(community=community, email="amina@nairobiwater.example", organisation="Old")
    before = _snapshot(community)
    report = member_import(community=community, path=DATA / "members_one_bad.csv")
    assert not report.written
    assert [str(e) for e in report.errors] == [
        'line 3, column "E-mail": “bob@” is not a valid e-mail address'
    ]
    assert (report.created, report.updated) == (1, 1)  # what would have happened
    assert _snapshot(community) == before


def test_skip_invalid_writes_the_valid_rows(community) -> None:
    report = member_import(
        community=community, path=DATA / "members_one_bad.csv", skip_invalid=True
    )
    assert report.written and report.skipped == 1
    assert sorted(Member.objects.filter(community=community).values_list("email", flat=True)) == [
        "amina@nairobiwater.example",
        "carlos@sedapal.example",
    ]


def test_dry_run_writes_nothing(community) -> None:
    report = member_import(community=community, path=DATA / "members_good.csv", dry_run=True)
    assert report.created == 3 and not report.written
    assert not Member.objects.filter(community=community).exists()


def test_upsert_matches_email_ignoring_case_and_keeps_blank_cells(community, write_csv) -> None:
    existing = MemberFactory(
        community=community,
        email="Ana.Lima@Example.org",
        full_name="Ana Lima",
        organisation="Old Utility",
        role="Engineer",
        source=Member.Source.MANUAL,
    )
    existing.expertise.add(TagFactory(community=community, name="old tag"))
    path = write_csv("Email,Name,Company,Role,Skills\nana.lima@example.org,,New Utility,,gis\n")
    report = member_import(community=community, path=path)
    assert (report.created, report.updated) == (0, 1)
    existing.refresh_from_db()
    assert existing.organisation == "New Utility"
    assert (existing.full_name, existing.role) == ("Ana Lima", "Engineer")
    assert existing.source == Member.Source.MANUAL
    assert [t.name for t in existing.expertise.all()] == ["gis"]
    assert Member.objects.filter(community=community).count() == 1


def test_a_second_identical_import_changes_nothing(community) -> None:
    member_import(community=community, path=DATA / "members_good.csv")
    report = member_import(community=community, path=DATA / "members_good.csv")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)


def test_archived_members_are_updated_but_stay_archived(community, write_csv) -> None:
    archived = MemberFactory(
        community=community, email="gone@example.org", archived_at=timezone.now()
    )
    member_import(community=community, path=write_csv("Email,Company\ngone@example.org,Back Co\n"))
    archived.refresh_from_db()
    assert archived.organisation == "Back Co" and archived.archived_at is not None


def test_other_communities_are_untouched(community, other_community, write_csv) -> None:
    theirs = MemberFactory(community=other_community, email="ana@example.org", organisation="Beta")
    report = member_import(
        community=community, path=write_csv("Email,Name,Company\nana@example.org,Ana,Alpha Co\n")
    )
    assert report.created == 1
    theirs.refresh_from_db()
    assert theirs.organisation == "Beta"


def test_a_new_member_needs_a_name(community, write_csv) -> None:
    report = member_import(community=community, path=write_csv("Email,Name\nx@example.org,\n"))
    assert [str(e) for e in report.errors] == [
        'line 2, column "Name": is empty: a new member needs a name'
    ]


def test_duplicate_email_in_file_writes_nothing(community, write_csv) -> None:
    path = write_csv(
        "Name,Email\nAna,ana@example.org\nBen,ben@example.org\nAna 2,ANA@example.org\n"
    )
    report = member_import(community=community, path=path)
    assert [str(e) for e in report.errors] == [
        'line 4, column "Email": “ANA@example.org” appears again: line 2 already has this '
        "e-mail address"
    ]
    assert not Member.objects.exists()


def test_overlong_field_invalid_zone_and_country(community, write_csv) -> None:
    path = write_csv(
        "Name,Email,Country,TZ\n"
        f"{'A' * 201},a@example.org,KE,Africa/Nairobi\n"
        "Ben,b@example.org,Narnia,Africa/Nairobi\n"
        "Cy,c@example.org,KE,Europe/Atlantis\n"
    )
    report = member_import(community=community, path=path)
    assert [(e.line, e.column) for e in report.errors] == [(2, "Name"), (3, "Country"), (4, "TZ")]
    assert "the most allowed is 200" in report.errors[0].reason
    assert not Member.objects.exists()


def test_needs_are_added_once(community, write_csv) -> None:
    member = MemberFactory(community=community, email="ana@example.org")
    NeedFactory(member=member, text="Finding leaks fast")
    path = write_csv(
        "Email,Name,Need,Need urgency\n"
        "ana@example.org,,Finding  leaks fast,\n"
        "ben@example.org,Ben,Setting tariffs,urgent\n"
    )
    report = member_import(community=community, path=path)
    assert (report.created, report.updated, report.unchanged) == (1, 0, 1)
    need = Need.objects.get(member__email="ben@example.org")
    assert (need.text, need.urgency, need.source, need.status) == (
        "Setting tariffs",
        Need.Urgency.HIGH,
        Need.Source.IMPORT,
        Need.Status.OPEN,
    )
    assert Need.objects.filter(member=member).count() == 1


def test_luma_guest_export_is_a_member_list(community) -> None:
    report = member_import(community=community, path=DATA / "luma_guests.csv")
    assert report.created == 2 and report.errors == []
    assert "api_id" in report.ignored_columns
    carlos = Member.objects.get(community=community, email="carlos@sedapal.example")
    assert carlos.full_name == "Carlos Quispe"  # from first_name + last_name when name is blank


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"Name,Email\n", "header row but no rows"),
        (b"Ana,ana@example.org\n", "is not a header row"),
        (bytes(range(256)), "binary data"),
    ],
)
def test_unusable_files_are_refused_whole(community, tmp_path, content, message) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        member_import(community=community, path=path)
    assert not Member.objects.exists()


def test_progress_is_reported(community) -> None:
    calls: list[tuple[int, int]] = []
    member_import(
        community=community,
        path=DATA / "members_good.csv",
        progress=lambda p, t: calls.append((p, t)),
    )
    assert calls[-1] == (3, 3)


def test_anonymised_members_are_never_matched(community, write_csv) -> None:
    ghost = MemberFactory(
        community=community, email=None, full_name="Deleted member", anonymised_at=timezone.now()
    )
    report = member_import(
        community=community, path=write_csv("Email,Name\nghost@example.org,Gil\n")
    )
    assert report.created == 1
    ghost.refresh_from_db()
    assert ghost.full_name == "Deleted member"


def test_xlsx_errors_name_the_sheet_row(community, tmp_path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "E-mail", "Joined"])
    sheet.append(["Ana", "ana@example.org", date(2024, 3, 5)])
    sheet.append([])
    sheet.append(["Ben", "ben@example", None])
    path = tmp_path / "members.xlsx"
    workbook.save(path)
    report = member_import(community=community, path=path)
    assert [str(e) for e in report.errors] == [
        'line 4, column "E-mail": “ben@example” is not a valid e-mail address'
    ]
    member_import(community=community, path=path, skip_invalid=True)
    assert Member.objects.get(email="ana@example.org").joined_on == date(2024, 3, 5)


def test_imported_members_are_found_by_the_directory_search(community, manager_client, write_csv):
    from django.urls import reverse

    path = write_csv("Email,Name,Company,Skills,Need\nana@example.org,Ana Lima,EPAL,GIS,Sludge\n")
    member_import(community=community, path=path)
    response = manager_client.get(reverse("member_list", args=["alpha"]), {"q": "epal sludge gis"})
    assert "Ana Lima" in response.content.decode()
    member_import(community=community, path=write_csv("Email,Company\nana@example.org,Aguas\n"))
    response = manager_client.get(reverse("member_list", args=["alpha"]), {"q": "epal"})
    assert "Ana Lima" not in response.content.decode()


def test_new_members_get_the_same_search_document_as_the_services_build(community, write_csv):
    from roundtable.members.services import member_search_refresh

    path = write_csv(
        "Email,Name,Company,Role,Skills,Interests,Need\n"
        'ana@example.org,Ana Lima,EPAL,Engineer,"GIS, pumps",Pricing,Sludge drying\n'
    )
    member_import(community=community, path=path)
    imported = Member.objects.get(email="ana@example.org").search_text
    member_search_refresh(community=community)
    assert Member.objects.get(email="ana@example.org").search_text == imported
    assert "sludge drying" in imported and "epal" in imported


def test_updated_members_are_written_whole_and_searchable(community, write_csv) -> None:
    from roundtable.members.services import member_search_refresh

    member = MemberFactory(community=community, email="ana@example.org", full_name="Ana Lima")
    NeedFactory(member=member, text="Old need about meters")
    before = timezone.now()
    path = write_csv(
        "Email,Company,Skills,Joined,Need,Urgency\n"
        'ana@example.org,Aguas do Porto,"GIS, pumps",2021-06-01,Sludge drying,burning\n'
    )
    assert member_import(community=community, path=path).updated == 1
    member.refresh_from_db()
    assert (member.organisation, member.joined_on) == ("Aguas do Porto", date(2021, 6, 1))
    assert member.updated_at >= before
    imported = member.search_text
    member_search_refresh(community=community, member_ids=[member.pk])
    member.refresh_from_db()
    assert sorted(imported.splitlines()) == sorted(member.search_text.splitlines())
    assert "aguas do porto" in imported and "gis pumps" in imported and "sludge drying" in imported
