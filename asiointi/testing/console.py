"""Running the installed ``asiointi`` console script as an operator would, in tests."""

import os
import subprocess
import sys
from pathlib import Path


class ConsoleScript:
    """The real ``asiointi`` script against an embedded database of its own (in ``data_dir``),
    migrated on creation; ``run(*args)`` returns the finished process with text output."""

    def __init__(self, data_dir: Path):
        self.script = Path(sys.executable).with_name("asiointi")
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
        }
        self.env |= {"ASIOINTI_DATA_DIR": str(data_dir), "ASIOINTI_ENV": "demo"}
        migrate = self.run("migrate", "--verbosity", "0")
        assert migrate.returncode == 0, migrate.stderr

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603 (our own script, arguments from the test)
            [self.script, *args], env=self.env, capture_output=True, text=True
        )
