"""The import, export and community commands, run as `roundtable ...` would run them."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from roundtable.communities.models import Community
from roundtable.imports.services import member_import
from roundtable.members.models import Member
from tests.factories import MemberFactory, NeedFactory, TagFactory

DATA = Path(__file__).parent.parent / "data"


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_import_prints_a_summary(community) -> None:
    output = _run("import", "members", "--community", "alpha", str(DATA / "members_good.csv"))
    assert "3 rows: 3 created, 0 updated, 0 unchanged, 0 invalid" in output
    assert Member.objects.filter(community=community).count() == 3


def test_import_with_an_invalid_row_lists_it_and_fails(community) -> None:
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 invalid row.*nothing was written"):
        call_command(
            "import", "members", "--community", "alpha", str(DATA / "members_one_bad.csv"),
            stdout=out,
        )  # fmt: skip
    assert 'line 3, column "E-mail": “bob@” is not a valid e-mail address' in out.getvalue()
    assert not Member.objects.exists()


def test_skip_invalid_and_dry_run(community) -> None:
    path = str(DATA / "members_one_bad.csv")
    output = _run("import", "members", "--community", "alpha", path, "--dry-run", "--skip-invalid")
    assert "Dry run: nothing was written." in output and not Member.objects.exists()
    output = _run("import", "members", "--community", "alpha", path, "--skip-invalid")
    assert "Skipped 1 invalid row(s)." in output
    assert Member.objects.count() == 2


def test_unknown_community(db) -> None:
    with pytest.raises(CommandError, match="There is no community with the slug “nope”"):
        _run("import", "members", "--community", "nope", str(DATA / "members_good.csv"))


def test_missing_file(community) -> None:
    with pytest.raises(CommandError, match="There is no file at /no/such.csv"):
        _run("import", "members", "--community", "alpha", "/no/such.csv")


def test_unreadable_file(community, tmp_path) -> None:
    path = tmp_path / "junk.csv"
    path.write_bytes(bytes(range(256)))
    with pytest.raises(CommandError, match="junk.csv: This file is not a text"):
        _run("import", "members", "--community", "alpha", str(path))


def test_export_members_as_csv_to_stdout_only_active(community) -> None:
    MemberFactory(community=community, full_name="Ana Lima", email="ana@example.org")
    MemberFactory(community=community, full_name="Gone", archived_at="2024-01-01T00:00Z")
    output = _run("export", "members", "--community", "alpha")
    lines = output.strip().splitlines()
    assert lines[0].startswith("Full name,E-mail,Organisation,Country,Time zone")
    assert len(lines) == 2 and lines[1].startswith("Ana Lima,ana@example.org")


def test_export_neutralises_formulas(community, tmp_path) -> None:
    MemberFactory(
        community=community, full_name="=HYPERLINK(\"http://evil\")", organisation="@SUM(1)",
        role="+1 engineer", bio="-2", email="x@example.org",
    )  # fmt: skip
    output = _run("export", "members", "--community", "alpha")
    assert "'=HYPERLINK" in output and "'@SUM(1)" in output and "'+1 engineer" in output
    target = tmp_path / "members.xlsx"
    _run("export", "members", "--community", "alpha", "--format", "xlsx", "-o", str(target))
    sheet = load_workbook(target).active
    assert sheet["A2"].value == '\'=HYPERLINK("http://evil")'
    assert sheet["G2"].value == "'+1 engineer"


def test_export_needs(community) -> None:
    member = MemberFactory(community=community, email="ana@example.org", full_name="Ana")
    NeedFactory(member=member, text="Finding leaks")
    output = _run("export", "needs", "--community", "alpha")
    lines = output.strip().splitlines()
    assert lines[0].startswith("E-mail,Full name,Need,Need urgency,Need status")
    assert lines[1].startswith("ana@example.org,Ana,Finding leaks,Urgent,Open")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_reimports_cleanly(community, other_community, tmp_path, file_format) -> None:
    ana = MemberFactory(
        community=community, email="ana@example.org", full_name="Ana Lima", country="BO",
        timezone="America/La_Paz", bio="-- wrote the leak manual", languages="Spanish, English",
    )  # fmt: skip
    ana.expertise.add(TagFactory(community=community, name="leak detection"))
    ana.interests.add(TagFactory(community=community, name="pricing"))
    MemberFactory(community=community, email="ben@example.org", full_name="Ben", country="")
    target = tmp_path / f"members.{file_format}"
    _run("export", "members", "--community", "alpha", "--format", file_format, "-o", str(target))

    # Re-imported into the same community: nothing changes.
    report = member_import(community=community, path=target)
    assert (report.errors, report.created, report.updated, report.unchanged) == ([], 0, 0, 2)
    # Into an empty community: the same members come out.
    member_import(community=other_community, path=target)
    copy = Member.objects.get(community=other_community, email="ana@example.org")
    fields = ("full_name", "country", "timezone", "bio", "languages", "organisation", "joined_on")
    assert [getattr(copy, f) for f in fields] == [getattr(ana, f) for f in fields]
    assert [t.name for t in copy.expertise.all()] == ["leak detection"]


def test_export_to_terminal_refuses_xlsx(community) -> None:
    with pytest.raises(CommandError, match="name a file with -o"):
        _run("export", "members", "--community", "alpha", "--format", "xlsx")


def test_community_create(db) -> None:
    output = _run("community", "create", "--slug", "water", "--name", "Water Network")
    assert "Created the community “Water Network” (water)" in output
    assert Community.objects.get(slug="water").name == "Water Network"
    with pytest.raises(CommandError, match="slug: Community with this Slug already exists"):
        _run("community", "create", "--slug", "water", "--name", "Again")
