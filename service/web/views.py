"""HTML pages: the form, the side-by-side result, saved articles, exports.

Everything works with JavaScript off; the script only adds hover highlighting
across columns. The form and the API call the same pipeline (``run_article``).
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _

from .. import exports, languages
from ..algorithms import DEFAULT as DEFAULT_ALGORITHM
from ..algorithms import DEFAULT_LENGTH
from ..algorithms import NAMES as ALGORITHMS
from ..pipeline import InputError
from ..sources import SourceError, read_source
from . import get_store, get_translator
from .api import all_failed, run_article

bp = Blueprint("web", __name__)
DEFAULT_TARGETS = ("en", "es")


def interface() -> str:
    return str(get_locale() or "en")


def target_choices(source: str = "fr") -> list[dict]:
    """Reachable targets with their name in the interface language and route."""
    translator = get_translator()
    ui = interface()
    out = []
    via = _("via %(pivots)s, %(engines)s")
    for code, route in sorted(translator.routes(source).items()):
        label = exports.route_label(route.to_dict()["hops"], ui, via)
        out.append({"code": code, "name": languages.title_name(code, ui), "route": label})
    return out


def render_form(status: int = 200, error: str | None = None, **values):
    form = {
        "text": "",
        "source": "fr",
        "targets": list(DEFAULT_TARGETS),
        "algorithm": DEFAULT_ALGORITHM,
        "length": DEFAULT_LENGTH,
        "summary": "aligned",
        **values,
    }
    return render_template(
        "index.html",
        form=form,
        error=error,
        targets=target_choices(),
        algorithms=list(ALGORITHMS),
        max_targets=current_app.config["MAX_TARGETS"],
    ), status


@bp.get("/")
def index():
    return render_form()


@bp.post("/articles")
def submit():
    values = {
        "text": request.form.get("text", ""),
        "source": request.form.get("source", "fr"),
        "targets": request.form.getlist("targets"),
        "algorithm": request.form.get("algorithm") or DEFAULT_ALGORITHM,
        "length": request.form.get("length") or DEFAULT_LENGTH,
        "summary": request.form.get("summary") or "aligned",
    }
    upload = request.files.get("file")
    try:
        if upload and upload.filename and not values["text"].strip():
            values["text"] = read_source(upload.filename, upload.read()).text
        if len(values["text"]) > current_app.config["MAX_TEXT_CHARS"]:
            raise InputError(
                _(
                    "The text is longer than %(n)s characters.",
                    n=languages.format_count(current_app.config["MAX_TEXT_CHARS"], interface()),
                ),
                "text",
            )
        if len(values["targets"]) > current_app.config["MAX_TARGETS"]:
            raise InputError(_("Choose at most %(n)s languages.", n=current_app.config["MAX_TARGETS"]), "targets")
        result, document = run_article(values)
    except (InputError, SourceError) as err:
        # The pasted text goes back into the form: nothing typed is lost.
        return render_form(422, error=str(err), **values)
    failed = all_failed(result.targets)
    if failed:
        return render_form(failed[1], error=failed[0].get_json()["error"]["message"], **values)
    return redirect(url_for("web.show", article_id=document["id"]), code=303)


def _document(article_id: str) -> dict:
    document = get_store().get(article_id)
    if document is None:
        abort(404, description=_("No saved article has this address; it may have been deleted."))
    return document


@bp.get("/articles/<article_id>")
def show(article_id: str):
    document = _document(article_id)
    mode = request.args.get("summary") or document.get("summary", {}).get("mode", "aligned")
    if mode not in ("aligned", "native"):
        mode = "aligned"
    view = exports.side_by_side(document, mode, interface())
    return render_template(
        "result.html",
        doc=document,
        view=view,
        article_id=article_id,
        only_summary=request.args.get("view") == "summary",
        formats=list(exports.EXPORTS),
    )


@bp.get("/articles")
def recent():
    rows = [
        {
            "id": s.id,
            "title": s.title or _("(untitled)"),
            "targets": s.targets,
            "created": format_datetime(datetime.fromtimestamp(s.created), "medium"),
        }
        for s in get_store().recent(100)
    ]
    return render_template("articles.html", rows=rows)


@bp.post("/articles/<article_id>/delete")
def delete(article_id: str):
    if not get_store().delete(article_id):
        abort(404, description=_("No saved article has this address; it may have been deleted."))
    return redirect(url_for("web.recent"), code=303)


@bp.get("/articles/<article_id>/export.<fmt>")
def export(article_id: str, fmt: str):
    if fmt not in exports.EXPORTS:
        abort(404, description=_("Unknown export format."))
    document = _document(article_id)
    mimetype, render = exports.EXPORTS[fmt]
    body = render(document, interface()) if fmt in ("md", "html") else render(document)
    response = Response(body, mimetype=mimetype.split(";")[0])
    response.headers["Content-Type"] = mimetype
    response.headers["Content-Disposition"] = f'attachment; filename="article-{article_id}.{fmt}"'
    return response
