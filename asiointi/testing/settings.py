"""Settings for the test suite: the real settings in test mode, with a private data directory.

pytest-django imports the settings before any conftest runs, so the environment has to be set
here, before ``asiointi.settings`` reads it. Each test process gets its own data directory (and so
its own SQLite test database file and attachment store).
"""

import os
import tempfile

os.environ["ASIOINTI_ENV"] = "test"
os.environ.setdefault("ASIOINTI_TASKS", "immediate")
# load_demo's mass of fee clients (7,000 + 2,000 by default) would slow every test that loads
# the demo; a few show the same.
os.environ.setdefault("ASIOINTI_DEMO_FEE_CLIENTS", "20")
os.environ.setdefault("ASIOINTI_DEMO_VOUCHER_CLIENTS", "10")
if not os.environ.get("ASIOINTI_TEST_DATA_DIR"):
    os.environ["ASIOINTI_TEST_DATA_DIR"] = tempfile.mkdtemp(prefix="asiointi-test-")
# pytest-xdist workers inherit the controller's environment: each gets a subdirectory of its own,
# so that one worker's stored attachments never show up in another's "no file left" checks.
_data_dir = os.path.join(
    os.environ["ASIOINTI_TEST_DATA_DIR"], os.environ.get("PYTEST_XDIST_WORKER", "main")
)
os.makedirs(_data_dir, exist_ok=True)
os.environ["ASIOINTI_DATA_DIR"] = _data_dir

from asiointi.settings import *  # noqa: E402, F403
