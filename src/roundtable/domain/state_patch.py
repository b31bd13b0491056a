"""Patches between two states of a live session, so that a push carries only what changed.

A live state is a JSON object (docs/live.md). Most ticks change a few numbers in it (a vote
count, the number joined), yet the whole state of a busy room is 5–25 KB: pushed four times a
second to every phone that would be 80–350 MB an hour per participant. A patch names what
changed instead:

- ``set``: top-level keys whose value changed (or appeared), with the new value, whole;
- ``unset``: top-level keys that are gone;
- ``lists``: for a top-level list of objects that each have an ``id`` (questions, polls), per
  key ``changed`` (for items still there: the ``id`` and the fields whose value changed),
  ``added`` (new items, and items whose set of fields changed, whole) and ``order`` (every
  ``id`` in order, present only when the ids or their order changed; items not in it are gone).

:func:`state_apply` is the reference of how a client applies one (live.js does the same), and
``state_apply(old, state_diff(old, new)) == new`` holds for any two states (a property test
checks it).
"""

from typing import Any

Patch = dict[str, Any]


def _is_item_list(value: Any) -> bool:
    """A list of objects each with an ``id``, no two the same."""
    if not isinstance(value, list) or not all(isinstance(i, dict) and "id" in i for i in value):
        return False
    return len({item["id"] for item in value}) == len(value)


def _list_diff(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> dict[str, Any]:
    before = {item["id"]: item for item in old}
    changed: list[dict[str, Any]] = []
    added: list[dict[str, Any]] = []
    for item in new:
        previous = before.get(item["id"])
        if previous is None or previous.keys() != item.keys():
            added.append(item)
        elif previous != item:
            delta = {key: value for key, value in item.items() if previous[key] != value}
            changed.append({"id": item["id"], **delta})
    change: dict[str, Any] = {}
    if changed:
        change["changed"] = changed
    if added:
        change["added"] = added
    ids = [item["id"] for item in new]
    if ids != [item["id"] for item in old]:
        change["order"] = ids
    return change


def state_diff(old: dict[str, Any], new: dict[str, Any]) -> Patch:
    """What turns ``old`` into ``new``; an empty dict when they are equal."""
    patch: Patch = {}
    set_: dict[str, Any] = {}
    lists: dict[str, Any] = {}
    for key, value in new.items():
        if key not in old:
            set_[key] = value
            continue
        previous = old[key]
        if previous == value:
            continue
        if _is_item_list(previous) and _is_item_list(value):
            lists[key] = _list_diff(previous, value)
        else:
            set_[key] = value
    unset = [key for key in old if key not in new]
    if set_:
        patch["set"] = set_
    if unset:
        patch["unset"] = unset
    if lists:
        patch["lists"] = lists
    return patch


def state_apply(state: dict[str, Any], patch: Patch) -> dict[str, Any]:
    """The state after the patch (a new dict; ``state`` is left as it was)."""
    result = dict(state)
    result.update(patch.get("set", {}))
    for key in patch.get("unset", ()):
        result.pop(key, None)
    for key, change in patch.get("lists", {}).items():
        items = {item["id"]: item for item in result.get(key, [])}
        for delta in change.get("changed", ()):
            items[delta["id"]] = {**items[delta["id"]], **delta}
        for item in change.get("added", ()):
            items[item["id"]] = item
        order = change.get("order")
        if order is None:
            order = [item["id"] for item in result.get(key, [])]
        result[key] = [items[item_id] for item_id in order]
    return result
