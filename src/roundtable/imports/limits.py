"""The limits of an uploaded file and of an import job, from the settings.

The domain readers take these as arguments (``domain/`` reads no settings); every caller that
reads an uploaded table passes :func:`table_limits`.
"""

from django.conf import settings

from roundtable.domain.run_ceiling import RunCeiling
from roundtable.domain.tabular import TableLimits

_MB = 1024 * 1024


def table_limits() -> TableLimits:
    """The IMPORT_MAX_* settings as the readers' limits."""
    return TableLimits(
        max_rows=settings.IMPORT_MAX_ROWS,
        max_columns=settings.IMPORT_MAX_COLUMNS,
        max_cell_chars=settings.IMPORT_MAX_CELL_CHARS,
        max_header_chars=settings.IMPORT_MAX_HEADER_CHARS,
        max_line_chars=settings.IMPORT_MAX_LINE_CHARS,
        max_total_chars=settings.IMPORT_MAX_TOTAL_CHARS,
        max_uncompressed_bytes=settings.IMPORT_MAX_UNCOMPRESSED_MB * _MB,
        max_compression_ratio=settings.IMPORT_MAX_COMPRESSION_RATIO,
        max_shared_strings_bytes=settings.IMPORT_MAX_SHARED_STRINGS_MB * _MB,
    )


def job_ceiling() -> RunCeiling:
    """A fresh ceiling for one run of an import job (IMPORT_JOB_SECONDS, IMPORT_JOB_MEMORY_MB),
    its clock started now."""
    return RunCeiling(seconds=settings.IMPORT_JOB_SECONDS, memory_mb=settings.IMPORT_JOB_MEMORY_MB)
