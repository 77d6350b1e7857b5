"""The registry simulators as real HTTP servers on loopback, for tests (a pytest plugin).

``registry_simulators`` starts the Incomes Register, Tax Administration and Population
Information System simulators (asiointi/simulators/registries.py) on free ports and points the
settings at them, so the adapters talk HTTP to them exactly as they would to the real services.
The simulators record every request: a test can assert that none was made.
"""

from dataclasses import dataclass

import pytest

from asiointi.simulators.registries import INCOMES_REGISTER, POPULATION, TAX, RegistrySimulator


@dataclass
class RegistrySimulators:
    incomes: RegistrySimulator
    tax: RegistrySimulator
    population: RegistrySimulator

    def all(self) -> list[RegistrySimulator]:
        return [self.incomes, self.tax, self.population]

    def all_requests(self) -> list[dict]:
        """Every request any of the three received, each with its ``registry``."""
        return [
            {"registry": simulator.registry, **request}
            for simulator in self.all()
            for request in list(simulator.requests)
        ]


@pytest.fixture
def registry_simulators(settings):
    simulators = RegistrySimulators(
        incomes=RegistrySimulator(INCOMES_REGISTER, token=settings.REGISTRY_TOKEN),
        tax=RegistrySimulator(TAX, token=settings.REGISTRY_TOKEN),
        population=RegistrySimulator(POPULATION, token=settings.REGISTRY_TOKEN),
    )
    started = []
    try:
        for simulator in simulators.all():
            simulator.start()
            started.append(simulator)
        settings.INCOMES_REGISTER_URL = simulators.incomes.base_url
        settings.TAX_REGISTRY_URL = simulators.tax.base_url
        settings.POPULATION_REGISTRY_URL = simulators.population.base_url
        yield simulators
    finally:
        for simulator in started:
            simulator.stop()
