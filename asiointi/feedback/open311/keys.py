"""Open311 API keys: created by an operator, shown once, stored only as a hash.

A key is ``<prefix>.<secret>``. The prefix (8 hex characters) is stored in clear to find the
client and to name the key in the admin and the command line; the whole key is stored only as its
SHA-256, compared in constant time. A random 256-bit secret needs no slow password hash: nobody
can guess it, and a leaked table does not reveal working keys. Only active clients authenticate,
so a key revoked in the admin is refused from the next request on.
"""

import hashlib
import hmac
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from asiointi.feedback.models import ApiClient

PREFIX_BYTES = 4  # 8 hex characters; the model allows 12


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_client_create(*, name: str) -> tuple[ApiClient, str]:
    """Create a client and its key; returns the key in clear (the only time it exists)."""
    name = name.strip()
    if not name:
        raise ValueError("the client needs a name")
    for _attempt in range(5):
        prefix = secrets.token_hex(PREFIX_BYTES)
        key = f"{prefix}.{secrets.token_urlsafe(32)}"
        try:
            with transaction.atomic():
                client = ApiClient.objects.create(
                    name=name, key_prefix=prefix, key_hash=hash_key(key)
                )
        except IntegrityError:
            continue  # the prefix was taken: draw another
        return client, key
    raise RuntimeError("could not draw a unique key prefix")  # pragma: no cover


def api_client_authenticate(key: str) -> ApiClient | None:
    """The active client owning ``key``, or None."""
    prefix, dot, _secret = (key or "").strip().partition(".")
    if not dot or not prefix:
        return None
    client = ApiClient.objects.filter(key_prefix=prefix, active=True).first()
    if client is None:
        return None
    if not hmac.compare_digest(client.key_hash, hash_key(key.strip())):
        return None
    return client


def api_client_revoke(*, prefix: str) -> ApiClient | None:
    """Revoke the key with this prefix; None when there is no such key. Idempotent."""
    client = ApiClient.objects.filter(key_prefix=prefix.strip()).first()
    if client is None:
        return None
    if client.active:
        client.active = False
        client.revoked_at = timezone.now()
        client.save(update_fields=["active", "revoked_at"])
    return client
