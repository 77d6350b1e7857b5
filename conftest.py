"""Test-wide set-up: test mode, a private data directory, and the platform's personas."""

import os
import tempfile

os.environ["ASIOINTI_ENV"] = "test"
os.environ.setdefault("ASIOINTI_DATA_DIR", tempfile.mkdtemp(prefix="asiointi-test-"))
os.environ.setdefault("ASIOINTI_TASKS", "immediate")

pytest_plugins = ["asiointi.testing.fixtures"]
