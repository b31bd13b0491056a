"""Hand-built Slack exports for tests: a folder or a ZIP with the files Slack writes."""

import json
import zipfile
from pathlib import Path
from typing import Any

ALICE = {
    "id": "U01",
    "name": "alice",
    "real_name": "Alice Okafor",
    "profile": {"real_name": "Alice Okafor", "email": "Alice@Example.org"},
}
BOB = {"id": "U02", "name": "bob", "profile": {"real_name": "Bob Nair", "email": "bob@example.org"}}
CARLA = {"id": "U03", "name": "carla", "deleted": True, "profile": {"display_name": "carla"}}
GITBOT = {"id": "U09", "name": "gitbot", "is_bot": True, "profile": {"real_name": "Git bot"}}
SLACKBOT = {"id": "USLACKBOT", "name": "slackbot", "is_bot": False, "profile": {}}
USERS = [ALICE, BOB, CARLA, GITBOT, SLACKBOT]
GENERAL = {"id": "C01", "name": "general"}


def message(user: str | None, ts: str, text: str = "hello", **fields: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"type": "message", "ts": ts, "text": text, **fields}
    if user is not None:
        entry["user"] = user
    return entry


def export_files(
    days: dict[str, list[Any]],
    *,
    users: Any = USERS,
    channels: Any = (GENERAL,),
    extra: dict[str, Any] | None = None,
) -> dict[str, bytes]:
    """The files of an export: ``days`` maps "folder/YYYY-MM-DD.json" to its messages."""
    files: dict[str, Any] = {"channels.json": list(channels), **(extra or {}), **days}
    if users is not None:
        files["users.json"] = users
    return {name: json.dumps(value).encode() for name, value in files.items()}


def write_folder(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def write_zip(path: Path, files: dict[str, bytes], prefix: str = "") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(prefix + name, data)
    return path
