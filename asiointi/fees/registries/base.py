"""What the three registry adapters share: the errors, and an HTTP transport with explicit
timeouts and retries.

Transient failures (no connection, no answer within the timeout, 429 and 5xx) are retried with a
short exponential backoff, honouring ``Retry-After`` up to a cap; permanent ones (400, 401, 403,
404, an answer we cannot read) are not, since asking again would get the same answer. Either way
the caller gets a ``RegistryError`` whose message names the registry, for the official to read.
"""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import requests
from django.utils.translation import gettext as _

from asiointi.common.errors import DomainError
from asiointi.fees.constants import CENT, Registry

# The connection itself must not take long even when the answer may (a slow query).
CONNECT_TIMEOUT_CAP = 5.0
BACKOFF_SECONDS = 0.2
RETRY_AFTER_CAP_SECONDS = 5.0
TRANSIENT_STATUSES = frozenset({429, 500, 502, 503, 504})


class RegistryError(DomainError):
    """A registry query failed; ``message`` (translated) names the registry and says why."""

    def __init__(
        self, message: str, *, registry: str, attempts: int = 1, status: int | None = None
    ):
        super().__init__(message)
        self.registry = registry
        self.attempts = attempts
        self.status = status


class TransientRegistryError(RegistryError):
    """Timeouts, connection errors, 429 and 5xx answers: still failing after the retries."""


class PermanentRegistryError(RegistryError):
    """400, 401, 403, 404 or an answer we cannot read: asking again would not help."""


@dataclass
class CallStats:
    """Filled in by a call: how many HTTP attempts it took (the registry query's audit row)."""

    attempts: int = 0


def _seconds(value: float) -> str:
    return f"{value:g}"


class Transport:
    """GET JSON from one registry. One ``requests.Session`` per client and thread: sessions
    keep connections open, and the batch calls a client from several worker threads."""

    def __init__(
        self,
        registry: str,
        base_url: str,
        *,
        token: str,
        timeout: float,
        retries: int,
        throttle: Callable[[], None] | None = None,
        backoff: float = BACKOFF_SECONDS,
        retry_after_cap: float = RETRY_AFTER_CAP_SECONDS,
    ):
        self.registry = registry
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = float(timeout)
        self.retries = retries
        self.throttle = throttle
        self.backoff = backoff
        self.retry_after_cap = retry_after_cap
        self._local = threading.local()

    @property
    def label(self) -> str:
        return str(Registry(self.registry).label)

    @property
    def session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers.update(
                {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
            )
            self._local.session = session
        return session

    def get(
        self,
        path: str,
        params: dict | None = None,
        *,
        stats: CallStats | None = None,
        absent: Callable[[dict], bool] | None = None,
    ) -> dict | None:
        """The JSON answer (numbers as ``Decimal``). ``absent`` decides whether a 404 answer
        means "nothing to report" (``None``) rather than an error."""
        stats = stats if stats is not None else CallStats()
        attempt = 0
        while True:
            attempt += 1
            stats.attempts = attempt
            if self.throttle is not None:
                self.throttle()
            outcome = self._attempt(path, params, attempt, absent)
            if outcome.error is None:
                return outcome.data
            if isinstance(outcome.error, PermanentRegistryError) or attempt > self.retries:
                raise outcome.error
            time.sleep(outcome.wait)

    def _attempt(self, path, params, attempt, absent) -> "_Outcome":
        """One HTTP attempt: the answer, or the error and the pause before the next attempt."""
        backoff = self.backoff * 2 ** (attempt - 1)
        try:
            response = self.session.get(
                f"{self.base_url}{path}",
                params=params,
                timeout=(min(CONNECT_TIMEOUT_CAP, self.timeout), self.timeout),
            )
        except requests.Timeout:
            message = _("The %(registry)s did not answer in %(seconds)s seconds.") % {
                "registry": self.label,
                "seconds": _seconds(self.timeout),
            }
            error = TransientRegistryError(message, registry=self.registry, attempts=attempt)
            return _Outcome(error=error, wait=backoff)
        except requests.ConnectionError:
            message = _("The %(registry)s could not be reached.") % {"registry": self.label}
            error = TransientRegistryError(message, registry=self.registry, attempts=attempt)
            return _Outcome(error=error, wait=backoff)
        status = response.status_code
        if status == 200:
            return _Outcome(data=self._json(response, attempt))
        body = self._error_body(response)
        if status == 404 and absent is not None and absent(body):
            return _Outcome(data=None)
        if status in TRANSIENT_STATUSES:
            message = _(
                "The %(registry)s is temporarily unavailable (HTTP %(status)d); "
                "tried %(attempts)d times."
            ) % {"registry": self.label, "status": status, "attempts": attempt}
            wait = self._retry_after(response, backoff)
            error = TransientRegistryError(
                message, registry=self.registry, attempts=attempt, status=status
            )
            return _Outcome(error=error, wait=wait)
        return _Outcome(error=self._permanent(status, body, attempt))

    def _permanent(self, status: int, body: dict, attempt: int) -> PermanentRegistryError:
        values = {"registry": self.label, "status": status}
        if status in (401, 403):
            message = (
                _(
                    "The %(registry)s refused our credentials (HTTP %(status)d). "
                    "Check the registry token in the settings."
                )
                % values
            )
        elif status == 404:
            message = _("The %(registry)s does not know this person (HTTP 404).") % values
        else:
            detail = str(body.get("message") or body.get("error") or "")[:120]
            message = _("The %(registry)s rejected the query (HTTP %(status)d): %(detail)s") % {
                **values,
                "detail": detail or "-",
            }
        return PermanentRegistryError(
            message, registry=self.registry, attempts=attempt, status=status
        )

    def _retry_after(self, response, backoff: float) -> float:
        value = response.headers.get("Retry-After", "")
        try:
            return min(max(float(value), 0.0), self.retry_after_cap)
        except ValueError:
            return backoff  # absent, or an HTTP date: our own backoff will do

    def _json(self, response, attempt: int) -> dict:
        try:
            data = response.json(parse_float=Decimal)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise self.malformed(attempt) from None
        return data

    @staticmethod
    def _error_body(response) -> dict:
        try:
            data = response.json()
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def malformed(self, attempts: int = 1) -> PermanentRegistryError:
        message = _("The %(registry)s answered with data we could not read.") % {
            "registry": self.label
        }
        return PermanentRegistryError(message, registry=self.registry, attempts=attempts)


@dataclass
class _Outcome:
    data: dict | None = None
    error: RegistryError | None = None
    wait: float = 0.0


def euros(value) -> Decimal:
    """A registry's amount as euros and cents."""
    return Decimal(value).quantize(CENT)


class RegistryClient:
    """What every adapter shares: one ``Transport`` to its registry's base URL, with the
    timeouts, retries and throttle given. Subclasses set ``registry`` and add their queries."""

    registry: str = ""

    def __init__(
        self,
        base_url: str,
        *,
        token: str,
        timeout: float,
        retries: int,
        throttle: Callable[[], None] | None = None,
        **transport_options,
    ):
        self.transport = Transport(
            self.registry,
            base_url,
            token=token,
            timeout=timeout,
            retries=retries,
            throttle=throttle,
            **transport_options,
        )
