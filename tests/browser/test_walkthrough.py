"""The manager's walk-through of the foundation, in a real browser: log in, import a file with a
bad row and read the error table, fix it and import, build a segment and see its count, and find a
member by the words of their need.
"""

from pathlib import Path

from roundtable.members.models import Member
from tests.browser.conftest import log_in, screenshot

HEADER = "Name,E-mail,Organisation,Country,Time zone,Skills,Need\n"
GOOD_ROWS = (
    "Wanjiru Kamau,wanjiru@example.org,Nairobi Water,Kenya,Africa/Nairobi,leak detection,"
    '"Our pumps fail every rainy season and nobody can tell us why"\n'
    "Joseph Okello,joseph@example.org,NWSC,Uganda,Africa/Kampala,billing,\n"
)
BAD_ROW = "Lucía Torres,lucia@example,SEDAPAL,Peru,America/Lima,tariffs,\n"
FIXED_ROW = "Lucía Torres,lucia@example.org,SEDAPAL,Peru,America/Lima,tariffs,\n"


def upload(page, path: Path) -> None:
    page.goto(page.base_url + "/c/alpha/imports/")
    page.get_by_label("Spreadsheet (.csv or .xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Upload and check").click()


def test_manager_walkthrough(page, community, manager, tmp_path):
    log_in(page, manager.email)

    bad = tmp_path / "members.csv"
    bad.write_text(HEADER + GOOD_ROWS + BAD_ROW, encoding="utf-8")
    upload(page, bad)
    page.get_by_role("heading", name="Rows with errors").wait_for()
    error_row = page.locator(".errors-table tbody tr")
    assert error_row.count() == 1
    cells = error_row.first.locator("td").all_inner_texts()
    assert cells[0] == "4" and cells[1] == "E-mail" and cells[2] == "lucia@example"
    assert "e-mail" in cells[3].lower()
    assert page.get_by_role("heading", name="Nothing can be imported yet").is_visible()
    screenshot(page, "walkthrough-1-import-error-table")
    assert Member.objects.filter(community=community).count() == 0

    fixed = tmp_path / "members-fixed.csv"
    fixed.write_text(HEADER + GOOD_ROWS + FIXED_ROW, encoding="utf-8")
    upload(page, fixed)
    page.get_by_role("button", name="Import 3 members").click()
    page.get_by_role("heading", name="Imported", exact=True).wait_for()
    screenshot(page, "walkthrough-2-imported")
    assert Member.objects.filter(community=community).count() == 3

    page.goto(page.base_url + "/c/alpha/segments/new/")
    page.get_by_label("Countries").select_option(["KE", "UG"])
    page.locator("#preview").get_by_text("2 members").wait_for()
    page.get_by_label("Name", exact=True).fill("East Africa")
    page.get_by_role("button", name="Save segment").click()
    page.get_by_role("heading", name="East Africa").wait_for()
    screenshot(page, "walkthrough-3-segment")

    page.goto(page.base_url + "/c/alpha/members/")
    page.get_by_role("textbox", name="Search").fill("pumps rainy season")
    page.get_by_text("1 member", exact=True).wait_for()
    assert page.locator("#results").get_by_role("link", name="Wanjiru Kamau").is_visible()
    screenshot(page, "walkthrough-4-found-by-need")
