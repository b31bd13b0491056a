"""The import pages: upload, preview with the error table, confirm, progress; and exports."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roundtable.imports.models import ImportJob
from roundtable.members.models import Member
from tests.factories import MemberFactory

DATA = Path(__file__).parent.parent / "data"


def _upload(client, name: str, content: bytes | None = None, skip: bool = False):
    content = (DATA / name).read_bytes() if content is None else content
    data = {"file": SimpleUploadedFile(name, content, content_type="text/csv")}
    if skip:
        data["skip_invalid"] = "on"
    return client.post(reverse("import_start", args=["alpha"]), data, follow=True)


def test_upload_page_explains_and_lists_recent_imports(manager_client, community) -> None:
    ImportJob.objects.create(community=community, original_name="old <b>list</b>.csv")
    response = manager_client.get(reverse("import_start", args=["alpha"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Skip invalid rows" in html and "Download a template CSV" in html
    assert "Email address" in html  # synonyms are explained
    assert "old &lt;b&gt;list&lt;/b&gt;.csv" in html


def test_bad_row_then_fixed_file_then_import(manager_client, community) -> None:
    response = _upload(manager_client, "members_one_bad.csv")
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID
    html = response.content.decode()
    assert 'class="errors-table"' in html
    assert "<td>3</td><td>E-mail</td><td><code>bob@</code></td>" in html
    assert "is not a valid e-mail address" in html
    assert "Import 2 members" not in html
    assert not Member.objects.exists()

    response = _upload(manager_client, "members_fixed.csv")
    job = ImportJob.objects.latest("pk")
    assert job.status == ImportJob.Status.VALIDATED
    html = response.content.decode()
    assert "Import 3 members" in html and "errors-table" not in html
    assert "Amina Odhiambo" in html  # preview rows
    assert not Member.objects.exists()

    response = manager_client.post(reverse("import_confirm", args=["alpha", job.pk]), follow=True)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert (job.created_count, job.total_rows, job.processed_rows) == (3, 3, 3)
    assert "3 new members" in response.content.decode()
    assert Member.objects.filter(community=community).count() == 3


def test_skip_mode_offers_to_import_the_valid_rows(manager_client, community) -> None:
    html = _upload(manager_client, "members_one_bad.csv", skip=True).content.decode()
    assert "Import 2 members" in html and "errors-table" in html
    job = ImportJob.objects.get()
    manager_client.post(reverse("import_confirm", args=["alpha", job.pk]))
    assert Member.objects.count() == 2


def test_confirming_an_invalid_job_is_refused(manager_client, community) -> None:
    _upload(manager_client, "members_one_bad.csv")
    job = ImportJob.objects.get()
    assert manager_client.get(reverse("import_confirm", args=["alpha", job.pk])).status_code == 405
    response = manager_client.post(reverse("import_confirm", args=["alpha", job.pk]), follow=True)
    assert "cannot be imported as it is" in response.content.decode()
    assert not Member.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("blank.csv", b"\n\n", "The file is empty"),
        ("junk.csv", bytes(range(256)), "binary data"),
        ("noheader.csv", b"Ana,ana@example.org\n", "is not a header row"),
    ],
)
def test_unusable_files_get_a_message_not_a_trace(
    manager_client, community, name, content, message
):
    response = _upload(manager_client, name, content)
    assert response.status_code == 200
    assert "This file cannot be imported" in response.content.decode()
    assert message in response.content.decode()


def test_wrong_type_empty_and_too_large(manager_client, community, settings) -> None:
    response = _upload(manager_client, "empty.csv", b"")
    assert response.status_code == 400
    assert "The submitted file is empty." in response.content.decode()
    response = _upload(manager_client, "notes.pdf", b"%PDF-1.4")
    assert response.status_code == 400
    assert "is not a CSV or XLSX file" in response.content.decode()
    settings.IMPORT_MAX_BYTES = 10
    response = _upload(manager_client, "members_good.csv")
    assert "the largest file accepted is" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_status_partial_polls_while_running(manager_client, community) -> None:
    job = ImportJob.objects.create(
        community=community, original_name="big.csv", stored_path="/nonexistent/x.csv",
        status=ImportJob.Status.APPLYING,
    )  # fmt: skip
    html = manager_client.get(reverse("import_job_status", args=["alpha", job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html and "<progress" in html


def test_member_text_is_escaped_in_the_preview(manager_client, community) -> None:
    content = b"Name,Email\n<script>alert(1)</script>,x@example.org\n"
    html = _upload(manager_client, "x.csv", content).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_exports(manager_client, community) -> None:
    MemberFactory(community=community, full_name="=cmd|' /C calc'!A0", email="x@example.org")
    response = manager_client.get(reverse("member_export", args=["alpha"]) + "?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[1].startswith("'=cmd")
    response = manager_client.get(reverse("need_export", args=["alpha"]) + "?format=xlsx")
    assert response.content.startswith(b"PK")
    assert (
        manager_client.get(reverse("member_export", args=["alpha"]) + "?format=pdf").status_code
        == 400
    )
    template = manager_client.get(reverse("import_template", args=["alpha"]))
    assert b"Full name,E-mail" in template.content


@pytest.mark.parametrize(
    "name", ["import_start", "import_template", "member_export", "need_export"]
)
def test_only_managers(name, facilitator_client, outsider_client, community) -> None:
    url = reverse(name, args=["alpha"])
    assert facilitator_client.get(url).status_code == 403
    assert outsider_client.get(url).status_code == 404


def test_another_communitys_job_is_404(outsider_client, community, other_community) -> None:
    job = ImportJob.objects.create(community=community, original_name="a.csv")
    assert outsider_client.get(reverse("import_job", args=["beta", job.pk])).status_code == 404
    assert outsider_client.post(reverse("import_confirm", args=["beta", job.pk])).status_code == 404


def test_upload_page_query_count(manager_client, community, django_assert_max_num_queries) -> None:
    for n in range(12):
        ImportJob.objects.create(community=community, original_name=f"{n}.csv")
    with django_assert_max_num_queries(8):
        assert manager_client.get(reverse("import_start", args=["alpha"])).status_code == 200


def test_a_file_that_changes_nothing_offers_no_import(manager_client, community) -> None:
    MemberFactory(community=community, email="x@example.org", full_name="Xu")
    html = _upload(manager_client, "x.csv", b"Name,Email\nXu,x@example.org\n").content.decode()
    assert "Nothing to import" in html and "Import 0 members" not in html
