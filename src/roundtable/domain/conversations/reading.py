"""Recognising which tool wrote an export, from its content rather than its name."""

from pathlib import Path

from roundtable.domain.conversations.archive import is_zip, open_zip
from roundtable.domain.conversations.discourse import DiscourseExport, read_discourse
from roundtable.domain.conversations.records import ExportError
from roundtable.domain.conversations.slack import USER_LISTS, SlackExport, export_root, read_slack


def _holds_slack_users(path: Path) -> bool:
    if path.is_dir():
        return any(
            (folder / base).is_file()
            for folder in (path, *(child for child in path.iterdir() if child.is_dir()))
            for base in USER_LISTS
        )
    if is_zip(path):
        with open_zip(path) as archive:
            return export_root(archive.namelist()) is not None
    return False


def read_conversations(path: Path | list[Path]) -> SlackExport | DiscourseExport:
    """Open a conversation export, Slack or Discourse, recognised from what it holds.

    A folder or ZIP archive holding ``users.json`` is a Slack export; anything else (a user-list
    CSV, its ZIP, topics/posts JSON, or several of these) is read as Discourse, which raises
    ``ExportError`` naming the file and what was expected when it is not.
    """
    paths = [Path(path)] if isinstance(path, str | Path) else [Path(each) for each in path]
    for each in paths:
        if not each.exists():
            raise ExportError(f"{each.name}: no such file or folder.")
    slack = [each for each in paths if _holds_slack_users(each)]
    if slack and len(paths) > 1:
        raise ExportError(
            f"{slack[0].name} is a Slack export: give it alone, not with other files."
        )
    if slack:
        return read_slack(slack[0])
    try:
        return read_discourse(paths)
    except ExportError as error:
        if len(paths) == 1 and (paths[0].is_dir() or is_zip(paths[0])):
            raise ExportError(
                f"{paths[0].name} is neither a Slack export (no users.json in it) nor a "
                f"Discourse export ({error})"
            ) from error
        raise
