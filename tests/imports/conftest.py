from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def import_dir(settings, tmp_path: Path) -> Path:
    """Uploads go to a fresh folder per test."""
    settings.IMPORT_DIR = tmp_path / "imports"
    return settings.IMPORT_DIR


@pytest.fixture
def write_csv(tmp_path: Path):
    def write(text: str, name: str = "members.csv", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return write
