"""Routing suggestions for central triage: which service and department a text is about.

Deliberately simple and explainable (every suggestion says why):

1. Keywords of the services (``Service.keywords``). Text and keywords are compared without case
   and diacritics, and Finnish inflection is tolerated by comparing a *stem*: the keyword's first
   ``max(4, len - 2)`` letters (“kuoppa” → “kuop”, so “kuopasta” and “kuoppia” match). Each
   matching keyword counts ``KEYWORD_POINTS``.
2. Similar earlier feedback: the last ``RECENT_LIMIT`` routed items (one query) are compared by
   shared word stems (first four letters of words of four or more letters); an item sharing at
   least ``MIN_SHARED`` stems adds one point per shared stem for its service/department.

The suggestion with the most points comes first; ties go to the one with a service.
"""

import dataclasses
import re
import unicodedata

from django.utils.translation import gettext as _

from asiointi.catalogue.models import Service
from asiointi.feedback.models import Feedback, format_request_id
from asiointi.organisation.models import Department

KEYWORD_POINTS = 3
RECENT_LIMIT = 200
MIN_SHARED = 2
# Similar items mentioned per suggestion (the points count them all).
MAX_EXAMPLES = 2
_WORD = re.compile(r"\w+")
# Words too common to say anything about where feedback belongs (compared by their stems).
_STOP_WORDS = (
    "että joka koska mutta olla ollut ovat sitä sillä tämä tässä tällä kaikki myös vaan paljon "
    "hyvä kiitos tulee minä meidän teidän with that this have från inte eller också"
)


@dataclasses.dataclass
class Suggestion:
    department: Department
    service: Service | None
    score: int = 0
    reasons: list[str] = dataclasses.field(default_factory=list)


def normalise(text: str) -> str:
    """Lower case without diacritics: “Kenttä” → “kentta”."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


def keyword_stem(keyword: str) -> str:
    keyword = normalise(keyword)
    return keyword if len(keyword) < 4 else keyword[: max(4, len(keyword) - 2)]


def keyword_match(keyword: str, text_words: list[str]) -> str | None:
    """The first word of the text the keyword matches (short keywords only exactly)."""
    normal = normalise(keyword)
    stem = keyword_stem(keyword)
    for word in text_words:
        if word == normal or (len(stem) >= 4 and word.startswith(stem)):
            return word
    return None


_STOP_STEMS = frozenset(word[:4] for word in words(_STOP_WORDS))


def word_stems(text: str) -> set[str]:
    return {word[:4] for word in words(text) if len(word) >= 4} - _STOP_STEMS


def suggest(text: str, limit: int = 3, *, exclude_id: int | None = None) -> list[Suggestion]:
    """Up to ``limit`` suggestions, best first; empty when nothing matched."""
    text_words = words(text)
    if not text_words:
        return []
    found: dict[tuple[int, int | None], Suggestion] = {}
    services = list(
        Service.objects.filter(accepts_feedback=True).select_related("department").order_by("code")
    )
    for service in services:
        for keyword in service.keywords or []:
            word = keyword_match(keyword, text_words)
            if word is None:
                continue
            suggestion = found.setdefault(
                (service.department_id, service.pk),
                Suggestion(department=service.department, service=service),
            )
            suggestion.score += KEYWORD_POINTS
            suggestion.reasons.append(
                _("The word “%(word)s” matches the service keyword “%(keyword)s”.")
                % {"word": word, "keyword": keyword}
            )
    _add_similar(found, text, services, exclude_id)
    ranked = sorted(
        found.values(),
        key=lambda s: (-s.score, s.service is None, s.service.code if s.service else ""),
    )
    return ranked[:limit]


def _add_similar(found, text: str, services: list[Service], exclude_id: int | None) -> None:
    stems = word_stems(text)
    if len(stems) < MIN_SHARED:
        return
    recent = Feedback.objects.filter(department__isnull=False)
    if exclude_id is not None:
        recent = recent.exclude(pk=exclude_id)
    rows = recent.order_by("-received_at", "-id").values_list(
        "pk", "received_at", "description", "department_id", "service_id"
    )[:RECENT_LIMIT]
    by_pk = {service.pk: service for service in services}
    departments = {service.department_id: service.department for service in services}
    examples: dict[tuple[int, int | None], int] = {}
    missing_departments = []
    matches = []
    for pk, received_at, description, department_id, service_id in rows:
        shared = stems & word_stems(description)
        if len(shared) < MIN_SHARED:
            continue
        matches.append((pk, received_at, department_id, service_id, shared))
        if department_id not in departments:
            missing_departments.append(department_id)
    if missing_departments:
        # A department without feedback services (rare): one more query, only then.
        departments.update(Department.objects.in_bulk(missing_departments))
    for pk, received_at, department_id, service_id, shared in matches:
        service = by_pk.get(service_id)
        key = (department_id, service.pk if service else None)
        suggestion = found.setdefault(
            key, Suggestion(department=departments[department_id], service=service)
        )
        suggestion.score += len(shared)
        examples[key] = examples.get(key, 0) + 1
        if examples[key] <= MAX_EXAMPLES:
            suggestion.reasons.append(
                _("Similar to earlier feedback %(number)s (shared word beginnings: %(words)s).")
                % {
                    "number": format_request_id(received_at.year, pk),
                    "words": ", ".join(stem + "…" for stem in sorted(shared)),
                }
            )
