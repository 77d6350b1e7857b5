"""Running the installed ``asiointi`` console script as an operator would, in tests."""

import os
import sqlite3
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

SCRIPT = Path(sys.executable).with_name("asiointi")
DATABASE_FILE = "asiointi.sqlite3"


def _operator_env(data_dir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    return env | {"ASIOINTI_DATA_DIR": str(data_dir), "ASIOINTI_ENV": "demo"}


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own script, arguments from the test)
        [SCRIPT, *args], env=env, capture_output=True, text=True
    )


@cache
def migrated_template() -> Path:
    """An embedded database migrated by the real script (``asiointi migrate``), once per test
    process: each ``ConsoleScript`` starts from a copy of it instead of migrating again."""
    directory = Path(tempfile.mkdtemp(prefix="console-template-", dir=_test_data_dir()))
    migrate = _run(_operator_env(directory), "migrate", "--verbosity", "0")
    assert migrate.returncode == 0, migrate.stderr
    return directory / DATABASE_FILE


def _test_data_dir() -> str | None:
    return os.environ.get("ASIOINTI_DATA_DIR")


def copy_database(source: Path, target: Path) -> None:
    """Copy an SQLite database with SQLite's own backup (whatever its journal holds)."""
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)
    original.close()
    copy.close()


class ConsoleScript:
    """The real ``asiointi`` script against an embedded database of its own (in ``data_dir``),
    migrated on creation (a copy of ``migrated_template()``); ``run(*args)`` returns the
    finished process with text output."""

    def __init__(self, data_dir: Path):
        self.script = SCRIPT
        self.env = _operator_env(data_dir)
        copy_database(migrated_template(), data_dir / DATABASE_FILE)

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return _run(self.env, *args)
