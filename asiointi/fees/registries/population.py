"""The Population Information System (VTJ): name, address, spouse and the household.
``GET /v1/persons/{personId}``."""

import datetime
from dataclasses import dataclass, field
from urllib.parse import quote

from asiointi.fees.constants import Registry
from asiointi.fees.registries.base import CallStats, RegistryClient

RELATIONS = ("spouse", "child", "other")


@dataclass(frozen=True)
class HouseholdMember:
    national_id: str
    name: str
    birth_date: datetime.date
    relation: str  # "spouse" | "child" | "other"

    def age_on(self, day: datetime.date) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True)
class PersonRecord:
    national_id: str
    name: str
    address: str
    spouse: HouseholdMember | None
    household: list[HouseholdMember] = field(default_factory=list)


def _name(data: dict) -> str:
    return f"{data['first']} {data['last']}".strip()


def _member(data: dict, relation: str) -> HouseholdMember:
    if relation not in RELATIONS:
        raise ValueError(relation)
    return HouseholdMember(
        national_id=str(data["personId"]),
        name=_name(data["name"]),
        birth_date=datetime.date.fromisoformat(data["birthDate"]),
        relation=relation,
    )


class PopulationClient(RegistryClient):
    registry = Registry.POPULATION

    def person(self, national_id: str, *, stats: CallStats | None = None) -> PersonRecord:
        data = self.transport.get(f"/v1/persons/{quote(national_id, safe='')}", stats=stats)
        try:
            address = data["address"]
            spouse = data.get("spouse")
            return PersonRecord(
                national_id=str(data["personId"]),
                name=_name(data["name"]),
                address=f"{address['street']}, {address['postalCode']} {address['postOffice']}",
                spouse=_member(spouse, "spouse") if spouse else None,
                household=[
                    _member(member, member["relation"]) for member in data.get("household", [])
                ],
            )
        except (KeyError, TypeError, ValueError):
            raise self.transport.malformed(stats.attempts if stats else 1) from None
