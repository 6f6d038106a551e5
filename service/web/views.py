"""HTML pages: the form, the side-by-side result, saved articles, exports.

Everything works with JavaScript off; the script only adds hover highlighting
across columns. The form and the API call the same service layer.
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _

from .. import documents, languages, render
from ..algorithms import NAMES as ALGORITHMS
from ..errors import InputError, ServiceError, StorageUnavailable, TooLarge, TooManyTargets
from ..glossary import parse_file
from ..glossary_store import check_name
from ..options import DEFAULT_SUMMARY_MODE, DEFAULT_TARGETS, SUMMARY_MODES, Options
from ..result import ArticleResult
from ..sources import SourceError, read_source
from . import get_runtime, security
from .attachment import attachment
from .errors import status_of

bp = Blueprint("web", __name__)
OPEN_PAGES = {"web.login"}


@bp.before_request
def require_sign_in():
    """With API keys configured, the form, the saved articles and their exports are for signed-in users only."""
    if request.endpoint in OPEN_PAGES or security.signed_in():
        return None
    if request.method == "GET":
        return redirect(url_for("web.login", next=request.full_path.rstrip("?")), code=303)
    abort(401, description=_("Sign in with an access key first."))


def _local_path(target: str | None) -> str:
    """Only a path on this site may be the place to go back to after signing in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("web.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        if security.sign_in(request.form.get("key", "")):
            return redirect(_local_path(request.form.get("next")), code=303)
        error = _("This access key is not valid.")
    return render_template("login.html", error=error, next=request.values.get("next", "")), 401 if error else 200


@bp.post("/logout")
def logout():
    security.sign_out()
    return redirect(url_for("web.login"), code=303)


def interface() -> str:
    return str(get_locale() or "en")


def target_choices(source: str) -> list[dict]:
    """Reachable targets with their name in the interface language and route."""
    ui = interface()
    out = []
    via = _("via %(pivots)s, %(engines)s")
    for code, route in sorted(get_runtime().translator.routes(source).items()):
        label = render.route_label(route.to_dict()["hops"], ui, via)
        out.append({"code": code, "name": languages.title_name(code, ui), "route": label})
    return out


def render_form(status: int = 200, error: str | None = None, **values):
    defaults = Options(targets=DEFAULT_TARGETS)
    # What the user typed wins; an empty field shows the default again.
    form = {**defaults.to_dict(), "text": "", **{k: v for k, v in values.items() if v != ""}}
    return render_template(
        "index.html",
        form=form,
        error=error,
        targets=target_choices(defaults.source),
        algorithms=list(ALGORITHMS),
        max_targets=current_app.config["MAX_TARGETS"],
        glossaries=_saved_glossaries(),
    ), status


def _saved_glossaries() -> list[dict]:
    """The saved glossaries for the form's menu; none when storage is unavailable (the form still works)."""
    try:
        return get_runtime().glossaries.names()
    except StorageUnavailable:
        return []


@bp.get("/")
def index():
    return render_form()


def _message(err: ServiceError) -> str:
    """The form's wording for an error, in the interface language where we have one."""
    if isinstance(err, TooLarge):
        limit = languages.format_count(current_app.config["MAX_TEXT_CHARS"], interface())
        return _("The text is longer than %(n)s characters.", n=limit)
    if isinstance(err, TooManyTargets):
        return _("Choose at most %(n)s languages.", n=err.limit)
    return err.message


@bp.post("/articles")
def submit():
    runtime = get_runtime()
    values = {
        "text": request.form.get("text", ""),
        "source": request.form.get("source", ""),
        "targets": request.form.getlist("targets"),
        "algorithm": request.form.get("algorithm", ""),
        "length": request.form.get("length", ""),
        "summary": request.form.get("summary", ""),
        "keep": "false" if request.form.get("forget") else "",
        "glossary_name": request.form.get("glossary_name", ""),
        "glossary_terms": request.form.get("glossary_terms", ""),
    }
    upload = request.files.get("file")
    try:
        if upload and upload.filename and not values["text"].strip():
            values["text"] = read_source(upload.filename, upload.read()).text
        text = runtime.check_text(values["text"])
        terms = values["glossary_terms"].strip()
        glossary = parse_file(terms) if terms else runtime.glossary_of(values["glossary_name"] or None)
        result = runtime.process(text, runtime.options({**values, "glossary": glossary}))
    except SourceError as err:
        # The pasted text goes back into the form: nothing typed is lost.
        return render_form(422, error=str(err), **values)
    except ServiceError as err:
        return render_form(422 if isinstance(err, InputError | TooLarge) else status_of(err), _message(err), **values)
    if result.id is None:  # "do not keep": shown once, never stored
        return _result_page(result, None)
    return redirect(url_for("web.show", article_id=result.id), code=303)


def render_document_form(status: int = 200, error: str | None = None, **values):
    form = {"source": "fr", "target": DEFAULT_TARGETS[0], "glossary_name": "", **values}
    return render_template(
        "documents.html",
        form=form,
        error=error,
        targets=target_choices("fr"),
        glossaries=_saved_glossaries(),
        suffixes=", ".join(documents.MIMETYPES),
    ), status


@bp.get("/documents")
def document_form():
    return render_document_form()


@bp.post("/documents")
def translate_document():
    """The uploaded document translated into one language, in its own format, as a download."""
    runtime = get_runtime()
    values = {key: request.form.get(key, "") for key in ("source", "target", "glossary_name")}
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            raise InputError(_("Choose a document to translate."), "file")
        options = runtime.options(
            {
                "source": values["source"],
                "targets": [values["target"]],
                "keep": "false" if request.form.get("forget") else "",
                "glossary": values["glossary_name"],
            },
            targets_required=True,
        )
        body, mimetype = documents.translate_document(runtime, upload.filename, upload.read(), options)
    except ServiceError as err:
        status = 422 if isinstance(err, InputError | TooLarge) else status_of(err)
        return render_document_form(status, _message(err), **values)
    return attachment(body, mimetype, documents.translated_name(upload.filename, options.targets[0]))


def _saved(article_id: str) -> ArticleResult:
    result = get_runtime().article(article_id)
    if result is None:
        abort(404, description=_("No saved article has this address; it may have been deleted."))
    return result


def _result_page(result: ArticleResult, article_id: str | None):
    mode = request.args.get("summary") or result.summary_mode
    if mode not in SUMMARY_MODES:
        mode = DEFAULT_SUMMARY_MODE
    view = render.side_by_side(result, mode, interface())
    return render_template(
        "result.html",
        doc=result,
        view=view,
        article_id=article_id,
        only_summary=request.args.get("view") == "summary",
        formats=list(render.EXPORTS),
    )


@bp.get("/articles/<article_id>")
def show(article_id: str):
    return _result_page(_saved(article_id), article_id)


@bp.get("/articles")
def recent():
    rows = [
        {
            "id": s.id,
            "title": s.title or _("(untitled)"),
            "targets": s.targets,
            "created": format_datetime(datetime.fromtimestamp(s.created), "medium"),
        }
        for s in get_runtime().saved_articles(100)
    ]
    return render_template("articles.html", rows=rows)


@bp.post("/articles/<article_id>/delete")
def delete(article_id: str):
    if not get_runtime().delete_article(article_id):
        abort(404, description=_("No saved article has this address; it may have been deleted."))
    return redirect(url_for("web.recent"), code=303)


@bp.get("/glossaries")
def glossaries(status: int = 200, error: str | None = None, **values):
    return render_template("glossaries.html", items=get_runtime().glossaries.names(), error=error, form=values), status


@bp.post("/glossaries")
def save_glossary():
    name, terms = request.form.get("name", ""), request.form.get("terms", "")
    try:
        get_runtime().glossaries.put(parse_file(terms, check_name(name.strip())))
    except InputError as err:
        return glossaries(422, err.message, name=name, terms=terms)
    return redirect(url_for("web.glossaries"), code=303)


@bp.post("/glossaries/<name>/delete")
def delete_glossary(name: str):
    if not get_runtime().glossaries.delete(name):
        abort(404, description=_("No glossary has this name."))
    return redirect(url_for("web.glossaries"), code=303)


@bp.get("/articles/<article_id>/export.<fmt>")
def export(article_id: str, fmt: str):
    export = render.EXPORTS.get(fmt)
    if export is None:
        abort(404, description=_("Unknown export format."))
    return attachment(export(_saved(article_id), interface()), export.mimetype, f"article-{article_id}.{fmt}")
