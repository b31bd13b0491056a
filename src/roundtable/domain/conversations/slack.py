"""Reading a Slack workspace export (the ZIP archive, or the folder it unzips to).

The export holds ``users.json`` (``org_users.json`` on Enterprise Grid), the conversation lists
``channels.json``, ``groups.json`` (private channels), ``mpims.json`` (group direct messages) and
``dms.json`` (direct messages), and one folder per conversation with one JSON file per day: a list
of messages. Public and private channels and group messages have folders named after the
conversation, direct messages after its id.

A contribution is a message by a person (not a bot) with no subtype, or with one of the subtypes
in ``CONTRIBUTING_SUBTYPES``; joins, topic changes, pins, bot posts and the like are skipped. A
reply in a thread answers the author of the thread's first message; ``<@U123>`` in the text
mentions that person. Messages are read one day file at a time; the only memory kept per
conversation is who started each thread, so that a reply without ``parent_user_id`` can still be
linked to the person it answers.
"""

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from roundtable.domain.conversations.archive import ExportFiles, FolderFiles, ZipFiles, open_zip
from roundtable.domain.conversations.records import (
    Author,
    Contribution,
    ExportError,
    Interaction,
    Item,
    Problem,
    interaction_key,
)

USER_LISTS = ("users.json", "org_users.json")
CONVERSATION_LISTS = ("channels.json", "groups.json", "mpims.json", "dms.json")
CONTRIBUTING_SUBTYPES = frozenset({"thread_broadcast", "file_share", "me_message"})
NOT_PEOPLE = frozenset({"USLACKBOT"})  # Slackbot is listed with is_bot false
_DAY_FILE = re.compile(r"^(?P<folder>[^/]+)/(?P<day>\d{4}-\d{2}-\d{2})\.json$")
_TS = re.compile(r"^(?P<seconds>\d{1,12})(?:\.(?P<fraction>\d{1,6}))?$")
_MENTION = re.compile(r"<@(?P<user>[UW][A-Z0-9]+)(?:\|[^>]*)?>")


@dataclass(frozen=True)
class _Conversation:
    id: str
    name: str
    days: tuple[str, ...]  # names of its day files, oldest first


def slack_time(ts: object) -> datetime | None:
    """A Slack ``ts`` ("1355517523.000005", Unix seconds and microseconds) as a UTC datetime."""
    if not isinstance(ts, str) or not (match := _TS.match(ts)):
        return None
    fraction = (match["fraction"] or "").ljust(6, "0")
    try:
        moment = datetime.fromtimestamp(int(match["seconds"]), UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return moment.replace(microsecond=int(fraction))


def _load_json(files: ExportFiles, name: str, label: str) -> Any:
    data = files.read(name)
    try:
        return json.loads(data)
    except (UnicodeDecodeError, ValueError) as error:
        raise ExportError(f"{label}: {name} is not valid JSON ({error}).") from error


def export_root(names: list[str]) -> str | None:
    """The folder (``""`` or ``"name/"``) holding the user list, the shallowest one found."""
    roots = [
        name[: -len(base)]
        for name in names
        for base in USER_LISTS
        if (name == base or name.endswith("/" + base)) and name[: -len(base)].count("/") <= 1
    ]
    return min(roots, key=len) if roots else None


def _author(user: dict[str, Any]) -> Author:
    profile = user.get("profile")
    if not isinstance(profile, dict):
        profile = {}
    handle = user.get("name")
    if not isinstance(handle, str):
        handle = ""
    candidates = (
        user.get("real_name"),
        profile.get("real_name"),
        profile.get("display_name"),
        handle,
        user["id"],
    )
    name = next(value.strip() for value in candidates if isinstance(value, str) and value.strip())
    email = profile.get("email")
    return Author(
        key=f"slack:{user['id']}",
        name=name,
        email=email.strip().lower() if isinstance(email, str) else "",
        username=handle,
    )


def _is_bot(user: dict[str, Any]) -> bool:
    return bool(user.get("is_bot")) or user["id"] in NOT_PEOPLE


class SlackExport:
    """A Slack export, checked on opening; ``items()`` streams its messages."""

    format = "slack"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.label = f"Slack export {path.name}"
        self.problems: list[Problem] = []
        self._people: dict[str, Author] = {}
        self._bots: set[str] = set()
        self._conversations: list[_Conversation] = []
        with _export_files(self.path) as (files, root):
            self._read_users(files, root)
            self._read_conversations(files, root)
        self._opening_problems = list(self.problems)

    # -- opening --------------------------------------------------------------------------------

    def _read_users(self, files: ExportFiles, root: str) -> None:
        name = next(root + base for base in USER_LISTS if root + base in files.names)
        users = _load_json(files, name, self.label)
        if not isinstance(users, list):
            raise ExportError(
                f"{self.label}: {name} should hold a list of users, found {type(users).__name__}."
            )
        for index, user in enumerate(users, start=1):
            if not isinstance(user, dict) or not isinstance(user.get("id"), str) or not user["id"]:
                where = name[len(root) :]
                self.problems.append(Problem(where, f"user {index}", "no user id; skipped"))
                continue
            if _is_bot(user):
                self._bots.add(user["id"])
            else:
                self._people[user["id"]] = _author(user)

    def _read_conversations(self, files: ExportFiles, root: str) -> None:
        days: dict[str, list[str]] = {}
        for name in files.names:
            if name.startswith(root) and (match := _DAY_FILE.match(name[len(root) :])):
                days.setdefault(match["folder"], []).append(name)
        listed: set[str] = set()
        for base in CONVERSATION_LISTS:
            if root + base not in files.names:
                continue
            conversations = _load_json(files, root + base, self.label)
            if not isinstance(conversations, list):
                raise ExportError(
                    f"{self.label}: {base} should hold a list of conversations, found "
                    f"{type(conversations).__name__}."
                )
            for index, entry in enumerate(conversations, start=1):
                ident = entry.get("id") if isinstance(entry, dict) else None
                if not isinstance(ident, str) or not ident:
                    self.problems.append(Problem(base, f"entry {index}", "no id; skipped"))
                    continue
                title = entry.get("name")
                folder = ident if base == "dms.json" or not isinstance(title, str) else title
                label = title if isinstance(title, str) and title else "direct message"
                if folder not in listed:  # listed twice: read once
                    listed.add(folder)
                    self._add_conversation(ident, label, days.get(folder, []))
        for folder in sorted(set(days) - listed):
            # A folder no list mentions: still a conversation, known only by its folder name.
            self._add_conversation(folder, folder, days[folder])

    def _add_conversation(self, ident: str, name: str, day_files: list[str]) -> None:
        if day_files:
            self._conversations.append(_Conversation(ident, name, tuple(sorted(day_files))))

    # -- reading --------------------------------------------------------------------------------

    def authors(self) -> list[Author]:
        """The people of the workspace (bots excluded), deactivated accounts included."""
        return list(self._people.values())

    def items(self) -> Iterator[Item]:
        """Every contribution and interaction, conversation by conversation, day by day."""
        self.problems[:] = self._opening_problems
        with _export_files(self.path) as (files, root):
            for conversation in self._conversations:
                thread_starters: dict[str, str] = {}
                for day in conversation.days:
                    yield from self._day(files, root, day, conversation, thread_starters)

    def _day(
        self,
        files: ExportFiles,
        root: str,
        name: str,
        conversation: _Conversation,
        thread_starters: dict[str, str],
    ) -> Iterator[Item]:
        where = name[len(root) :]
        data = files.read(name)  # a damaged archive stops the reading: ExportError
        try:
            messages = json.loads(data)
        except (UnicodeDecodeError, ValueError) as error:
            self.problems.append(Problem(where, "", f"not valid JSON ({error}); file skipped"))
            return
        if not isinstance(messages, list):
            self.problems.append(Problem(where, "", "should hold a list of messages; skipped"))
            return
        strangers: dict[str, list[int]] = {}  # users not in the user list: their messages
        for index, message in enumerate(messages, start=1):
            if isinstance(message, dict):
                yield from self._message(
                    where, index, message, conversation, thread_starters, strangers
                )
            else:
                self.problems.append(Problem(where, f"message {index}", "not a message object"))
        for user, indexes in strangers.items():
            # One problem per person and day, not per message: a guest from another workspace
            # in a shared channel may write thousands.
            shown = ", ".join(map(str, indexes[:5])) + (
                f" and {len(indexes) - 5} more" if len(indexes) > 5 else ""
            )
            entry = f"message {shown}" if len(indexes) == 1 else f"messages {shown}"
            self.problems.append(
                Problem(where, entry, f"user {user} is not in the user list; skipped")
            )

    def _message(
        self,
        where: str,
        index: int,
        message: dict[str, Any],
        conversation: _Conversation,
        thread_starters: dict[str, str],
        strangers: dict[str, list[int]],
    ) -> Iterator[Item]:
        subtype = message.get("subtype")
        if message.get("type", "message") != "message" or not (
            subtype is None or (isinstance(subtype, str) and subtype in CONTRIBUTING_SUBTYPES)
        ):
            return
        ts = message.get("ts")
        user = message.get("user")
        if (isinstance(user, str) and user in self._bots) or (
            user is None and message.get("bot_id")
        ):
            return
        entry = f"message {index}" + (f" (ts {ts})" if isinstance(ts, str) else "")
        at = slack_time(ts)
        if at is None or not isinstance(ts, str):
            self.problems.append(Problem(where, entry, f"ts {ts!r} is not a Slack timestamp"))
            return
        if isinstance(user, str) and user and user not in self._people:
            strangers.setdefault(user, []).append(index)
            return
        if not isinstance(user, str) or not user:
            self.problems.append(Problem(where, entry, "has no user; skipped"))
            return
        text = message.get("text")
        if not isinstance(text, str):
            text = ""
        thread_ts = message.get("thread_ts")
        if not isinstance(thread_ts, str):
            thread_ts = ts
        is_reply = thread_ts != ts
        key = f"slack:{conversation.id}:{ts}"
        author = self._people[user].key
        yield Contribution(
            key=key,
            author=author,
            channel=conversation.name,
            at=at,
            kind="reply" if is_reply else "message",
            chars=len(text),
        )
        if message.get("thread_ts") == ts:
            thread_starters[ts] = user
        targets: list[tuple[str, str]] = []
        if is_reply:
            parent = message.get("parent_user_id")
            if not isinstance(parent, str):
                parent = thread_starters.get(thread_ts, "")
            targets.append(("reply", parent))
        targets.extend(("mention", match["user"]) for match in _MENTION.finditer(text))
        for kind, target in dict.fromkeys(targets):
            if target != user and target in self._people:
                target_key = self._people[target].key
                yield Interaction(
                    key=interaction_key(key, target_key, kind),
                    source=author,
                    target=target_key,
                    kind=kind,
                    at=at,
                )


@contextmanager
def _export_files(path: Path) -> Iterator[tuple[ExportFiles, str]]:
    """The export's files and the folder inside it that holds the user list."""
    if path.is_dir():
        root_dir = path
        if not any((path / base).is_file() for base in USER_LISTS):
            # Unzipped into a folder of its own: accept one level of nesting.
            nested = [
                child
                for child in sorted(path.iterdir())
                if child.is_dir() and any((child / base).is_file() for base in USER_LISTS)
            ]
            root_dir = nested[0] if len(nested) == 1 else path
        folder = FolderFiles(root_dir, path.name)
        yield folder, _checked_root(folder, path)
    elif path.is_file():
        with open_zip(path) as archive:
            members = ZipFiles(archive, path.name)
            yield members, _checked_root(members, path)
    else:
        raise ExportError(f"{path.name}: no such file or folder.")


def _checked_root(files: ExportFiles, path: Path) -> str:
    root = export_root(files.names)
    if root is None:
        raise ExportError(
            f"{path.name} is not a Slack export: it has no users.json. A Slack workspace export "
            "holds users.json, channels.json and one folder per channel with one JSON file per "
            "day."
        )
    return root


def read_slack(path: Path) -> SlackExport:
    """Open the Slack export at ``path`` (the ZIP file or the unzipped folder).

    Checks that it is a Slack export and reads its user and conversation lists; raises
    ``ExportError`` naming the file and what was expected when it cannot be read.
    """
    return SlackExport(Path(path))
