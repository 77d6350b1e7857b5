"""``Idempotency-Key`` on every POST of /api/v1, with asiointi/common/idempotency.py.

django-ninja authenticates inside the operation and turns the operation's result into a
response after it, so the mechanism is split in two decorators:

- ``in_transaction`` (mode "view", around authentication, validation, the operation and the
  response) holds the transaction that ``claimed`` opens, and once the response exists stores
  it with the key (or rolls everything back on an error answer) before committing;
- ``claimed`` (mode "operation", after authentication) opens that transaction and inserts the
  key row for the authenticated user, or raises ``StoredAnswer`` / ``IdempotencyKeyRefused``,
  which asiointi/common/api_errors.py answers with the stored response / a 422.

The transaction starts only after authentication, so no call to the identity provider happens
inside it. Requests without a user (the public fee calculator) create nothing and give the same
answer to the same body anyway; the header is accepted there and nothing is stored.
"""

import contextlib
import functools

from django.db import transaction

from asiointi.common import idempotency

CLAIMED_ATTRIBUTE = "asiointi_idempotency_key"
STACK_ATTRIBUTE = "asiointi_idempotency_transaction"
HEADER_PARAMETER = {
    "name": idempotency.HEADER,
    "in": "header",
    "required": False,
    "description": (
        "Any unique string of yours (e.g. a UUID). A retry with the same key and the same "
        "request gets the first answer and creates nothing new; the same key with another "
        "request is 422. Keys are kept for 24 hours, per user."
    ),
    "schema": {
        "type": "string",
        "minLength": 1,
        "maxLength": idempotency.MAX_KEY_LENGTH,
        "pattern": "^[\\x20-\\x7e]+$",
    },
}


def _applies(request) -> bool:
    return request.method == "POST" and idempotency.HEADER in request.headers


def in_transaction(run):
    @functools.wraps(run)
    def wrapper(request, *args, **kwargs):
        if not _applies(request):
            return run(request, *args, **kwargs)
        with contextlib.ExitStack() as stack:
            setattr(request, STACK_ATTRIBUTE, stack)
            response = run(request, *args, **kwargs)
            held = getattr(request, CLAIMED_ATTRIBUTE, None)
            if held is not None:
                idempotency.record(held, response)
            return response

    return wrapper


def claimed(operation):
    @functools.wraps(operation)
    def wrapper(request, *args, **kwargs):
        user = getattr(request, "auth", None)
        stack = getattr(request, STACK_ATTRIBUTE, None)
        if stack is not None and user is not None:
            key = idempotency.requested_key(request)
            fingerprint = idempotency.request_fingerprint(request)
            # Closed by in_transaction once the response is built and stored.
            stack.enter_context(transaction.atomic())
            held = idempotency.claim(client=f"user:{user.pk}", key=key, fingerprint=fingerprint)
            setattr(request, CLAIMED_ATTRIBUTE, held)
        return operation(request, *args, **kwargs)

    return wrapper
