"""The errors the service layer raises, for every front end to present its own way.

Each carries a stable ``code`` (the API's error code, which decides the HTTP
status), a ``Message`` (an id and parameters: English for the API, the
catalogue for pages) and, for input problems, the ``field`` to fix.
"""

from __future__ import annotations

from service import messages
from service.messages import Message


class ServiceError(Exception):
    """A request that cannot be served, with a stable code and a message a user can act on."""

    code = "error"

    def __init__(self, message: Message | str, code: str | None = None, field: str | None = None):
        self.detail = message if isinstance(message, Message) else messages.text(message)
        super().__init__(self.detail.english)
        if code:
            self.code = code
        self.field = field

    @property
    def message(self) -> str:
        """The API's English wording."""
        return self.detail.english

    def localized(self, interface: str) -> str:
        return self.detail.localized(interface)


class InputError(ServiceError, ValueError):
    """The request itself is wrong; ``field`` names the part to fix."""

    code = "invalid_field"

    def __init__(self, message: Message | str, field: str, code: str | None = None):
        super().__init__(message, code, field)


class TooManyTargets(InputError):
    """More target languages than the server allows in one request."""

    def __init__(self, limit: int):
        super().__init__(messages.TOO_MANY_TARGETS(limit=limit), "targets")
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


class SourceError(ValueError):
    """A file that holds no usable article text (the batch reports it; the web answers 422)."""

    def __init__(self, message: Message):
        self.detail = message
        super().__init__(message.english)


class SummaryError(InputError):
    """A summary request that cannot be served; ``field`` names what to fix."""
