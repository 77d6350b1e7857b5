"""The handlers' feedback pages: queue, detail with one form per allowed action, registration.

Views are thin: they parse a form, call one service and map its errors in one place — a
``ValidationFailed`` re-renders the page with the errors next to the fields (422), a rule or a
conflict becomes a message at the top after a redirect, and ``NotFound`` is a 404.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asiointi.common.errors import NotFound, ValidationFailed
from asiointi.common.forms import add_validation_errors, form_error_summary
from asiointi.common.pagination import page_context, sort_headers
from asiointi.common.web import int_or_none, not_found_as_404, run_action
from asiointi.feedback import access, services, workflow
from asiointi.feedback.access import HANDLER, STATEMENT, TRIAGE, feedback_staff_required
from asiointi.feedback.constants import FeedbackStatus, Publication
from asiointi.feedback.handling import forms as handling_forms
from asiointi.feedback.handling import selectors as handling_selectors
from asiointi.feedback.intake import FeedbackInput
from asiointi.feedback.models import StatementRequest
from asiointi.scanning.downloads import stored_file_response

PAGE_SIZE = 30
# The queue's table: htmx replaces only this region when a header sorts it.
RESULTS_ID = "feedback-results"


def _tab_labels() -> dict[str, str]:
    return {
        "triage": _("To be routed"),
        "new": _("New"),
        "in_process": _("In process"),
        "mine": _("Mine"),
        "statements": _("Statements asked from us"),
        "closed": _("Answered and closed"),
    }


@feedback_staff_required
def queue(request):
    roles = request.feedback_roles
    tabs = handling_selectors.tabs_for(roles)
    tab = request.GET.get("tab")
    if tab not in tabs:
        tab = "triage" if roles.is_triage and not roles.handler_department_ids else "new"
    page = max(int_or_none(request.GET.get("page")) or 1, 1)
    sort = request.GET.get("sort", "")
    sort = sort if sort.lstrip("-") in handling_selectors.SORTS else ""
    rows = list(
        handling_selectors.queue_list(roles=roles, tab=tab, sort=sort)[
            (page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1
        ]
    )
    counts = handling_selectors.queue_counts(roles=roles)
    labels = _tab_labels()
    # The tab's count is the list's length: the row count and the pages cost no query.
    context = {
        **page_context(rows, page=page, total=counts[tab], page_size=PAGE_SIZE),
        "tab": tab,
        "tab_label": labels[tab],
        "tabs": [(key, labels[key], counts[key]) for key in tabs],
        "now": timezone.now(),
        "results_id": RESULTS_ID,
        "sort_headers": sort_headers(sort, tuple(handling_selectors.SORTS)),
    }
    if request.htmx and request.htmx.target == RESULTS_ID:
        # Sorting with htmx: only the table and its pages are replaced.
        return render(request, "feedback/handling/_queue_results.html", context)
    return render(request, "feedback/handling/queue.html", context)


def _allowed(feedback, level: str, roles) -> dict[str, bool]:
    """The actions offered on the page: the workflow table and the viewer's level decide."""
    handler = level == HANDLER
    status_allows = {
        action: workflow.is_allowed(action, feedback.status) for action in workflow.TRANSITIONS
    }
    moderation = handler and feedback.publish_consent
    return {
        "route": roles.is_triage and level in (HANDLER, TRIAGE) and status_allows["route"],
        "claim": handler and status_allows["claim"],
        "answer": handler and status_allows["answer"],
        "request_statement": handler and status_allows["request_statement"],
        "transfer": handler and status_allows["transfer"],
        "forward": handler and status_allows["forward"],
        "close_without_answer": handler and status_allows["close_without_answer"],
        "add_note": handler,
        "publish": moderation
        and status_allows["publish"]
        and feedback.publication in (Publication.PENDING, Publication.DECLINED),
        "decline_publication": moderation
        and status_allows["decline_publication"]
        and feedback.publication in (Publication.PENDING, Publication.PUBLISHED),
    }


FORMS = {
    "route": handling_forms.RouteForm,
    "answer": handling_forms.AnswerForm,
    "request_statement": handling_forms.StatementRequestForm,
    "transfer": handling_forms.TransferForm,
    "forward": handling_forms.ForwardForm,
    "close_without_answer": handling_forms.CloseForm,
    "add_note": handling_forms.NoteForm,
    "publish": handling_forms.PublishForm,
}


def _initial(action: str, feedback) -> dict:
    if action == "publish":
        return {
            "public_description": feedback.public_description or feedback.description,
            "public_answer": feedback.public_answer or feedback.answer,
            "photos": [str(photo.pk) for photo in feedback.photos.all() if photo.public],
        }
    if action == "route":
        return {"department": feedback.department_id, "service": feedback.service_id}
    return {}


def _detail_context(request, feedback, level: str, *, bound=None) -> dict:
    roles = request.feedback_roles
    data = handling_selectors.detail(feedback)
    # The publish form's initial photos read ``feedback.photos.all()``: reuse the loaded list.
    feedback._prefetched_objects_cache = {"photos": data["photos"]}
    allowed = _allowed(feedback, level, roles)
    forms = {}
    for action, form_class in FORMS.items():
        if not allowed.get(action):
            continue
        if bound is not None and bound[0] == action:
            forms[action] = bound[1]
            continue
        kwargs = {"prefix": action, "initial": _initial(action, feedback)}
        if action == "publish":
            kwargs["photos"] = data["photos"]
        forms[action] = form_class(**kwargs)
    own_statements = [
        statement
        for statement in data["statements"]
        if statement.expert_id == roles.user_id
        or statement.department_id in roles.member_department_ids
    ]
    statement_forms = []
    for statement in own_statements:
        if statement.given_at is not None:
            continue
        if bound is not None and bound[0] == f"give_statement-{statement.pk}":
            form = bound[1]
        else:
            form = handling_forms.GiveStatementForm(prefix=f"statement-{statement.pk}")
        statement_forms.append((statement, form))
    show_suggestion = (
        level in (HANDLER, TRIAGE)
        and feedback.is_open
        and (allowed["route"] or feedback.department_id is not None)
    )
    return {
        "feedback": feedback,
        "level": level,
        "full": level in (HANDLER, TRIAGE),
        "allowed": allowed,
        "forms": forms,
        "events": data["events"],
        "statements": data["statements"] if level != STATEMENT else own_statements,
        "statement_forms": statement_forms,
        "photos": data["photos"] if level != STATEMENT else [],
        "reminders": data["reminders"],
        "suggestions": handling_selectors.suggestion_for(feedback) if show_suggestion else [],
        "reply_wanted_blocks_close": feedback.reply_wanted and feedback.is_open,
        "error_form": bound[0] if bound else None,
        "error_summary": form_error_summary(bound[1]) if bound else [],
        "statuses": FeedbackStatus,
    }


def _render_detail(request, feedback, level, *, bound=None, status=200):
    context = _detail_context(request, feedback, level, bound=bound)
    return render(request, "feedback/handling/detail.html", context, status=status)


@feedback_staff_required
@not_found_as_404
def detail(request, pk):
    feedback, level = access.access_feedback(request.feedback_roles, pk)
    return _render_detail(request, feedback, level)


@feedback_staff_required
@not_found_as_404
def photo(request, pk, photo_id):
    feedback, level = access.access_feedback(request.feedback_roles, pk)
    if level == STATEMENT:
        raise Http404
    item = feedback.photos.filter(pk=photo_id).first()
    if item is None:
        raise Http404
    return stored_file_response(item.file, content_type=item.content_type, inline=True)


def _detail_url(feedback, fragment: str = "") -> str:
    return reverse("feedback_handling:detail", args=[feedback.pk]) + fragment


def _call(action: str, actor, feedback, cleaned: dict, lock_version):
    """The service call for one action, with the form's cleaned data."""
    common = {"actor": actor, "feedback": feedback, "expected_lock_version": lock_version}
    if action == "route":
        return services.feedback_route(
            **common,
            department=cleaned.get("department"),
            service=cleaned.get("service"),
            reason=cleaned.get("reason", ""),
        ), _("The feedback has been routed.")
    if action == "claim":
        return services.feedback_claim(**common), _("You are now the handler of this feedback.")
    if action == "answer":
        return services.feedback_answer(**common, text=cleaned["answer"]), _(
            "The answer has been saved and sent to the resident."
        )
    if action == "request_statement":
        return services.feedback_request_statement(
            **common,
            department=cleaned.get("department"),
            expert=cleaned.get("expert"),
            question=cleaned["question"],
        ), _("The statement has been requested.")
    if action == "transfer":
        return services.feedback_transfer(
            **common, department=cleaned["department"], reason=cleaned["reason"]
        ), _("The feedback has been transferred.")
    if action == "forward":
        return services.feedback_forward(
            **common, reason=cleaned["reason"], pointer=cleaned["pointer"]
        ), _("The feedback has been forwarded to case management.")
    if action == "close_without_answer":
        return services.feedback_close_without_answer(
            **common, reason=cleaned.get("reason", "")
        ), _("The feedback has been closed without an answer.")
    if action == "add_note":
        return services.feedback_add_note(**common, text=cleaned["note"]), _(
            "The note has been added."
        )
    if action == "publish":
        return services.feedback_publish(
            **common,
            public_description=cleaned["public_description"],
            public_answer=cleaned.get("public_answer", ""),
            photo_ids=cleaned.get("photos", []),
        ), _("The feedback has been published on the feedback board.")
    if action == "decline_publication":
        return services.feedback_decline_publication(**common), _(
            "The feedback will not be published."
        )
    raise Http404


@feedback_staff_required
@require_POST
@not_found_as_404
def action(request, pk, name):
    if name not in workflow.TRANSITIONS or name == "give_statement":
        raise Http404
    feedback, level = access.access_feedback(request.feedback_roles, pk)
    lock_version = int_or_none(request.POST.get("lock_version"))
    form_class = FORMS.get(name)
    form = None
    cleaned = {}
    if form_class is not None:
        kwargs = {"prefix": name}
        if name == "publish":
            kwargs["photos"] = list(feedback.photos.all())
        form = form_class(request.POST, **kwargs)
        if not form.is_valid():
            return _render_detail(request, feedback, level, bound=(name, form), status=422)
        cleaned = form.cleaned_data

    def invalid(error):
        if form is None:
            return None
        add_validation_errors(form, error)
        return _render_detail(request, feedback, level, bound=(name, form), status=422)

    def after(_done) -> str:
        try:
            access.access_feedback(request.feedback_roles, pk)
        except NotFound:
            # Routed or transferred away from the actor: back to the queue.
            return reverse("feedback_handling:queue")
        return _detail_url(feedback)

    return run_action(
        request,
        lambda: _call(name, request.user, feedback, cleaned, lock_version),
        success=lambda done: done[1],
        redirect_to=after,
        error_redirect_to=_detail_url(feedback),
        invalid=invalid,
    )


@feedback_staff_required
@require_POST
@not_found_as_404
def give_statement(request, pk, statement_id):
    feedback, level = access.access_feedback(request.feedback_roles, pk)
    statement = StatementRequest.objects.filter(pk=statement_id, feedback=feedback).first()
    if statement is None:
        raise Http404
    form = handling_forms.GiveStatementForm(request.POST, prefix=f"statement-{statement.pk}")
    bound = (f"give_statement-{statement.pk}", form)
    if not form.is_valid():
        return _render_detail(request, feedback, level, bound=bound, status=422)

    def invalid(error):
        form.add_error("statement", error.errors.get("statement", [error.message])[0])
        return _render_detail(request, feedback, level, bound=bound, status=422)

    return run_action(
        request,
        lambda: services.statement_give(
            actor=request.user, statement=statement, text=form.cleaned_data["statement"]
        ),
        success=_("Thank you; the statement has been given."),
        redirect_to=_detail_url(feedback),
        invalid=invalid,
    )


REGISTER_FIELDS = (
    "type",
    "service_code",
    "title",
    "description",
    "address",
    "photos",
    "contact_name",
    "contact_email",
    "contact_phone",
    "reply_wanted",
    "publish_consent",
    "language",
    "channel",
    "received_at",
)


@feedback_staff_required
def register(request):
    if request.method != "POST":
        form = handling_forms.RegisterForm()
        return render(request, "feedback/handling/register.html", {"form": form})
    form = handling_forms.RegisterForm(request.POST, request.FILES)
    if form.is_valid():
        data = FeedbackInput(**{name: form.cleaned_data[name] for name in REGISTER_FIELDS})
        try:
            feedback = services.feedback_register(actor=request.user, data=data)
        except ValidationFailed as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request,
                _("Feedback %(number)s has been registered. Tracking code: %(code)s")
                % {"number": feedback.request_id, "code": feedback.tracking_code},
            )
            try:
                access.access_feedback(request.feedback_roles, feedback.pk)
            except NotFound:
                return HttpResponseRedirect(reverse("feedback_handling:queue"))
            return HttpResponseRedirect(_detail_url(feedback))
    return render(request, "feedback/handling/register.html", {"form": form}, status=422)
