"""`roundtable plan check`: human and JSON output, and its exit statuses."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

EXAMPLES = Path(__file__).parents[2] / "examples"


def _run(*args):
    out = io.StringIO()
    status = 0
    try:
        call_command("plan", "check", *args, stdout=out)
    except SystemExit as exit_:
        status = exit_.code
    return status, out.getvalue()


def test_a_panel_for_peer_support_gets_warnings():
    status, output = _run(str(EXAMPLES / "panel-for-peer-support.yaml"))
    assert status == 0
    assert "Voice budget" in output and "spoken reach" in output
    assert "▲ warning [stage-heavy-agenda] 100 % of the time is presentation or panel" in output
    assert "→ Shorten the stage" in output
    assert "“Field engineers in Africa” (line 10, column 12) is checked in the web UI" in output


def test_json_output_has_the_documented_shape():
    status, output = _run(str(EXAMPLES / "panel-for-peer-support.yaml"), "--json")
    data = json.loads(output)
    assert status == 0
    assert set(data) == {"voice", "findings"}
    assert 0 <= data["voice"]["spoken_reach"] <= 1 and data["voice"]["tool_reach"] == 0
    rules = {f["rule"]: f["severity"] for f in data["findings"]}
    assert rules["peer-support-no-voicing"] == "warning"
    assert rules["segment-needs-untouched"] == "info"
    assert all(set(f) == {"rule", "severity", "message", "suggestion"} for f in data["findings"])


def test_a_good_plan_has_no_findings():
    status, output = _run(str(EXAMPLES / "peer-assist.yaml"))
    assert status == 0 and "No findings" in output


def test_an_error_finding_exits_1():
    status, output = _run(str(EXAMPLES / "night-for-asia.yaml"), "--json")
    assert status == 1
    assert json.loads(output)["findings"][0]["rule"] == "agenda-minutes-mismatch"


def test_an_unreadable_plan_names_every_problem_and_exits_2():
    with pytest.raises(CommandError) as caught:
        _run(str(EXAMPLES / "broken.yaml"))
    assert caught.value.returncode == 2
    message = str(caught.value)
    assert "cannot be read as a plan (5 problems)" in message
    assert "broken.yaml, line 5, column 26: audience has an unknown key “venue”" in message
    assert (
        "line 9, column 29: agenda block 1 “Intro”: minutes must be at least 1, not -10" in message
    )


def test_missing_file_and_unknown_format(tmp_path):
    with pytest.raises(CommandError, match="There is no file at /no/plan.yaml") as caught:
        _run("/no/plan.yaml")
    assert caught.value.returncode == 2
    plan = tmp_path / "plan.yaml"
    text = (EXAMPLES / "peer-assist.yaml").read_text().replace("peer-assist\n", "speed-dating\n")
    plan.write_text(text)
    with pytest.raises(CommandError, match="format “speed-dating” is not one of"):
        _run(str(plan))


def test_the_real_command_line_exit_statuses():
    def status(name):
        return subprocess.run(
            [sys.executable, "-m", "roundtable.cli", "plan", "check", str(EXAMPLES / name)],
            capture_output=True,
            text=True,
            check=False,
        )

    broken = status("broken.yaml")
    assert broken.returncode == 2 and "line 10, column 40" in broken.stderr
    assert "Traceback" not in broken.stderr
    assert status("night-for-asia.yaml").returncode == 1
    assert status("large-webinar.yaml").returncode == 0


def test_segment_needs_from_a_file(tmp_path):
    needs = tmp_path / "needs.txt"
    needs.write_text("Financing solar pumps\n\nHiring welders for the depot\n")
    plan = str(EXAMPLES / "panel-for-peer-support.yaml")
    _, output = _run(plan, "--json", "--needs", str(needs))
    found = {f["rule"]: f for f in json.loads(output)["findings"]}
    assert found["segment-needs-untouched"]["severity"] == "warning"
    assert "None of the 2 open needs" in found["segment-needs-untouched"]["message"]
    needs.write_text("Leakage in old pipes is our biggest challenge\n")
    _, output = _run(plan, "--json", "--needs", str(needs))
    assert "segment-needs-untouched" not in {f["rule"] for f in json.loads(output)["findings"]}
    with pytest.raises(CommandError, match="The needs file /no/needs.txt cannot be read"):
        _run(plan, "--needs", "/no/needs.txt")


def test_the_planning_core_imports_nothing_from_django():
    code = (
        "import sys\n"
        "import roundtable.domain.planning.rules, roundtable.domain.planning.formats\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
