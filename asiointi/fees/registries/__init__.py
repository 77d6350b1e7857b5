"""Adapters for the national registries the income review reads, one interface each.

``registry_clients()`` builds the three clients from the settings (base URL, token, timeout,
retries). Each call raises ``TransientRegistryError`` (timeouts, connection errors, 429 and 5xx
answers after the retries) or ``PermanentRegistryError`` (400/401/403/404, answers we cannot
read); the message names the registry. The simulators in asiointi/simulators/registries.py speak
the same protocol (docs/fees-registries.md).
"""

from collections.abc import Callable

from django.conf import settings

from asiointi.fees.constants import Registry
from asiointi.fees.registries.base import (
    CallStats,
    PermanentRegistryError,
    RegistryError,
    TransientRegistryError,
)
from asiointi.fees.registries.incomes_register import IncomesRegisterClient, MonthlyIncome
from asiointi.fees.registries.population import HouseholdMember, PersonRecord, PopulationClient
from asiointi.fees.registries.tax import TaxAssessment, TaxClient

__all__ = [
    "CallStats",
    "HouseholdMember",
    "IncomesRegisterClient",
    "MonthlyIncome",
    "PermanentRegistryError",
    "PersonRecord",
    "PopulationClient",
    "RegistryError",
    "TaxAssessment",
    "TaxClient",
    "TransientRegistryError",
    "registry_clients",
]


def registry_clients(
    throttles: dict[str, Callable[[], None]] | None = None,
) -> dict[str, object]:
    """The three clients from the settings; ``throttles[registry]`` (the batch's rate limiter)
    is called before every HTTP attempt to that registry."""
    throttles = throttles or {}
    common = {
        "token": settings.REGISTRY_TOKEN,
        "timeout": settings.REGISTRY_TIMEOUT_SECONDS,
        "retries": settings.REGISTRY_RETRIES,
    }
    return {
        Registry.INCOMES_REGISTER: IncomesRegisterClient(
            settings.INCOMES_REGISTER_URL,
            throttle=throttles.get(Registry.INCOMES_REGISTER),
            **common,
        ),
        Registry.TAX: TaxClient(
            settings.TAX_REGISTRY_URL, throttle=throttles.get(Registry.TAX), **common
        ),
        Registry.POPULATION: PopulationClient(
            settings.POPULATION_REGISTRY_URL,
            throttle=throttles.get(Registry.POPULATION),
            **common,
        ),
    }
