"""Test-wide set-up. The environment is prepared by asiointi/testing/settings.py."""

pytest_plugins = [
    "asiointi.testing.fixtures",
    "asiointi.testing.registry_simulators",
    "asiointi.testing.production_server",
    "asiointi.testing.clamd",
    "asiointi.testing.engine_passes",
]
