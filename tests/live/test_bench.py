import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_live_benchmark_runs_and_loses_nothing(tmp_path):
    env_free = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run(
        [
            sys.executable,
            "benches/bench_live.py",
            "--participants",
            "6",
            "--seconds",
            "2",
            "--interval",
            "0.5",
        ],
        cwd=ROOT,
        env=env_free,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["connected"] == 6
    assert result["sent"] >= 6 and result["acked"] == result["sent"]
    assert result["lost"] == 0 and result["errors"] == 0
    assert result["ack_p50_ms"] is not None and result["server_peak_rss_mb"] > 0
