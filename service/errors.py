"""The errors the service layer raises, for every front end to present its own way.

The web API turns them into its JSON error shape, the pages into a message
beside the form, the CLI into a usage error: each carries a stable ``code``
and, for input problems, the ``field`` to fix.
"""

from __future__ import annotations


class ServiceError(Exception):
    """A request that cannot be served, with a stable code and a message a user can act on."""

    code = "error"

    def __init__(self, message: str, code: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.field = field


class InputError(ServiceError, ValueError):
    """The request itself is wrong; ``field`` names the part to fix."""

    code = "invalid_field"

    def __init__(self, message: str, field: str, code: str | None = None):
        super().__init__(message, code, field)


class TooManyTargets(InputError):
    """More target languages than the server allows in one request."""

    def __init__(self, limit: int):
        super().__init__(f"at most {limit} targets per request", "targets")
        self.limit = limit


class TooLarge(ServiceError):
    """A text over the configured size limit."""

    code = "too_large"


class TimeLimitExceeded(ServiceError):
    """A request or batch article that would take longer than its configured limit."""

    code = "time_limit"


class StorageUnavailable(ServiceError):
    """A database or folder cannot be read or written now (read-only, locked, disk full): retry later."""

    code = "storage_unavailable"


class TranslationFailed(ServiceError):
    """No target could be translated; ``code`` is the first target's reason.

    Codes: ``no_engine`` (nothing installed), ``unsupported_pair``,
    ``engine_error``, ``same_language``.
    """

    code = "engine_error"
