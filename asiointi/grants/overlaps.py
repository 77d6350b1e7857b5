"""Overlapping grants: the applicant's other applications in the same year, and likely overlaps.

An applicant is the same organisation (Y-tunnus), or the same person when applying as a person.
A case's year is the year its activity period starts (``period.start``; for a one-day event its
``event_date``), else the year it was received. Across *all* departments.

A pair of applications of the same year is flagged, with the reason in the reader's language,
when

* their activity periods overlap **and** their purposes are similar, or
* their budgets share expense items (the same item names).

The text comparison is deliberately simple, so that the reason can say exactly why:

* normalising: lower case, Unicode NFKC, punctuation removed; words shorter than three letters and
  common Finnish, Swedish and English words (``ja``, ``och``, ``avustus``, …) dropped;
* stemming: each word is cut to its first ``STEM_LENGTH`` letters, a crude stand-in for Finnish and
  Swedish inflection (``lastenteatterin`` and ``lastenteatteriesitykset`` both become ``lasten``);
* similarity: the share of common stems, ``|A ∩ B| / min(|A|, |B|)`` (the overlap coefficient, so
  that a short purpose inside a long one still counts). ``SIMILAR_PURPOSE`` (0.5) with at least
  ``MIN_COMMON_WORDS`` (2) common stems is "similar".

Budget items are compared by their normalised name (the same normalising, every word stemmed);
income items (membership fees, ticket sales) are left out: only shared *costs* suggest that the
same thing is funded twice.

Withdrawn and rejected applications are listed but never flagged: they fund nothing.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case as Choose
from django.db.models import Count, F, Q, Sum, Value, When
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from asiointi.cases.constants import GRANTING_OUTCOMES, CaseStatus, DecisionOutcome
from asiointi.cases.models import Case
from asiointi.common.i18n import pick
from asiointi.grants.selectors import latest_version_data

STEM_LENGTH = 6
SIMILAR_PURPOSE = 0.5
MIN_COMMON_WORDS = 2
TEXT_FIELDS = ("project_name", "purpose")
OTHER_APPLICATIONS_LIMIT = 100
CENT = Decimal("0.01")

# Words that say nothing about *what* is funded, in Finnish, Swedish and English.
STOPWORDS = frozenset(
    """
    ja sekä tai myös että joka jotka jonka on ovat oli sen se ne niiden kanssa varten mukaan
    kuten eri muun muut vuoden vuonna vuosi aikana yhdistyksen yhdistys toiminta toimintaa
    toiminnan avustus avustusta avustuksen hanke hankkeen hankkeessa
    och eller samt att som det den de till av för med på år året under förening föreningens
    verksamhet verksamheten bidrag understöd projekt projektet
    the and for with our their from this that year activities activity association grant
    project
    """.split()
)
_NON_WORD = re.compile(r"[^\w]+")


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", str(text or "")).casefold()
    return [
        word
        for word in _NON_WORD.sub(" ", text).split()
        if len(word) >= 3 and not word.isdigit() and word not in STOPWORDS
    ]


def stems(text: str) -> dict[str, str]:
    """``{stem: the first word with that stem}`` — the word is what a reason shows."""
    result: dict[str, str] = {}
    for word in _words(text):
        result.setdefault(word[:STEM_LENGTH], word)
    return result


def purpose_text(data: dict) -> str:
    return " ".join(str(data.get(name) or "") for name in TEXT_FIELDS)


def purpose_similarity(first: str, second: str) -> tuple[float, list[str]]:
    """The overlap coefficient of the two texts' stems, and the common words (as in ``first``)."""
    a, b = stems(first), stems(second)
    if not a or not b:
        return 0.0, []
    common = [word for stem, word in a.items() if stem in b]
    return len(common) / min(len(a), len(b)), common


def budget_item_key(name: str) -> str:
    return " ".join(word[:STEM_LENGTH] for word in _NON_WORD.sub(" ", _fold(name)).split())


def _fold(text) -> str:
    return unicodedata.normalize("NFKC", str(text or "")).casefold()


def expense_items(data: dict) -> dict[str, str]:
    """``{normalised item name: the item as written}`` of the budget's expense rows."""
    rows = data.get("budget")
    items: dict[str, str] = {}
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict) or row.get("kind", "expense") != "expense":
            continue
        key = budget_item_key(row.get("item", ""))
        if key:
            items.setdefault(key, str(row["item"]).strip())
    return items


def _date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def period(data: dict) -> tuple[datetime.date, datetime.date] | None:
    value = data.get("period")
    if isinstance(value, dict):
        start, end = _date(value.get("start")), _date(value.get("end"))
        if start and end and start <= end:
            return start, end
    day = _date(data.get("event_date"))
    return (day, day) if day else None


def case_year(case: Case, data: dict) -> int | None:
    activity = period(data)
    if activity:
        return activity[0].year
    if case.submitted_at:
        return timezone.localdate(case.submitted_at).year
    return None


def _show_period(activity: tuple[datetime.date, datetime.date]) -> str:
    start, end = (formats.date_format(day, "SHORT_DATE_FORMAT") for day in activity)
    return start if start == end else f"{start}–{end}"


def overlap_reasons(data: dict, other_data: dict) -> list[str]:
    """Why two applications of the same applicant and year look like they fund the same thing."""
    reasons = []
    this_period, other_period = period(data), period(other_data)
    if this_period and other_period:
        if this_period[0] <= other_period[1] and other_period[0] <= this_period[1]:
            score, common = purpose_similarity(purpose_text(data), purpose_text(other_data))
            if score >= SIMILAR_PURPOSE and len(common) >= MIN_COMMON_WORDS:
                reasons.append(
                    _(
                        "Overlapping activity periods (%(this)s and %(other)s) and a similar "
                        "purpose: %(percent)d %% of the words in common (%(words)s)."
                    )
                    % {
                        "this": _show_period(this_period),
                        "other": _show_period(other_period),
                        "percent": round(score * 100),
                        "words": ", ".join(common),
                    }
                )
    other_items = expense_items(other_data)
    shared = [item for key, item in expense_items(data).items() if key in other_items]
    if shared:
        reasons.append(_("The same budget items: %(items)s.") % {"items": ", ".join(shared)})
    return reasons


# --- The handler's case page ---------------------------------------------------------------


def other_applications(*, case: Case) -> list[Case]:
    """The applicant's other sent applications in every department, newest first, in one query.

    Each carries ``sent_data``: the form data of its latest sent version (not the working copy,
    which the applicant may be editing).
    """
    if case.organisation_id is not None:
        queryset = Case.objects.grants().filter(organisation_id=case.organisation_id)
    else:
        queryset = Case.objects.grants().filter(
            applicant_id=case.applicant_id, organisation__isnull=True
        )
    return list(
        queryset.exclude(pk=case.pk)
        .exclude(status=CaseStatus.DRAFT)
        .select_related("service", "department")
        .annotate(sent_data=latest_version_data())
        .order_by(F("submitted_at").desc(nulls_last=True), "-pk")[:OTHER_APPLICATIONS_LIMIT]
    )


def is_grant(case: Case) -> bool:
    """A final positive decision."""
    return (
        case.status in (CaseStatus.DECIDED, CaseStatus.CLOSED)
        and case.decision_outcome in GRANTING_OUTCOMES
    )


def _may_overlap(case: Case) -> bool:
    return case.status != CaseStatus.WITHDRAWN and case.decision_outcome != DecisionOutcome.REJECTED


@dataclass
class YearEntry:
    case: Case
    is_grant: bool
    reasons: list[str]


@dataclass
class Overview:
    year: int | None
    entries: list[YearEntry] = field(default_factory=list)

    @property
    def flagged(self) -> list[YearEntry]:
        return [entry for entry in self.entries if entry.reasons]

    @property
    def granted_total(self) -> Decimal:
        return sum(
            (e.case.granted_amount or Decimal(0) for e in self.entries if e.is_grant), Decimal(0)
        )

    @property
    def grant_count(self) -> int:
        return sum(1 for entry in self.entries if entry.is_grant)

    @property
    def department_count(self) -> int:
        return len({entry.case.department_id for entry in self.entries})


def year_overview(*, case: Case, data: dict, others: list[Case]) -> Overview:
    """The other applications (from ``other_applications``) of the case's year, with flags.

    No queries: everything needed came with ``others``.
    """
    year = case_year(case, data)
    result = Overview(year=year)
    if year is None:
        return result
    for other in others:
        other_data = getattr(other, "sent_data", None) or other.draft_data or {}
        if case_year(other, other_data) != year:
            continue
        reasons = overlap_reasons(data, other_data) if _may_overlap(other) else []
        result.entries.append(YearEntry(case=other, is_grant=is_grant(other), reasons=reasons))
    return result


def case_page_context(*, case: Case, data: dict) -> dict:
    """For the handler's case page: the applicant's other applications and this year's overview."""
    others = other_applications(case=case)
    for other in others:  # the list's "Year" column, by the same rule as the overview
        other.year = case_year(other, getattr(other, "sent_data", None) or other.draft_data or {})
    return {
        "other_applications": others,
        "overlaps": year_overview(case=case, data=data, others=others),
    }


# --- The city-wide report ------------------------------------------------------------------


@dataclass
class DepartmentGrants:
    department_id: int
    name: str
    grants: int
    granted: Decimal


@dataclass
class ApplicantGrants:
    name: str
    business_id: str
    departments: list[DepartmentGrants]

    @property
    def granted(self) -> Decimal:
        return sum((d.granted for d in self.departments), Decimal(0))

    @property
    def grants(self) -> int:
        return sum(d.grants for d in self.departments)


def _year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    return (
        timezone.make_aware(datetime.datetime(year, 1, 1)),  # noqa: DTZ001 (made aware here)
        timezone.make_aware(datetime.datetime(year + 1, 1, 1)),  # noqa: DTZ001
    )


def multi_department_grants(*, year: int) -> list[ApplicantGrants]:
    """Applicants granted money by two or more departments in a year (by decision date), with
    the departments and amounts; largest total first. One aggregate query.

    Granted = a final positive decision: decided or closed, approved or partially approved.
    """
    start, end = _year_bounds(year)
    grants = Case.objects.grants().filter(
        status__in=[CaseStatus.DECIDED, CaseStatus.CLOSED],
        decision_outcome__in=list(GRANTING_OUTCOMES),
        decided_at__gte=start,
        decided_at__lt=end,
    )

    def several_departments(queryset, key: str):
        return (
            queryset.values(key)
            .annotate(departments=Count("department", distinct=True))
            .filter(departments__gte=2)
            .values(key)
        )

    as_person = grants.filter(organisation__isnull=True)
    as_organisation = grants.filter(organisation__isnull=False)

    def for_person(value):
        return Choose(When(organisation__isnull=True, then=value), default=Value(None))

    rows = (
        grants.filter(
            Q(organisation_id__in=several_departments(as_organisation, "organisation"))
            | Q(
                organisation__isnull=True,
                applicant_id__in=several_departments(as_person, "applicant"),
            )
        )
        .annotate(
            person_id=for_person(F("applicant_id")),
            first_name=for_person(F("applicant__first_name")),
            last_name=for_person(F("applicant__last_name")),
        )
        .values(
            "organisation_id",
            "organisation__name",
            "organisation__business_id",
            "person_id",
            "first_name",
            "last_name",
            "department_id",
            "department__name_fi",
            "department__name_sv",
            "department__name_en",
        )
        .annotate(grant_count=Count("pk"), granted=Sum("granted_amount"))
        .order_by("organisation_id", "person_id", "department_id")
    )
    applicants: dict[tuple, ApplicantGrants] = {}
    for row in rows:
        key = (row["organisation_id"], row["person_id"])
        if key not in applicants:
            if row["organisation_id"] is not None:
                name, business_id = row["organisation__name"], row["organisation__business_id"]
            else:
                name = f"{row['first_name'] or ''} {row['last_name'] or ''}".strip()
                business_id = ""
            applicants[key] = ApplicantGrants(name=name, business_id=business_id, departments=[])
        applicants[key].departments.append(
            DepartmentGrants(
                department_id=row["department_id"],
                name=pick(
                    {
                        "fi": row["department__name_fi"],
                        "sv": row["department__name_sv"],
                        "en": row["department__name_en"],
                    }
                ),
                grants=row["grant_count"],
                # SQLite sums decimals without their scale: 3000, not 3000.00.
                granted=(row["granted"] or Decimal(0)).quantize(CENT),
            )
        )
    return sorted(applicants.values(), key=lambda a: (-a.granted, a.name.casefold()))
