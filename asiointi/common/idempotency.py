"""``Idempotency-Key``: a client's retry returns the first answer and creates nothing new.

Used by the REST API (asiointi/api/idempotency.py), Open311's ``POST requests`` and the public
feedback form (its one-time form token is the key, asiointi/feedback/public/views.py). A client
sends a key of its choice with a POST; per client, the first request with that key runs and its
successful answer (status, content type, body) is stored with the key; a retry with the same key
and the same request gets the stored answer back; the same key with another request is refused
(the caller maps ``IdempotencyKeyRefused`` to 422 in its own error format). Keys expire after
``KEY_LIFETIME``; ``asiointi purge_idempotency_keys`` deletes expired ones.

Why it holds under concurrency and crashes: the key row is inserted *first*, inside the
transaction the operation runs in, and the answer is written into the row before that transaction
commits. A concurrent duplicate's insert waits on the unique index (client, key) until the first
commits, then fails and replays the stored answer; if the first rolls back (an error, a killed
worker), the duplicate's insert goes through and it runs the operation itself. So either both
the created object and its answer exist, or neither does.

Only successful answers (2xx) are stored. An error answer gives the key up again (its row is
deleted), so the retry simply runs again; what the refusal itself wrote stays, exactly as without
the header — a refused operation's service has rolled its own changes back, while the audit row
of, say, an infected upload must survive.
"""

import datetime
import hashlib
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from asiointi.common.errors import ValidationFailed
from asiointi.common.models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEY_LIFETIME = datetime.timedelta(hours=24)
MAX_KEY_LENGTH = 255
FORM_CONTENT_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


class IdempotencyKeyRefused(ValidationFailed):
    """The key is malformed, or was used before with a different request (422)."""

    def __init__(self, message: str):
        super().__init__(message, {HEADER: [message]})


class StoredAnswer(Exception):  # noqa: N818 (a control-flow signal, not an error)
    """Raised by ``claim`` when the key already has an answer: send it again."""

    def __init__(self, status: int, content_type: str, body: bytes):
        super().__init__(status)
        self.status, self.content_type, self.body = status, content_type, body

    def response(self) -> HttpResponse:
        response = HttpResponse(self.body, status=self.status, content_type=self.content_type)
        response[REPLAYED_HEADER] = "true"
        return response


def requested_key(request: HttpRequest) -> str | None:
    """The ``Idempotency-Key`` header, or None without one; refused when malformed."""
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not key or len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise IdempotencyKeyRefused(
            _("The Idempotency-Key must be 1 to %(max)d printable ASCII characters.")
            % {"max": MAX_KEY_LENGTH}
        )
    return key


def request_fingerprint(request: HttpRequest) -> str:
    """What makes two requests "the same": method, path, query and body.

    Form bodies (Open311's, file uploads) are compared by their fields and file contents, not
    their bytes: a client library draws a new multipart boundary for every attempt.
    """
    digest = hashlib.sha256()
    for part in (request.method or "", request.path, request.META.get("QUERY_STRING", "")):
        digest.update(part.encode() + b"\0")
    if request.content_type in FORM_CONTENT_TYPES:
        for name in sorted(request.POST):
            for item in request.POST.getlist(name):
                digest.update(f"{name}={item}".encode() + b"\0")
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                digest.update(f"{name}:{upload.name}:".encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
                digest.update(b"\0")
    else:
        digest.update(request.body)
    return digest.hexdigest()


def claim(*, client: str, key: str, fingerprint: str) -> IdempotencyKey:
    """Insert the key row; call inside the operation's transaction, before the operation.

    Raises ``StoredAnswer`` when the key has been answered already (for the same request), and
    ``IdempotencyKeyRefused`` when it was used for a different request.
    """
    now = timezone.now()
    IdempotencyKey.objects.filter(client=client, key=key, expires_at__lte=now).delete()
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(
                client=client,
                key=key,
                fingerprint=fingerprint,
                created_at=now,
                expires_at=now + KEY_LIFETIME,
            )
    except IntegrityError:
        # Another request holds the key; the insert waited until it committed.
        existing = IdempotencyKey.objects.get(client=client, key=key)
    if existing.fingerprint != fingerprint:
        raise IdempotencyKeyRefused(
            _("This Idempotency-Key was already used for a different request.")
        )
    raise StoredAnswer(existing.status, existing.content_type, bytes(existing.body))


def stored_answer(*, client: str, key: str) -> StoredAnswer | None:
    """The answer already stored for an unexpired key, or None: a read only, for a caller that
    wants to answer a known retry before its other checks (the public feedback form's token,
    before its rate limit). ``claim`` stays the check that holds under concurrency."""
    row = (
        IdempotencyKey.objects.filter(
            client=client, key=key, expires_at__gt=timezone.now(), status__isnull=False
        )
        .only("status", "content_type", "body")
        .first()
    )
    return StoredAnswer(row.status, row.content_type, bytes(row.body)) if row else None


def record(key: IdempotencyKey, response: HttpResponse) -> None:
    """Store a successful answer with its key; give the key up on any other answer."""
    if not 200 <= response.status_code < 300 or response.streaming:
        key.delete()
        return
    key.status = response.status_code
    key.content_type = response.get("Content-Type", "")
    key.body = response.content
    key.save(update_fields=["status", "content_type", "body"])


def run_idempotently(
    request: HttpRequest, *, client: str, run: Callable[[], HttpResponse]
) -> HttpResponse:
    """Run ``run`` once per (client, Idempotency-Key); without the header, just run it.

    For a view that knows its client before it starts (Open311's api_key). Raises
    ``IdempotencyKeyRefused`` for the caller to answer in its own error format.
    """
    key = requested_key(request)
    if key is None:
        return run()
    fingerprint = request_fingerprint(request)
    try:
        with transaction.atomic():
            held = claim(client=client, key=key, fingerprint=fingerprint)
            response = run()
            record(held, response)
            return response
    except StoredAnswer as answer:
        return answer.response()


def purge_expired(now: datetime.datetime | None = None) -> int:
    """Delete expired keys; returns how many."""
    deleted, _by_model = IdempotencyKey.objects.filter(
        expires_at__lte=now or timezone.now()
    ).delete()
    return deleted
