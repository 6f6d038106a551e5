"""What the HTML pages share: the article form, its choices, and error wording in the interface language."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import gettext as _

from service import languages, render
from service.errors import ServiceError, StorageUnavailable, TooLarge, TooManyTargets
from service.models.options import DEFAULT_TARGETS, Options
from service.models.summary import NAMES as ALGORITHMS
from service.render.i18n import algorithm_label
from service.web.context import get_service, interface

__all__ = ["interface", "message_for", "render_form", "saved_glossaries", "target_choices"]


def target_choices(source: str) -> list[dict]:
    """Reachable targets with their name in the interface language and route."""
    ui = interface()
    out = []
    via = _("via %(pivots)s, %(engines)s")
    for code, route in sorted(get_service().routes(source).items()):
        label = render.route_label(route.to_dict()["hops"], ui, via)
        out.append({"code": code, "name": languages.title_name(code, ui), "route": label})
    return out


FORM_FIELDS = {
    "text",
    "file",
    "source",
    "targets",
    "algorithm",
    "length",
    "summary",
    "glossary",
    "outlet",
    "url",
    "tags",
}


def render_form(status: int = 200, error: str | None = None, error_field: str | None = None, **values):
    """The article form; an error is tied to its field (``aria-invalid``, ``aria-describedby``, focus)."""
    defaults = Options(targets=DEFAULT_TARGETS)
    # What the user typed wins; an empty field shows the default again.
    form = {**defaults.to_dict(), "text": "", **{k: v for k, v in values.items() if v != ""}}
    ui = interface()
    return render_template(
        "index.html",
        form=form,
        error=error,
        error_field=(error_field if error_field in FORM_FIELDS else "text") if error else None,
        targets=target_choices(defaults.source),
        algorithms=[(name, *algorithm_label(name, ui)) for name in ALGORITHMS],
        max_targets=current_app.config["MAX_TARGETS"],
        glossaries=saved_glossaries(),
    ), status


def saved_glossaries() -> list[dict]:
    """The saved glossaries for the form's menu; none when storage is unavailable (the form still works)."""
    try:
        return get_service().glossary_names()
    except StorageUnavailable:
        return []


def message_for(err: ServiceError) -> str:
    """The form's wording for an error, in the interface language where we have one."""
    if isinstance(err, TooLarge) and err.detail.key == "text_too_long":
        limit = languages.format_count(current_app.config["MAX_TEXT_CHARS"], interface())
        return _("The text is longer than %(n)s characters.", n=limit)
    if isinstance(err, TooManyTargets):
        return _("Choose at most %(n)s languages.", n=err.limit)
    return err.localized(interface())
