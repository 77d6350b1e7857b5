"""Public feedback pages (no login): the form, the receipt, tracking, the status page and the
board. Thin views: parse, call intake or a read in ``board``, render.

What a public page shows is limited on purpose (docs/feedback-public.md): the status page is
opened with a
secret tracking code but still never shows the description, contact details or photos, because a
code can be forwarded, overheard or left in a browser history.
"""

import re
import secrets

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from asiointi.common import idempotency, ratelimit
from asiointi.common.errors import ValidationFailed
from asiointi.common.i18n import current_language
from asiointi.common.web import not_found_as_404
from asiointi.feedback import board
from asiointi.feedback.constants import FeedbackStatus
from asiointi.feedback.intake import feedback_submit, normalise_tracking_code
from asiointi.feedback.public.forms import (
    FIELD_LABELS,
    PublicFeedbackForm,
    error_summary,
    feedback_services,
)
from asiointi.scanning.downloads import stored_file_response


def _track_limit() -> ratelimit.Limit:
    """Lookups by tracking code per client address: generous for a person, slow for guessing."""
    return ratelimit.Limit.parse(settings.FEEDBACK_TRACK_RATE_LIMIT)


def _too_many(verdict: ratelimit.Verdict, response):
    response["Retry-After"] = str(verdict.retry_after)
    return response


# The one-time form token (a hidden field): the form's page draws a new one, and the first POST
# that creates feedback with it stores the tracking code under it as an idempotency key
# (asiointi/common/idempotency.py). Sending the same page again (the back button, a double click)
# creates nothing and leads to the first feedback's receipt. A form sent without a token (an old
# page) is simply accepted, as before.
FORM_TOKEN_FIELD = "form_token"  # noqa: S105 (a field name, not a secret)
FORM_TOKEN_CLIENT = "feedback-form"  # noqa: S105 (the keys' namespace)
_FORM_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")


def _new_form_token() -> str:
    return secrets.token_urlsafe(32)


def _posted_form_token(request) -> str | None:
    token = request.POST.get(FORM_TOKEN_FIELD, "")
    return token if _FORM_TOKEN.fullmatch(token) else None


def _sent_already(request, answer: idempotency.StoredAnswer):
    messages.info(
        request,
        _("This feedback has already been sent, and it was not sent again. Here is its receipt."),
    )
    code = answer.body.decode("ascii")
    return HttpResponseRedirect(reverse("feedback:receipt", args=[code]))


@require_http_methods(["GET", "POST"])
def give(request):
    if request.method == "POST":
        return _give_post(request)
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.get_full_name(), "email": request.user.email}
    return _form_page(request, PublicFeedbackForm(initial=initial))


def _give_post(request):
    form = PublicFeedbackForm(request.POST)
    token = _posted_form_token(request)
    if token is not None:
        answer = idempotency.stored_answer(client=FORM_TOKEN_CLIENT, key=token)
        if answer is not None:
            return _sent_already(request, answer)
    verdict = ratelimit.hit(
        "feedback-form",
        ratelimit.request_ip(request),
        ratelimit.Limit.parse(settings.FEEDBACK_FORM_RATE_LIMIT),
    )
    if not verdict.allowed:
        form.is_valid()  # bind the typed values so that they are shown again
        minutes = max(1, (verdict.retry_after + 59) // 60)
        message = ngettext(
            "You have sent a lot of feedback in a short time. Nothing was saved this time. "
            "Please try again in %(minutes)d minute.",
            "You have sent a lot of feedback in a short time. Nothing was saved this time. "
            "Please try again in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}
        page = _form_page(
            request, form, problems=[message], status=429, photos_lost=bool(request.FILES)
        )
        return _too_many(verdict, page)
    photos = request.FILES.getlist("photos")
    if not form.is_valid():  # only over-long junk gets here; intake checks the rest
        return _form_page(request, form, status=422, photos_lost=bool(photos))
    refused = None
    try:
        # The token's row first, in the transaction that creates the feedback: a concurrent
        # second POST with the same token waits for the first and then finds its answer.
        with transaction.atomic():
            held = (
                idempotency.claim(
                    client=FORM_TOKEN_CLIENT, key=token, fingerprint=FORM_TOKEN_CLIENT
                )
                if token is not None
                else None
            )
            try:
                feedback = feedback_submit(
                    form.feedback_input(language=current_language(), photos=photos),
                    submitted_by=request.user,
                )
            except ValidationFailed as failure:
                # Refused before anything was stored: give the token up, keep what the refusal
                # wrote (a virus finding's audit row).
                refused = failure
                if held is not None:
                    held.delete()
            else:
                if held is not None:
                    idempotency.record(
                        held, HttpResponse(feedback.tracking_code, content_type="text/plain")
                    )
    except idempotency.StoredAnswer as answer:
        return _sent_already(request, answer)
    if refused is not None:
        unplaced = form.add_intake_errors(refused.errors)
        return _form_page(request, form, problems=unplaced, status=422, photos_lost=bool(photos))
    return HttpResponseRedirect(reverse("feedback:receipt", args=[feedback.tracking_code]))


def _form_page(request, form, *, problems=(), status=200, photos_lost=False):
    summary = error_summary(form, list(problems)) if form.is_bound else []
    return render(
        request,
        "feedback/public/give.html",
        {
            "form": form,
            "services": feedback_services(),
            "labels": FIELD_LABELS,
            "error_summary": summary,
            "photos_lost": photos_lost,
            # Sending the page again after an error keeps the token: nothing was stored with it.
            "form_token": _posted_form_token(request) or _new_form_token(),
        },
        status=status,
    )


def _lookup_or_404(request, code: str):
    """The feedback with this tracking code; every lookup counts against the track limit."""
    verdict = ratelimit.hit("feedback-track", ratelimit.request_ip(request), _track_limit())
    if not verdict.allowed:
        return None, verdict
    feedback = board.feedback_by_tracking_code(normalise_tracking_code(code))
    if feedback is None:
        raise Http404
    return feedback, verdict


def _track_refused(request, verdict):
    message = _("Too many lookups in a short time. Please try again in a minute.")
    response = render(
        request, "feedback/public/track.html", {"code": "", "problem": message}, status=429
    )
    return _too_many(verdict, response)


# The tracking code is in the address: keep these pages out of shared caches.
@never_cache
@require_GET
def receipt(request, code: str):
    feedback, verdict = _lookup_or_404(request, code)
    if feedback is None:
        return _track_refused(request, verdict)
    return render(
        request,
        "feedback/public/receipt.html",
        {"feedback": feedback, "email_sent": bool(feedback.contact_email)},
    )


@require_GET
def track(request):
    raw = request.GET.get("code", "")
    if not raw.strip():
        return render(request, "feedback/public/track.html", {"code": ""})
    verdict = ratelimit.hit("feedback-track", ratelimit.request_ip(request), _track_limit())
    if not verdict.allowed:
        return _track_refused(request, verdict)
    code = normalise_tracking_code(raw)
    if board.feedback_by_tracking_code(code) is None:
        problem = _(
            "No feedback was found with this tracking code. Check the code in your receipt "
            "email: it has three groups of four letters and digits, e.g. ABCD-EFGH-JKMN."
        )
        return render(
            request,
            "feedback/public/track.html",
            {"code": raw.strip()[:40], "problem": problem},
            status=404,
        )
    return HttpResponseRedirect(reverse("feedback:status", args=[code]))


@never_cache
@require_GET
def status(request, code: str):
    feedback, verdict = _lookup_or_404(request, code)
    if feedback is None:
        return _track_refused(request, verdict)
    return render(
        request,
        "feedback/public/status.html",
        {
            "feedback": feedback,
            "timeline": board.public_timeline(feedback),
            "show_answer": feedback.status == FeedbackStatus.ANSWERED and feedback.answer,
            "forwarded": feedback.status == FeedbackStatus.FORWARDED,
        },
    )


@require_GET
def board_list(request):
    service_code = request.GET.get("service", "").strip()
    query = request.GET.get("q", "").strip()[:200]
    paginator = Paginator(
        board.published_feedback(service_code=service_code, query=query), board.BOARD_PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/public/board.html",
        {
            "page": page,
            "items": list(page.object_list),
            "services": feedback_services().only("code", "name_fi", "name_sv", "name_en"),
            "service_code": service_code,
            "query": query,
        },
    )


@require_GET
def board_item(request, request_id: str):
    feedback = board.published_item(request_id)
    if feedback is None:
        raise Http404
    return render(
        request,
        "feedback/public/board_item.html",
        {"feedback": feedback, "photos": board.public_photos(feedback)},
    )


@require_GET
@not_found_as_404
def public_photo(request, pk: int):
    photo = board.published_photo(pk)
    if photo is None:
        raise Http404
    return stored_file_response(photo.file, content_type=photo.content_type, inline=True)
