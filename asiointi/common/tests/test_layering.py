"""The layering of docs/architecture.md holds: the contracts in pyproject.toml's
``[tool.importlinter]`` (import-linter) are kept — the core apps import no app above them, and
the modules of the case core import each other without cycles. A broken contract fails the test
with import-linter's report: which module imports which, line by line."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())"


def test_the_import_contracts_are_kept():
    result = subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-c", LINT_IMPORTS, "--config", "pyproject.toml", "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"Broken import contracts:\n{result.stdout}{result.stderr}"
    assert "kept, 0 broken." in result.stdout
