"""Domain errors. Views and the API map them to HTTP in one place each (not found → 404, …)."""


class DomainError(Exception):
    """A rule said no. The message is shown to the user as it is (already translated)."""

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The object does not exist or the user may not see it; the two are never told apart."""


class TransitionNotAllowed(DomainError):
    pass


class Conflict(DomainError):
    """Somebody else changed the object first; the user should reload and try again."""


class Gone(DomainError):
    """The object is known and the user may see it, but it is no longer available (410)."""


class ValidationFailed(DomainError):
    """Input did not pass validation. ``errors`` maps a field path to a list of messages."""

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.errors = errors or {}
