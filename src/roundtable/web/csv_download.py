"""A table of a page as a CSV download, every cell formula-neutralised (as the exports are)."""

from django.http import HttpResponse
from django.utils.text import slugify

from roundtable.domain.tabular import csv_lines
from roundtable.web.charts import Table


def csv_download(table: Table, *, names: list[str]) -> HttpResponse:
    """``table`` (its headers, then its rows) as an attachment named by ``names`` and the
    table's name: ``["Water utilities", "Newcomers"]`` gives
    ``water-utilities-newcomers-retention.csv``."""
    response = HttpResponse(
        "".join(csv_lines(table.csv_rows())), content_type="text/csv; charset=utf-8"
    )
    stem = "-".join(part for part in (slugify(n) for n in [*names, table.name]) if part)
    response["Content-Disposition"] = f'attachment; filename="{stem or "table"}.csv"'
    return response
