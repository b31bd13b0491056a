"""Concurrent votes are never lost: many threads, each its own database connection, at once."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.live.concurrent_votes import VOTERS, scenario

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
def test_simultaneous_votes_are_all_counted_and_doubles_refused(tmp_path):
    if connection.vendor == "sqlite":  # in-memory test database: use a real file instead
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="roundtable.settings")
        done = subprocess.run(
            [sys.executable, "-m", "tests.live.concurrent_votes"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        result = json.loads(done.stdout.strip().splitlines()[-1])
    else:
        result = scenario()
    assert result["errors"] == []
    assert result["option_votes"] == VOTERS
    assert result["question_votes"] == result["vote_rows"] == VOTERS // 2
    assert result["refused"] == ["duplicate"] * (VOTERS // 2)
