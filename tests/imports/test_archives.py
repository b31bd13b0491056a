"""Member lists as the tools let people download them: Mailchimp's ZIP of one CSV per status,
Discourse's .csv.gz or ZIP; damaged, oversized or foreign archives refused naming the file."""

import gzip
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from roundtable.imports.models import ImportJob
from roundtable.imports.services import ImportFileError, ImportLimitError, member_import
from roundtable.members.models import Member
from tests.imports.test_mailing_and_forum_lists import (
    DISCOURSE_HEADER,
    MAILCHIMP_HEADER,
    MAILCHIMP_SUBSCRIBED,
    discourse_line,
)

UNSUBSCRIBED = (
    MAILCHIMP_HEADER.replace("LAST_CHANGED", "UNSUB_TIME,UNSUB_CAMPAIGN_TITLE,LAST_CHANGED")
    + "\ngone@example.org,Gone,Away\nleft@example.org,Left,Too\n"
)
CLEANED = (
    MAILCHIMP_HEADER.replace("LAST_CHANGED", "CLEAN_TIME,CLEAN_CAMPAIGN_TITLE,LAST_CHANGED")
    + "\nbounced@example.org,Bounced,Address\n"
)
DISCOURSE = (
    "\n".join([DISCOURSE_HEADER, discourse_line(1, "Jane", "jane", "jane@example.org")]) + "\n"
)


def _zip(path: Path, files: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return path


def _mailchimp(tmp_path: Path) -> Path:
    return _zip(
        tmp_path / "members_export_8a2c.zip",
        {
            "subscribed_members_export_8a2c.csv": MAILCHIMP_SUBSCRIBED,
            "unsubscribed_members_export_8a2c.csv": UNSUBSCRIBED,
            "cleaned_members_export_8a2c.csv": CLEANED,
        },
    )


def test_a_mailchimp_export_imports_the_subscribed_and_reports_the_others(
    community, tmp_path
) -> None:
    report = member_import(community=community, path=_mailchimp(tmp_path))
    assert (report.created, report.errors) == (2, [])
    assert set(Member.objects.values_list("email", flat=True)) == {
        "amina@nairobiwater.example",
        "luis@sedapal.example",
    }
    assert report.archive_member == "subscribed_members_export_8a2c.csv"
    assert [(e.name, e.rows) for e in report.not_imported] == [
        ("unsubscribed_members_export_8a2c.csv", 2),
        ("cleaned_members_export_8a2c.csv", 1),
    ]
    summary = report.summary()
    assert "not imported: unsubscribed_members_export_8a2c.csv (2 rows, contacts who" in summary
    assert "cleaned_members_export_8a2c.csv (1 row, addresses Mailchimp cleaned" in summary


def test_a_discourse_user_list_as_csv_gz_or_zip(community, tmp_path) -> None:
    packed = tmp_path / "user-list-210312-101502-3.csv.gz"
    packed.write_bytes(gzip.compress(DISCOURSE.encode()))
    report = member_import(community=community, path=packed)
    assert (report.created, report.archive_member) == (1, "user-list-210312-101502-3.csv")
    zipped = _zip(tmp_path / "user-list.zip", {"user-list-210312-101502-3.csv": DISCOURSE})
    report = member_import(community=community, path=zipped)
    assert (report.created, report.unchanged, report.not_imported) == (0, 1, [])


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"notes.txt": "hello", "photo.png": b"\x89PNG"}, "holds no CSV file (it holds notes.txt"),
        (
            {"unsubscribed_members_export_1.csv": UNSUBSCRIBED},
            "holds no file of subscribed members (unsubscribed_members_export_1.csv)",
        ),
        ({"a.csv": DISCOURSE, "b.csv": DISCOURSE}, "holds 2 CSV files (a.csv, b.csv)"),
    ],
)
def test_a_zip_without_the_expected_csv_is_refused_saying_what_it_holds(
    community, tmp_path, files, message
) -> None:
    with pytest.raises(ImportFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        member_import(community=community, path=_zip(tmp_path / "export.zip", files))
    assert not Member.objects.exists()


def test_a_truncated_archive_says_to_download_it_again(community, tmp_path) -> None:
    whole = _mailchimp(tmp_path).read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ImportFileError, match="not a readable ZIP archive .* download the export"):
        member_import(community=community, path=cut)
    gz = tmp_path / "cut.csv.gz"
    gz.write_bytes(gzip.compress(DISCOURSE.encode() * 50)[:60])
    with pytest.raises(ImportFileError, match="the download is incomplete"):
        member_import(community=community, path=gz)
    assert not Member.objects.exists()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(community, tmp_path, settings) -> None:
    bomb = _zip(tmp_path / "bomb.zip", {"subscribed_members_export_1.csv": b"a," * (4 << 20)})
    with pytest.raises(ImportLimitError, match="unpacks to .* times its packed size"):
        member_import(community=community, path=bomb)
    settings.IMPORT_MAX_UNCOMPRESSED_MB = 1
    big = tmp_path / "big.csv.gz"
    big.write_bytes(gzip.compress((DISCOURSE_HEADER + "\n").encode() * 40000))
    with pytest.raises(ImportLimitError, match="unpacks to more than 1 MB"):
        member_import(community=community, path=big)


def test_the_command_line_names_what_it_read_and_left(community, tmp_path) -> None:
    out = io.StringIO()
    call_command(
        "import", "members", "--community", community.slug, str(_mailchimp(tmp_path)), stdout=out
    )
    printed = out.getvalue()
    assert "Read subscribed_members_export_8a2c.csv from members_export_8a2c.zip." in printed
    assert "Not imported: cleaned_members_export_8a2c.csv (1 row, addresses" in printed
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(CommandError, match=r"^broken.zip: The file is not a readable ZIP"):
        call_command("import", "members", "--community", community.slug, str(broken))


def test_the_import_page_takes_the_zip_as_downloaded(community, manager_client, tmp_path):
    upload = SimpleUploadedFile("members_export_8a2c.zip", _mailchimp(tmp_path).read_bytes())
    response = manager_client.post(
        reverse("import_start", args=[community.slug]), {"file": upload}, follow=True
    )
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.VALIDATED
    page = response.content.decode()
    assert "Read from subscribed_members_export_8a2c.csv in the archive." in page
    assert "unsubscribed_members_export_8a2c.csv: 2 rows, contacts who unsubscribed" in page


def test_erasing_a_person_named_anywhere_in_a_waiting_archive_abandons_it(
    community, manager_client, tmp_path, settings
) -> None:
    from roundtable.members.services import member_anonymise
    from tests.factories import MemberFactory

    settings.IMPORT_DIR = tmp_path / "imports"
    elsewhere = MemberFactory(community=community, full_name="Nobody There", email="no@x.example")
    gone = MemberFactory(community=community, full_name="Gone Away", email="gone@example.org")
    upload = SimpleUploadedFile("members_export_8a2c.zip", _mailchimp(tmp_path).read_bytes())
    manager_client.post(reverse("import_start", args=[community.slug]), {"file": upload})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.VALIDATED

    member_anonymise(member=elsewhere)  # not in the archive: the job waits on
    job.refresh_from_db()
    assert job.status == ImportJob.Status.VALIDATED
    member_anonymise(member=gone)  # only in the unsubscribed file of the ZIP
    job.refresh_from_db()
    assert job.status == ImportJob.Status.ABANDONED
    assert not Path(job.stored_path).exists()
