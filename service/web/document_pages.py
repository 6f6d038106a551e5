"""The Documents page: a file in, the same file translated out, as a download."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from service import messages
from service.errors import InputError, ServiceError, TooLarge
from service.models.options import DEFAULT_TARGETS
from service.pipeline import documents
from service.web import security
from service.web.attachment import attachment
from service.web.context import get_service
from service.web.errors import status_of
from service.web.forms import message_for, saved_glossaries, target_choices

bp = Blueprint("documents", __name__)
bp.before_request(security.require_sign_in)


def render_document_form(status: int = 200, error: str | None = None, **values):
    form = {"source": "fr", "target": DEFAULT_TARGETS[0], "glossary_name": "", **values}
    return render_template(
        "documents.html",
        form=form,
        error=error,
        targets=target_choices("fr"),
        glossaries=saved_glossaries(),
        suffixes=", ".join(documents.MIMETYPES),
    ), status


@bp.get("/documents")
def form():
    return render_document_form()


@bp.post("/documents")
def translate():
    """The uploaded document translated into one language, in its own format, as a download."""
    service = get_service()
    values = {key: request.form.get(key, "") for key in ("source", "target", "glossary_name")}
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            raise InputError(messages.CHOOSE_DOCUMENT(), "file")
        options = service.options(
            {
                "source": values["source"],
                "targets": [values["target"]],
                "keep": "false" if request.form.get("forget") else "",
                "glossary": values["glossary_name"],
            },
            targets_required=True,
        )
        body, mimetype = service.translate_document(upload.filename, upload.read(), options)
    except ServiceError as err:
        status = 422 if isinstance(err, InputError | TooLarge) else status_of(err)
        return render_document_form(status, message_for(err), **values)
    return attachment(body, mimetype, documents.translated_name(upload.filename, options.targets[0]))
