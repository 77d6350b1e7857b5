"""The social worker's side of the calculation aid: saving a calculation on a case.

The panel itself is part of the handler's case page (handling.case_page, assistance.case_hooks);
this is its one POST. Post/redirect/get: the case page shows the saved calculation. With the
recognised-figures form, an error re-renders the case page (422) with the worker's input kept.
"""

import datetime

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asiointi.assistance import services
from asiointi.assistance.figures import figures_from_post
from asiointi.cases.access import access_case_for_handler
from asiointi.common.formatting import format_money
from asiointi.common.web import not_found_as_404, run_action
from asiointi.handling.access import staff_member_required
from asiointi.handling.case_page import render_case_page


def _posted_date(raw: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(raw.strip()) if raw.strip() else timezone.localdate()
    except ValueError:
        return None


@staff_member_required
@require_POST
@not_found_as_404
def calculation_save(request, case_id):
    case = access_case_for_handler(request.user, case_id, what="calculation")
    on = _posted_date(request.POST.get("calculation_date", ""))
    back = reverse("handling:case", args=[case.pk])
    if on is None:
        messages.error(request, _("Enter the date of the calculation as a date."))
        return HttpResponseRedirect(back + "#calculation")
    recognised, reason = None, ""
    if request.POST.get("figures"):
        form, parsed = figures_from_post(request.POST)
        if form.errors:
            return render_case_page(request, case, status=422, figures_form=form)
        recognised, reason = (parsed.members, parsed.incomes, parsed.expenses), form.reason

    def invalid(failed):
        if recognised is None:
            return None
        form.add_failure(failed, parsed)
        return render_case_page(request, case, status=422, figures_form=form)

    return run_action(
        request,
        lambda: services.calculation_save(
            actor=request.user, case=case, on=on, recognised=recognised, reason=reason
        ),
        success=lambda saved: (
            _("The calculation has been saved: %(amount)s a month proposed.")
            % {"amount": format_money(saved.monthly_assistance)}
        ),
        redirect_to=f"{back}?calculation_date={on.isoformat()}#calculation",
        invalid=invalid,
    )
