"""Intake by staff (kirjaus = registration): a handler registers a paper, phone or visit
application for the applicant, on the same form the applicant fills in online: of a grant call,
or of a benefit applied for without calls (social assistance)."""

from django.contrib import messages
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from asiointi.cases import intake
from asiointi.cases.access import is_confidential_reader
from asiointi.cases.constants import Channel
from asiointi.catalogue.constants import ServiceKind
from asiointi.catalogue.models import GrantCall, Service
from asiointi.common.errors import ValidationFailed
from asiointi.common.web import not_found_as_404
from asiointi.eforms import parsing, rendering
from asiointi.eforms.spec import FormSpec
from asiointi.eforms.validation import validate
from asiointi.handling.access import staff_member_required
from asiointi.organisation.models import Team

# The registration's own inputs: (POST name = error key, label), in the order of the page.
REGISTRATION_FIELDS = (
    intake.NATIONAL_ID,
    intake.FIRST_NAME,
    intake.LAST_NAME,
    intake.BUSINESS_ID,
    intake.ORGANISATION_NAME,
    intake.CHANNEL,
    intake.RECEIVED_ON,
    intake.SCANNED_PAPER,
)


def _labels() -> dict[str, str]:
    return {
        intake.NATIONAL_ID: _("Applicant's personal identity code"),
        intake.FIRST_NAME: _("Applicant's first name"),
        intake.LAST_NAME: _("Applicant's last name"),
        intake.BUSINESS_ID: _("Organisation's business ID (Y-tunnus)"),
        intake.ORGANISATION_NAME: _("Organisation's name"),
        intake.CHANNEL: _("Received as"),
        intake.RECEIVED_ON: _("Date the application arrived"),
        intake.SCANNED_PAPER: _("Scanned paper application"),
    }


def _department_calls(request):
    return (
        GrantCall.objects.filter(service__department__in=request.handler_departments)
        .select_related("service", "service__department", "service__form")
        .order_by("service__department__code", "service__code", "-opens_on", "pk")
    )


def _department_benefit_services(request):
    """The benefits without calls of the handler's departments that the handler may handle: a
    confidential one only as a member of one of its department's teams (the same rule as
    ``cases.access.is_confidential_reader``, here in the same query for the whole list)."""
    member_of_a_team = Team.objects.filter(department=OuterRef("department"), members=request.user)
    return (
        Service.objects.filter(
            kind=ServiceKind.BENEFIT,
            form__isnull=False,
            department__in=request.handler_departments,
        )
        .filter(Q(confidential=False) | Exists(member_of_a_team))
        .select_related("department", "form")
        .order_by("department__code", "code")
    )


@staff_member_required
def intake_start(request):
    """Choose the grant call or the benefit the application is for (the form depends on it)."""
    today = timezone.localdate()
    calls = [(call, call.is_open(today)) for call in _department_calls(request)]
    benefit_services = list(_department_benefit_services(request))
    return render(
        request,
        "handling/intake_start.html",
        {"calls": calls, "benefit_services": benefit_services},
    )


def _access_call(request, call_id) -> GrantCall:
    try:
        return _department_calls(request).get(pk=int(call_id))
    except (GrantCall.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def _access_benefit_service(request, service_code) -> Service:
    """A benefit of the handler's departments; a confidential one only for its team members."""
    service = (
        Service.objects.filter(
            kind=ServiceKind.BENEFIT,
            form__isnull=False,
            department__in=request.handler_departments,
            code=str(service_code),
        )
        .select_related("department", "form")
        .first()
    )
    if service is None:
        raise Http404
    if service.confidential and not is_confidential_reader(request.user, service.department_id):
        raise Http404
    return service


@staff_member_required
@require_http_methods(["GET", "POST"])
@not_found_as_404
def intake_form(request, call_id):
    call = _access_call(request, call_id)
    return _intake_page(request, service=call.service, call=call)


@staff_member_required
@require_http_methods(["GET", "POST"])
@not_found_as_404
def intake_service_form(request, service_code):
    """A benefit applied for without calls (social assistance) received on paper, by phone or at
    a visit; registered and then handled exactly like an online application."""
    service = _access_benefit_service(request, service_code)
    return _intake_page(request, service=service, call=None)


def _intake_page(request, *, service: Service, call: GrantCall | None):
    spec = FormSpec.from_definition(service.form)
    values = {name: "" for name in REGISTRATION_FIELDS}
    values[intake.RECEIVED_ON] = timezone.localdate().isoformat()
    values[intake.CHANNEL] = Channel.PAPER
    data, extra_rows, errors, status = {}, {}, {}, 200
    file_was_chosen = False
    if request.method == "POST":
        values.update({name: request.POST.get(name, "").strip() for name in REGISTRATION_FIELDS})
        data = parsing.data_from_post(spec, request.POST)
        extra_rows = parsing.extra_rows_from_post(spec, request.POST, data)
        row_change = bool(extra_rows) or parsing.REMOVE_ROW in request.POST
        upload = request.FILES.get(intake.SCANNED_PAPER)
        file_was_chosen = upload is not None
        if row_change:
            pass  # only show the form again with the rows changed; nothing is registered
        elif request.POST.get("action") != "register":
            # Enter in a field: check the form without registering it.
            errors, status = validate(spec, data), 200
        else:
            try:
                case = intake.case_register_by_staff(
                    actor=request.user,
                    service=service,
                    grant_call=call,
                    applicant_national_id=values[intake.NATIONAL_ID],
                    applicant_first_name=values[intake.FIRST_NAME],
                    applicant_last_name=values[intake.LAST_NAME],
                    organisation_business_id=values[intake.BUSINESS_ID],
                    organisation_name=values[intake.ORGANISATION_NAME],
                    data=data,
                    channel=values[intake.CHANNEL],
                    received_on=values[intake.RECEIVED_ON],
                    scanned_paper=upload,
                )
            except ValidationFailed as failure:
                errors, status = failure.errors, 422
                messages.error(request, failure.message)
            else:
                messages.success(
                    request,
                    _("The application has been registered with the record number %(number)s.")
                    % {"number": case.record_number},
                )
                return HttpResponseRedirect(reverse("handling:case", args=[case.pk]))
    labels = _labels()
    registration_errors = {name: errors.get(name, []) for name in REGISTRATION_FIELDS}
    form_errors = {k: v for k, v in errors.items() if k not in registration_errors}
    summary = [
        (f"intake-{name}", labels[name], message)
        for name in REGISTRATION_FIELDS
        for message in registration_errors[name]
    ] + rendering.error_summary(spec, form_errors)
    return render(
        request,
        "handling/intake_form.html",
        {
            "call": call,
            "service": service,
            # A confidential benefit is a person's own matter: no organisation fields.
            "organisation_allowed": not service.confidential,
            "spec": spec,
            "values": values,
            "labels": labels,
            "registration_errors": registration_errors,
            "channels": [(c.value, c.label) for c in intake.STAFF_CHANNELS],
            "fieldsets": rendering.bind(spec, data, form_errors, extra_rows),
            "error_summary": summary,
            "choose_file_again": file_was_chosen and bool(errors),
        },
        status=status,
    )
