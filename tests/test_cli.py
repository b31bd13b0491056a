import shutil
import subprocess
import sys


def roundtable(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "roundtable.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        **kwargs,
    )


def test_hyphenated_product_commands_are_found() -> None:
    result = roundtable("seed-demo", "--help")
    assert result.returncode == 0
    assert "--reset" in result.stdout


def test_an_unexpected_error_is_one_clear_line(tmp_path) -> None:
    # A database path that cannot exist: the command fails inside Django, not in argument parsing.
    result = roundtable(
        "refresh_levels",
        env={
            "DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/db.sqlite3",
            "PATH": "/usr/bin:/bin",
        },
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Run again with --traceback" in result.stderr


def test_a_closed_pipe_ends_quietly(tmp_path) -> None:
    import os

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DATA_DIR"] = str(tmp_path)
    assert roundtable("migrate", "-v0", env=env).returncode == 0
    assert roundtable("seed-demo", env=env).returncode == 0
    command = f"{sys.executable} -m roundtable.cli export members --community demo | head -n 1"
    result = subprocess.run(
        [shutil.which("bash") or "/bin/bash", "-c", command],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert result.stdout.startswith("Full name,E-mail")
    assert "Traceback" not in result.stderr
    assert "BrokenPipe" not in result.stderr
