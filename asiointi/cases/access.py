"""The only way a request gets a case. A case the user may not see is "not found", never
"forbidden": its existence is not revealed."""

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from asiointi.accounts.models import ApplicantOrganisation, Representation
from asiointi.cases.models import Attachment, Case, CaseReadAudit, CaseVersion, ReadPurpose
from asiointi.catalogue.constants import ServiceKind
from asiointi.common.errors import NotFound
from asiointi.organisation.membership import require_member
from asiointi.organisation.models import Team

# What every case page shows besides the case itself, fetched in the same query.
CASE_RELATIONS = (
    "service",
    "service__department",
    "department",
    "form",
    "grant_call",
    "organisation",
    "handler",
)


def applicant_scope(user) -> Q:
    """Cases the user may see as an applicant: their own, and their organisations'.

    The organisations are a subquery, not a join through the representations: a join can
    repeat a case row (it needed a ``DISTINCT`` over every column of the case and its joined
    relations on the application page), a subquery cannot."""
    return Q(applicant=user, organisation__isnull=True) | Q(
        organisation__in=Representation.objects.filter(person=user).values("organisation_id")
    )


def represented_organisations(user) -> QuerySet[ApplicantOrganisation]:
    return ApplicantOrganisation.objects.filter(representations__person=user).order_by("name")


def access_organisation(user, organisation_id) -> ApplicantOrganisation:
    try:
        return represented_organisations(user).get(pk=int(organisation_id))
    except (ApplicantOrganisation.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("Organisation not found.")) from None


def access_case_for_applicant(user, case_id, *, for_update: bool = False) -> Case:
    if not user.is_authenticated:
        raise NotFound(_("Application not found."))
    queryset = Case.objects.select_related(*CASE_RELATIONS)
    try:
        case_pk = int(case_id)
        if for_update:
            # Lock only the case row (PostgreSQL refuses FOR UPDATE across nullable joins).
            Case.objects.select_for_update().filter(pk=case_pk).filter(
                pk__in=Case.objects.filter(applicant_scope(user)).values("pk")
            ).get()
        return queryset.filter(pk__in=Case.objects.filter(applicant_scope(user)).values("pk")).get(
            pk=case_pk
        )
    except (Case.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("Application not found.")) from None


def is_confidential_reader(user, department_id: int) -> bool:
    """Whether the user is one of the handling unit's staff who may see the department's
    confidential cases: a member of one of its teams."""
    return Team.objects.filter(department_id=department_id, members=user).exists()


def require_case_member(actor, case: Case) -> None:
    """The rule every service checks before acting on a case: the actor is a member of the
    case's department *now* (it may have been transferred since the page was loaded), and of a
    confidential case also a member of one of its teams. Others get ``NotFound``."""
    require_member(actor, case.department_id, not_found=_("Application not found."))
    if case.service.confidential and not is_confidential_reader(actor, case.department_id):
        raise NotFound(_("Application not found."))


def audit_confidential_read(user, case: Case, what: str = "case") -> None:
    """Log a read of a confidential case. Called by the access functions themselves, so that no
    page can forget it; pages that read more than the case (a document) pass what they read."""
    if case.service.confidential:
        CaseReadAudit.objects.create(
            reader=user,
            case=case,
            read_at=timezone.now(),
            purpose=ReadPurpose.CONFIDENTIAL,
            what=what[:60],
        )


def access_case_for_handler(user, case_id, *, for_update: bool = False, what: str = "case") -> Case:
    """A handler acts only on cases of their own departments; a confidential case only the
    department's team members (every such access is audit-logged)."""
    try:
        case_pk = int(case_id)
        queryset = Case.objects.filter(
            pk=case_pk, department__memberships__user=user, status__in=_handler_statuses()
        ).distinct()
        if for_update:
            Case.objects.select_for_update().filter(pk__in=queryset.values("pk")).get()
        case = queryset.select_related("service", "department").get()
    except (Case.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("Application not found.")) from None
    if case.service.confidential:
        if not is_confidential_reader(user, case.department_id):
            raise NotFound(_("Application not found."))
        audit_confidential_read(user, case, what)
    return case


def access_case_for_reader(user, case_id) -> Case:
    """Read-only access for staff across departments (never for acting: see the handler access).

    A member of the case's department reads any sent case of it (a confidential one only as a
    team member). Any other staff member with at least one department membership may read sent
    *grant* cases of every department; confidential cases never. Each read of another
    department's case, and every read of a confidential one, is audit-logged here, in the same
    call, so no page can forget it.
    """
    if not user.is_authenticated:
        raise NotFound(_("Application not found."))
    department_ids = set(user.memberships.values_list("department_id", flat=True))
    if not department_ids:
        raise NotFound(_("Application not found."))
    try:
        case = (
            Case.objects.select_related(*CASE_RELATIONS)
            .filter(status__in=_handler_statuses())
            .filter(
                Q(department_id__in=department_ids)
                | Q(service__kind=ServiceKind.GRANT, service__confidential=False)
            )
            .get(pk=int(case_id))
        )
    except (Case.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("Application not found.")) from None
    if case.service.confidential:
        if not is_confidential_reader(user, case.department_id):
            raise NotFound(_("Application not found."))
        audit_confidential_read(user, case, "read")
    elif case.department_id not in department_ids:
        CaseReadAudit.objects.create(reader=user, case=case, read_at=timezone.now())
    return case


def cases_for_admin() -> QuerySet[Case]:
    """The cases the Django admin may show (asiointi/common/admin_access.py): sent ones only (a
    draft is the applicant's own, with its working copy) and never a confidential one (read only
    on the handling pages, by the department's team members)."""
    return Case.objects.not_confidential().filter(status__in=_handler_statuses())


def audit_admin_read(user, case: Case, what: str) -> None:
    """Log an administrator's read of a case's data in the admin like the handling pages log a
    cross-department read: unless the reader is a member of the case's department. A
    confidential case is never read there (``cases_for_admin``); refuse it should one slip in."""
    if case.service.confidential or case.status not in _handler_statuses():
        raise NotFound(_("Application not found."))
    if not user.memberships.filter(department_id=case.department_id).exists():
        CaseReadAudit.objects.create(
            reader=user,
            case=case,
            read_at=timezone.now(),
            purpose=ReadPurpose.CROSS_DEPARTMENT,
            what=what[:60],
        )


def _handler_statuses():
    from asiointi.cases.constants import CaseStatus

    # Drafts are the applicant's own until sent: no handler ever sees them.
    return [s for s in CaseStatus.values if s != CaseStatus.DRAFT]


def access_version(case: Case, number) -> CaseVersion:
    try:
        return case.versions.get(number=int(number))
    except (CaseVersion.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("Version not found.")) from None


def access_attachment(case: Case, attachment_id) -> Attachment:
    try:
        return case.attachments.get(pk=int(attachment_id))
    except (Attachment.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("Attachment not found.")) from None
