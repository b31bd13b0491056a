import pytest
from django.core.management import CommandError, call_command


def test_unknown_benchmark_lists_the_real_ones() -> None:
    with pytest.raises(CommandError, match="there are: .*directory.*segments"):
        call_command("bench", "nope")


def test_a_benchmark_runs(capfd) -> None:
    call_command("bench", "directory", "--members", "200", "--runs", "2")
    out = capfd.readouterr().out
    assert '"bench": "members directory"' in out
    assert '"members": 200' in out
