"""The catalogue as Open311 shows it, cached per process (asiointi/catalogue/versions.py).

Services and departments are a handful of rows that change a few times a year, while every
Open311 list names a service and a department for each of up to 1,000 items. They are built
once into small immutable entries, with their names already chosen for each language, and kept
until the database's catalogue version token changes: one primary-key query per request instead
of reading both tables. The rendered service list (services.json / .xml) is kept with them, per
language and format.
"""

import dataclasses

from asiointi.catalogue.models import Service
from asiointi.catalogue.versions import CatalogueCached
from asiointi.common.i18n import SUPPORTED, pick
from asiointi.organisation.models import Department


def _names(row) -> dict[str, str]:
    texts = {"fi": row.name_fi, "sv": row.name_sv, "en": row.name_en}
    return {language: pick(texts, language) for language in SUPPORTED}


@dataclasses.dataclass(frozen=True, slots=True)
class DepartmentEntry:
    name: dict[str, str]  # by language


@dataclasses.dataclass(frozen=True, slots=True)
class ServiceEntry:
    pk: int
    code: str
    name: dict[str, str]  # by language
    description: dict | str
    keywords: str
    department: DepartmentEntry | None
    accepts_feedback: bool
    feedback_promise_days: int


@dataclasses.dataclass(frozen=True, slots=True)
class Catalogue:
    services: dict[int, ServiceEntry]
    departments: dict[int, DepartmentEntry]
    by_code: dict[str, ServiceEntry]
    # Services that take feedback, in the catalogue's order: what services.json lists.
    feedback_services: tuple[ServiceEntry, ...]
    # Rendered service lists by (language, format), filled on first use.
    rendered: dict = dataclasses.field(default_factory=dict)

    def feedback_service(self, code: str) -> ServiceEntry | None:
        service = self.by_code.get(code)
        return service if service is not None and service.accepts_feedback else None


def _build() -> Catalogue:
    departments = {row.pk: DepartmentEntry(name=_names(row)) for row in Department.objects.all()}
    services = {}
    for row in Service.objects.only(
        "code",
        "name_fi",
        "name_sv",
        "name_en",
        "description",
        "keywords",
        "department_id",
        "accepts_feedback",
        "feedback_promise_days",
    ):
        services[row.pk] = ServiceEntry(
            pk=row.pk,
            code=row.code,
            name=_names(row),
            description=row.description,
            keywords=",".join(row.keywords or []),
            department=departments.get(row.department_id),
            accepts_feedback=row.accepts_feedback,
            feedback_promise_days=row.feedback_promise_days,
        )
    return Catalogue(
        services=services,
        departments=departments,
        by_code={service.code: service for service in services.values()},
        feedback_services=tuple(s for s in services.values() if s.accepts_feedback),
    )


_catalogue = CatalogueCached(_build)


def catalogue() -> Catalogue:
    """The current catalogue: one query when cached, three when the catalogue has changed."""
    return _catalogue.get()
