"""Reading a Discourse forum: the admin user-list CSV export and topics/posts JSON from its API.

The user list (Admin > Users > Export, a ``.csv`` inside a ``.zip``, or ``.csv.gz`` on older
versions) gives the people: id, name, username, e-mail and more. Discourse wraps every name, title
or location that holds a comma in an extra pair of quotes (three quotes on each side in the file);
those quotes are removed.

Posts come from the API as JSON: a topic (``/t/{id}.json``, posts under ``post_stream.posts``),
the latest posts (``/posts.json``, under ``latest_posts``), a single post (``/posts/{id}.json``) or
a plain list of posts. A post numbered 1 opens its topic ("topic"), every other regular or whisper
post is a "post"; moderator notices and small actions ("closed this topic") and posts by the
forum's own bots (system, discobot: negative user ids) are not contributions. A post that answers
another (``reply_to_post_number``) is a reply to that post's author; ``@username`` mentions a
person known to the export.

Files are read one at a time, twice: once on opening, to check each file and learn the people and
the topic titles (small: one entry per person and per topic), then while streaming the items.
"""

import csv
import gzip
import io
import json
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from typing import IO, Any
from urllib.parse import unquote

from roundtable.domain.conversations.archive import is_zip, open_zip
from roundtable.domain.conversations.records import (
    Author,
    Contribution,
    ExportError,
    Interaction,
    Item,
    Problem,
    interaction_key,
)

USER_LIST_CELL_LIMIT = 131_072  # csv's default bound on one cell
CONTRIBUTING_POST_TYPES = frozenset({1, 4})  # regular, whisper; not moderator notices (2, 3)
_MENTION = re.compile(r"(?<![\w@/`.])@(?P<username>\w[\w.\-]*)")
# Discourse links each mention of an existing user (not in code, not an e-mail address); forums
# installed under a path, and older versions, write /forum/u/name or /users/name.
_COOKED_MENTION = re.compile(r'<a class="mention" href="[^"]*?/u(?:sers)?/(?P<username>[^"/?#]+)"')
_TAG = re.compile(r"<[^>]+>")
_CSV_SUFFIXES = (".csv", ".csv.gz")
_READ_FAILURES = (OSError, EOFError, RuntimeError, zipfile.BadZipFile, zlib.error)


@dataclass
class _TopicFacts:
    title: str = ""
    slug: str = ""


def _user_key(username: str) -> str:
    return f"discourse:{username.lower()}"


def without_extra_quotes(cell: str) -> str:
    """A cell as Discourse meant it: ``"Smith, Jane"`` (quotes added because of the comma) back
    to ``Smith, Jane``."""
    if len(cell) >= 2 and cell[0] == cell[-1] == '"' and "," in cell:
        return cell[1:-1]
    return cell


def discourse_time(value: object) -> datetime | None:
    """An ISO 8601 instant from the API ("2020-01-25T02:10:07.971Z") as a UTC datetime."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(UTC)


def _text_length(post: dict[str, Any]) -> int:
    raw = post.get("raw")
    if isinstance(raw, str):
        return len(raw)
    cooked = post.get("cooked")
    if isinstance(cooked, str):
        return len(unescape(_TAG.sub("", cooked)).strip())
    return 0


def _mentioned(post: dict[str, Any]) -> list[str]:
    """Lower-cased usernames mentioned in the post, each once, in order.

    Taken from the rendered post (``cooked``) when the file has it, where Discourse has already
    told mentions from code and e-mail addresses; else from the text as typed (``raw``).
    """
    cooked = post.get("cooked")
    raw = post.get("raw")
    if isinstance(cooked, str):
        found = [unquote(match["username"]) for match in _COOKED_MENTION.finditer(cooked)]
    elif isinstance(raw, str):
        found = [match["username"].rstrip(".-") for match in _MENTION.finditer(raw)]
    else:
        found = []
    return list(dict.fromkeys(name.lower() for name in found if name))


def _posts_in(data: Any) -> tuple[str, list[Any], _TopicFacts | None] | None:
    """What a JSON file holds: its kind, its posts (or users), and the topic's own title."""
    if isinstance(data, dict):
        stream = data.get("post_stream")
        if isinstance(stream, dict) and isinstance(stream.get("posts"), list):
            title = data.get("title") if isinstance(data.get("title"), str) else ""
            slug = data.get("slug") if isinstance(data.get("slug"), str) else ""
            return "topic", stream["posts"], _TopicFacts(str(title), str(slug))
        if isinstance(data.get("latest_posts"), list):
            return "posts", data["latest_posts"], None
        if "post_number" in data and "username" in data:
            return "posts", [data], None
        return None
    if isinstance(data, list):
        if all(isinstance(entry, dict) and "post_number" in entry for entry in data):
            return "posts", data, None
        if all(isinstance(entry, dict) and "username" in entry for entry in data):
            return "users", data, None
    return None


class DiscourseExport:
    """A Discourse user list and/or topics and posts, checked on opening."""

    format = "discourse"

    def __init__(self, paths: list[Path]) -> None:
        if not paths:
            raise ExportError("No Discourse file given: expected a user-list CSV or JSON files.")
        self.paths = paths
        named = ", ".join(path.name for path in paths[:3])
        more = f" and {len(paths) - 3} more files" if len(paths) > 3 else ""
        self.label = f"Discourse {named}{more}"
        self.problems: list[Problem] = []
        self._people: dict[str, Author] = {}
        self._topics: dict[int, _TopicFacts] = {}
        self._json_files: list[Path] = []
        self._unresolved: set[tuple[int, int]] = set()
        self._resolved: dict[tuple[int, int], str] = {}
        csv_files = [path for path in paths if self._is_user_list(path)]
        for path in csv_files:
            self._read_user_list(path)
        for path in paths:
            if path not in csv_files:
                self._learn(path)
        if self._unresolved:
            self._resolve_replies()
        self._opening_problems = list(self.problems)

    # -- opening --------------------------------------------------------------------------------

    @staticmethod
    def _is_user_list(path: Path) -> bool:
        return path.name.lower().endswith(_CSV_SUFFIXES) or is_zip(path)

    @staticmethod
    @contextmanager
    def _user_list_text(path: Path) -> Iterator[IO[str]]:
        """The CSV's text, streamed: from the file, its gzip or the ZIP Discourse sends."""
        if path.name.lower().endswith(".gz"):
            with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as text:
                yield text
        elif is_zip(path):
            with open_zip(path) as archive:
                tables = [name for name in archive.namelist() if name.lower().endswith(".csv")]
                if len(tables) != 1:
                    raise ExportError(
                        f"{path.name}: expected the ZIP of a Discourse user-list export, holding "
                        f"one .csv file; found {len(tables)}."
                    )
                with archive.open(tables[0]) as raw:
                    yield io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        else:
            with path.open(encoding="utf-8-sig", newline="") as text:
                yield text

    def _read_user_list(self, path: Path) -> None:
        try:
            with self._user_list_text(path) as text:
                # csv's bound on a field is the process's: set the one meant here (csv's own
                # default), so that a stray quote swallowing the rest of the file is caught.
                csv.field_size_limit(USER_LIST_CELL_LIMIT)
                reader = csv.reader(text)
                try:
                    header = [cell.strip().lower() for cell in next(reader, [])]
                    if "username" not in header:
                        found = ",".join(header[:6]) or "nothing"
                        raise ExportError(
                            f"{path.name}, line 1: not a Discourse user list; expected a header "
                            f"with id,name,username,email,... and found {found}."
                        )
                    column = {name: index for index, name in reversed(list(enumerate(header)))}
                    for cells in reader:
                        self._user_row(path, reader.line_num, column, cells)
                except csv.Error as error:
                    raise ExportError(f"{path.name}, line {reader.line_num}: {error}.") from error
        except UnicodeDecodeError as error:
            raise ExportError(
                f"{path.name} is not UTF-8 text: a Discourse user list is a UTF-8 CSV file."
            ) from error
        except _READ_FAILURES as error:
            raise ExportError(f"{path.name} cannot be read ({error}).") from error

    def _user_row(self, path: Path, line: int, column: dict[str, int], cells: list[str]) -> None:
        def cell(name: str) -> str:
            index = column.get(name)
            if index is None or index >= len(cells):
                return ""
            return without_extra_quotes(cells[index].strip())

        if not any(cells):
            return
        username = cell("username")
        if not username:
            self.problems.append(Problem(path.name, f"line {line}", "no username; skipped"))
            return
        if cell("id").lstrip("-").isdigit() and int(cell("id")) <= 0:
            return  # the forum's own bots
        self._people[_user_key(username)] = Author(
            key=_user_key(username),
            name=cell("name") or username,
            email=cell("email").lower(),
            username=username,
            # Discourse joins a user's secondary e-mails with ";" in one cell.
            other_emails=tuple(
                e.strip().lower() for e in cell("secondary_emails").split(";") if e.strip()
            ),
        )

    def _load(self, path: Path) -> Any:
        try:
            return json.loads(path.read_bytes())
        except OSError as error:
            raise ExportError(f"{path.name} cannot be read ({error.strerror}).") from error
        except (UnicodeDecodeError, ValueError) as error:
            raise ExportError(
                f"{path.name} is not valid JSON ({error}); expected a Discourse user-list CSV or "
                "topics/posts JSON from its API."
            ) from error

    def _learn(self, path: Path) -> None:
        found = _posts_in(self._load(path))
        if found is None:
            raise ExportError(
                f"{path.name}: not a Discourse topic or posts file; expected /t/{{id}}.json "
                "(post_stream.posts), /posts.json (latest_posts), a post, or a list of posts."
            )
        kind, entries, facts = found
        if kind == "users":
            for entry in entries:
                self._learn_author(entry, id_field="id")
            return
        self._json_files.append(path)
        for post in entries:
            if not isinstance(post, dict):
                continue
            topic_id = post.get("topic_id")
            if isinstance(topic_id, int):
                known = self._topics.setdefault(topic_id, _TopicFacts())
                title = post.get("topic_title")
                known.title = (
                    known.title
                    or (facts.title if facts else "")
                    or (title if isinstance(title, str) else "")
                )
                slug = post.get("topic_slug")
                known.slug = known.slug or (slug if isinstance(slug, str) else "")
                replied = post.get("reply_to_post_number")
                if isinstance(replied, int) and not isinstance(post.get("reply_to_user"), dict):
                    self._unresolved.add((topic_id, replied))
            if self._is_person(post):
                self._learn_author(post)

    @staticmethod
    def _is_person(entry: dict[str, Any], id_field: str = "user_id") -> bool:
        """Whether a post's author (or, with ``id_field="id"``, a listed user) is a person."""
        user_id = entry.get(id_field)
        return isinstance(entry.get("username"), str) and not (
            isinstance(user_id, int) and user_id <= 0
        )

    def _learn_author(self, entry: Any, id_field: str = "user_id") -> None:
        if not isinstance(entry, dict) or not self._is_person(entry, id_field):
            return
        if not entry["username"]:
            return
        username = entry["username"]
        key = _user_key(username)
        known = self._people.get(key)
        name = entry.get("name") if isinstance(entry.get("name"), str) else ""
        email = entry.get("email") if isinstance(entry.get("email"), str) else ""
        if known is None:
            self._people[key] = Author(key, str(name or username), str(email).lower(), username)
        elif not known.email and email:
            self._people[key] = Author(key, known.name, str(email).lower(), known.username)

    def _resolve_replies(self) -> None:
        """Who wrote the posts that replies point at without naming their author."""
        for path in self._json_files:
            found = _posts_in(self._load(path))
            for post in found[1] if found else []:
                if not isinstance(post, dict):
                    continue
                topic_id, number = post.get("topic_id"), post.get("post_number")
                username = post.get("username")
                if (
                    isinstance(topic_id, int)
                    and isinstance(number, int)
                    and (topic_id, number) in self._unresolved
                    and isinstance(username, str)
                ):
                    self._resolved[(topic_id, number)] = _user_key(username)

    # -- reading --------------------------------------------------------------------------------

    def authors(self) -> list[Author]:
        """The people: the user list's, then any other poster found in the JSON files."""
        return list(self._people.values())

    def items(self) -> Iterator[Item]:
        """Every contribution and interaction, file by file, in the order the files were given."""
        self.problems[:] = self._opening_problems
        for path in self._json_files:
            found = _posts_in(self._load(path))
            for index, post in enumerate(found[1] if found else [], start=1):
                if isinstance(post, dict):
                    yield from self._post(path.name, index, post)
                else:
                    self.problems.append(Problem(path.name, f"post {index}", "not a post object"))

    def _post(self, where: str, index: int, post: dict[str, Any]) -> Iterator[Item]:
        post_type = post.get("post_type", 1)
        if not isinstance(post_type, int) or post_type not in CONTRIBUTING_POST_TYPES:
            return
        if not self._is_person(post):
            return
        ident = post.get("id")
        entry = f"post {ident}" if isinstance(ident, int) else f"post {index}"
        username = post.get("username")
        number = post.get("post_number")
        topic_id = post.get("topic_id")
        at = discourse_time(post.get("created_at"))
        if not (
            isinstance(ident, int)
            and isinstance(username, str)
            and username
            and isinstance(number, int)
            and isinstance(topic_id, int)
            and at is not None
        ):
            missing = [
                field
                for field, ok in (
                    ("id", isinstance(ident, int)),
                    ("username", isinstance(username, str) and username),
                    ("post_number", isinstance(number, int)),
                    ("topic_id", isinstance(topic_id, int)),
                    ("created_at", at is not None),
                )
                if not ok
            ]
            self.problems.append(
                Problem(where, entry, f"missing or invalid {', '.join(missing)}; skipped")
            )
            return
        author = _user_key(username)
        facts = self._topics.get(topic_id, _TopicFacts())
        key = f"discourse:post:{ident}"
        yield Contribution(
            key=key,
            author=author,
            channel=facts.title or facts.slug or f"topic {topic_id}",
            at=at,
            kind="topic" if number == 1 else "post",
            chars=_text_length(post),
        )
        targets: list[tuple[str, str]] = []
        replied = post.get("reply_to_post_number")
        if isinstance(replied, int) and replied != number:
            reply_to = post.get("reply_to_user")
            if isinstance(reply_to, dict) and isinstance(reply_to.get("username"), str):
                targets.append(("reply", _user_key(reply_to["username"])))
            elif (topic_id, replied) in self._resolved:
                targets.append(("reply", self._resolved[(topic_id, replied)]))
        targets.extend(("mention", _user_key(name)) for name in _mentioned(post))
        for kind, target in dict.fromkeys(targets):
            if target != author and target in self._people:
                yield Interaction(
                    key=interaction_key(key, target, kind),
                    source=author,
                    target=target,
                    kind=kind,
                    at=at,
                )


def read_discourse(paths: list[Path]) -> DiscourseExport:
    """Open a Discourse user-list CSV and/or topics/posts JSON files.

    Folders among ``paths`` stand for the ``.csv``, ``.csv.gz``, ``.zip`` and ``.json`` files in
    them. Raises ``ExportError`` naming the file and what was expected when one cannot be read.
    """
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(
                child
                for child in sorted(path.iterdir())
                if child.is_file()
                and child.name.lower().endswith((*_CSV_SUFFIXES, ".zip", ".json"))
            )
        elif path.is_file():
            files.append(path)
        else:
            raise ExportError(f"{path.name}: no such file or folder.")
    return DiscourseExport(files)
