"""Test-wide set-up. The environment is prepared by asiointi/testing/settings.py."""

pytest_plugins = [
    "asiointi.testing.fixtures",
    "asiointi.testing.registry_simulators",
    "asiointi.testing.production_server",
    "asiointi.testing.clamd",
    "asiointi.testing.engine_passes",
]

from pathlib import Path  # noqa: E402

# The browser tests save screenshots of the main pages at 1,280 and 375 px here
# (tests/browser/conftest.py, save_screenshots); ./run test empties the folder first, and a run
# that saved any says where they are at the end.
SCREENSHOTS = Path(__file__).resolve().parent / "test-artifacts" / "screenshots"


def pytest_terminal_summary(terminalreporter):
    shots = sorted(SCREENSHOTS.glob("*.png")) if SCREENSHOTS.is_dir() else []
    if shots:
        terminalreporter.write_line(f"Screenshots of the main pages ({len(shots)}): {SCREENSHOTS}")
