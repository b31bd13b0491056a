import csv
from pathlib import Path

from roundtable.domain.groups.schedule import counting_bound

RECORD = Path(__file__).resolve().parents[3] / "benches" / "data" / "sgp_record.csv"
STATUSES = {"proved", "record", "construction", "unknown here"}


def rows():
    with RECORD.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_record_lists_every_instance_up_to_150_people_in_groups_of_2_to_6():
    listed = {(int(r["groups"]), int(r["size"])) for r in rows()}
    wanted = {(g, p) for p in range(2, 7) for g in range(1, 150 // p + 1)}
    assert wanted <= listed
    assert {(q, q) for q in (7, 8, 9, 11)} <= listed


def test_every_row_is_consistent_and_names_its_source():
    for row in rows():
        g, p = int(row["groups"]), int(row["size"])
        assert int(row["people"]) == g * p
        assert int(row["counting_bound"]) == counting_bound([p] * g)
        assert row["status"] in STATUSES and row["source"].strip()
        if row["status"] == "unknown here":
            assert row["best_known_rounds"] == ""
        else:
            assert 1 <= int(row["best_known_rounds"]) <= int(row["counting_bound"])
        if row["status"] == "proved" and g >= p and p == 2:
            assert int(row["best_known_rounds"]) == 2 * g - 1
