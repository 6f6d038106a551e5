"""Files handed to the browser to save: exports and translated documents."""

from __future__ import annotations

from urllib.parse import quote

from flask import Response


def attachment(body: bytes | str, mimetype: str, filename: str) -> Response:
    """``body`` as a download named ``filename`` (a non-ASCII name is sent as RFC 6266 ``filename*``)."""
    response = Response(body, mimetype=mimetype.split(";")[0])
    response.headers["Content-Type"] = mimetype
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    disposition = f'attachment; filename="{ascii_name}"'
    if ascii_name != filename:
        disposition += f"; filename*=UTF-8''{quote(filename)}"
    response.headers["Content-Disposition"] = disposition
    return response
