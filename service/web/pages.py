"""HTML pages: the form, the side-by-side result, saved articles, glossaries, exports.

Everything works with JavaScript off; the script adds hover highlighting
across columns and live job progress. The form and the API call the same
service layer; a kept article becomes a job (``job_pages``).
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _

from service import languages, messages, render
from service.errors import InputError, ServiceError, SourceError, TooLarge
from service.messages import N_
from service.models.archive import ArticleUpdate, SearchQuery
from service.models.glossary import check_name, parse_file
from service.models.options import DEFAULT_SUMMARY_MODE, SUMMARY_MODES, Options
from service.models.origin import Origin
from service.models.result import ArticleResult
from service.render.i18n import algorithm_label
from service.storage.jobs import DONE, job_request_hash
from service.text.files import read_source
from service.web import security
from service.web.attachment import attachment
from service.web.context import get_service
from service.web.errors import status_of
from service.web.forms import interface, message_for, render_form

bp = Blueprint("web", __name__)
bp.before_request(security.require_sign_in)


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        if security.sign_in(request.form.get("key", "")):
            return redirect(security.local_path(request.form.get("next")) or url_for("web.index"), code=303)
        error = _("This access key is not valid.")
    return render_template("login.html", error=error, next=request.values.get("next", "")), 401 if error else 200


@bp.post("/logout")
def logout():
    security.sign_out()
    return redirect(url_for("web.login"), code=303)


@bp.get("/")
def index():
    return render_form()


@bp.post("/articles")
def submit():
    service = get_service()
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
        "outlet": request.form.get("outlet", ""),
        "url": request.form.get("url", ""),
        "tags": request.form.get("tags", ""),
    }
    upload = request.files.get("file")
    try:
        origin = Origin.parse(values)
        pasted = bool(values["text"].strip())
        if upload and upload.filename and not pasted:
            values["text"] = read_source(upload.filename, upload.read(), service.limits).text
        text = service.check_text(values["text"])
        terms = values["glossary_terms"].strip()
        glossary = parse_file(terms) if terms else values["glossary_name"] or None
        options = service.options({**values, "glossary": glossary}, targets_required=True)
        # A pasted text and a file: the text is used, and the result page says the file was not.
        ignored = {"ignored": upload.filename} if upload and upload.filename and pasted else {}
        if options.keep:  # a job: the page follows its progress, and pressing twice does not start it twice
            job = _submit_form_job(service, text, options, origin)
            return redirect(url_for("jobs.page", job_id=job.id, **ignored), code=303)
        result = service.process(text, options, origin=origin)
    except SourceError as err:
        # The pasted text goes back into the form: nothing typed is lost.
        return render_form(422, err.detail.localized(interface()), "file", **values)
    except ServiceError as err:
        status = 422 if isinstance(err, InputError | TooLarge) else status_of(err)
        return render_form(status, message_for(err), getattr(err, "field", None), **values)
    return _result_page(result, None)  # "do not keep": shown once, never stored


FORM_REPEAT_WINDOW = 600.0  # seconds during which the same text and options are the same job


def _submit_form_job(service, text: str, options: Options, origin: Origin | None = None):
    """The job for this form submission: an identical one submitted in the last minutes is reused."""
    key = "form:" + job_request_hash(text, options)
    job, created = service.submit_job(text, options, key, FORM_REPEAT_WINDOW, origin=origin)
    if not created and job.status == DONE and service.article(job.article_id) is None:
        service.release_job(job.id)  # its article was deleted since: run it again
        job, _ = service.submit_job(text, options, key, FORM_REPEAT_WINDOW, origin=origin)
    return job


def _saved(article_id: str) -> ArticleResult:
    result = get_service().article(article_id)
    if result is None:
        abort(404, description=_("No saved article has this address; it may have been deleted."))
    return result


def _result_page(result: ArticleResult, article_id: str | None, record_error: str | None = None, status: int = 200):
    ui = interface()
    mode = request.args.get("summary") or result.summary_mode
    if mode not in SUMMARY_MODES:
        mode = DEFAULT_SUMMARY_MODE
    view = render.side_by_side(result, mode, ui)
    # A language given by the reader that the text does not read as: say which it reads as.
    detected = next((n.params.get("code") for n in result.notices if n.key == messages.SENT_AS_OTHER.key), None)
    chosen = set(request.args.getlist("cols"))
    for column in view["columns"]:  # without JavaScript the column chooser is a GET form
        column["shown"] = column["is_source"] or not chosen or column["code"] in chosen
    algorithm_name, algorithm_help = algorithm_label(result.algorithm, ui)
    return render_template(
        "result.html",
        doc=result,
        view=view,
        article_id=article_id,
        only_summary=request.args.get("view") == "summary",
        formats=list(render.EXPORTS),
        source_name=languages.title_name(result.source, ui),
        language_names={code: languages.title_name(code, ui) for code in result.codes},
        skipped=", ".join(languages.title_name(c, ui) for c in result.targets if c == result.source),
        algorithm_name=algorithm_name,
        algorithm_help=algorithm_help,
        engine_notice=_engine_notice(result),
        only_doubtful=request.args.get("doubtful") == "1",
        # Only when the given language was not the one the text reads as (a detected source says so itself).
        detected_other=languages.title_name(detected, ui) if detected and detected != result.source else None,
        record_error=record_error,
    ), status


def _engine_notice(result: ArticleResult) -> str | None:
    """Say when a target went through Apertium only because no Argos package is installed for it."""
    engines = {engine for t in result.targets.values() for engine in t.engines}
    if "argos" in engines or get_service().argos_installed() is not False:
        return None
    return _(
        "These translations come from Apertium (rule-based). Argos Translate packages (neural) are not installed: "
        "they often read more naturally; see “python -m service models” to install them."
    )


@bp.get("/help/models")
def models_help():
    """How to bring Argos packages to a machine with no network, and what is installed now."""
    argos = next((e for e in get_service().health().engines if e.name == "argos"), None)
    return render_template(
        "models_help.html",
        index_url=current_app.config["ARGOS_INDEX_URL"],
        pairs=[f"{s}→{t}" for s, t in (argos.pairs if argos else [])],
        problems=argos.problems if argos else [],
    )


@bp.get("/articles/<article_id>")
def show(article_id: str):
    return _result_page(_saved(article_id), article_id)


SORT_LABELS = {"relevance": N_("most relevant"), "newest": N_("newest first"), "oldest": N_("oldest first")}


@bp.get("/articles")
def recent():
    """The saved articles, searched and filtered with a GET form (works without JavaScript), a page at a time."""
    form = {key: value for key, value in request.args.items() if value.strip() and key != "lang"}
    service = get_service()
    error, page, query = None, None, None
    try:
        query = SearchQuery.parse(form)
        page = service.search_articles(query)
    except InputError as err:
        error = err.localized(interface())
    status = 422 if error else 200
    links = {}
    if page is not None and query is not None:
        if page.offset + len(page.articles) < page.total:
            links["next_url"] = url_for("web.recent", **query.args(offset=page.offset + page.limit))
        if page.offset > 0:
            links["previous_url"] = url_for("web.recent", **query.args(offset=max(0, page.offset - page.limit)))
    ui = interface()
    codes = {c for a in (page.articles if page else []) for c in [a.source, *a.targets]}
    return (
        render_template(
            "articles.html",
            page=page,
            form=form,
            error=error,
            sorts=[(value, _(label)) for value, label in SORT_LABELS.items()],
            language_names={code: languages.title_name(code, ui) for code in codes},
            **links,
        ),
        status,
    )


def _digest_values() -> tuple[dict, str]:
    form = {key: value for key, value in request.args.items() if value.strip() and key != "lang"}
    language = (form.get("language") or interface()).strip().lower()
    return form, language


def _make_digest(form: dict, language: str):
    query = SearchQuery.parse({k: v for k, v in form.items() if k in ("from", "to", "outlet", "tag")})
    filters = {k: v for k, v in (("outlet", query.outlet), ("tag", query.tag)) if v}
    return get_service().digest(
        language,
        query.date_from,
        query.date_to,
        link=lambda result: url_for("web.show", article_id=result.id, _external=True),
        **filters,
    )


@bp.get("/digest")
def digest():
    """The saved articles of a period grouped by story, each read in the reader's language."""
    form, language = _digest_values()
    error, result = None, None
    try:
        result = _make_digest(form, language)
    except InputError as err:
        error = err.localized(interface())
    ui = interface()
    reading = sorted({language, *get_service().languages().targets, "fr"})
    return (
        render_template(
            "digest.html",
            digest=result,
            form=form,
            error=error,
            digest_language=language,
            reading_languages=[(code, languages.title_name(code, ui)) for code in reading],
            export_args={k: v for k, v in {**form, "language": language}.items()},
        ),
        422 if error else 200,
    )


@bp.get("/digest.<fmt>")
def digest_export(fmt: str):
    """The digest as a file: self-contained HTML or Markdown."""
    from service.render.digest import digest_html, digest_markdown

    renderers = {
        "html": (digest_html, "text/html; charset=utf-8"),
        "md": (digest_markdown, "text/markdown; charset=utf-8"),
    }
    if fmt not in renderers:
        abort(404, description=_("Unknown export format."))
    form, language = _digest_values()
    try:
        result = _make_digest(form, language)
    except InputError as err:
        abort(422, description=err.localized(interface()))
    render_digest, mimetype = renderers[fmt]
    day = result.last_day or result.first_day or "all"
    return attachment(render_digest(result, interface()), mimetype, f"digest-{day}.{fmt}")


@bp.post("/articles/<article_id>/record")
def update_record(article_id: str):
    """The result page's form: outlet, original address, tags and whether it was reviewed."""
    _saved(article_id)
    values = {
        "outlet": request.form.get("outlet", ""),
        "url": request.form.get("url", ""),
        "tags": request.form.get("tags", ""),
        "reviewed": "true" if request.form.get("reviewed") else "false",
    }
    try:
        get_service().update_article(article_id, ArticleUpdate.parse(values))
    except InputError as err:
        return _result_page(_saved(article_id), article_id, record_error=err.localized(interface()), status=422)
    return redirect(url_for("web.show", article_id=article_id), code=303)


@bp.get("/articles/<article_id>/delete")
def confirm_delete(article_id: str):
    """Deleting cannot be undone: the button leads here first (works without JavaScript)."""
    result = _saved(article_id)
    return render_template("confirm_delete.html", article_id=article_id, title=result.title or _("(untitled)"))


@bp.post("/articles/<article_id>/delete")
def delete(article_id: str):
    if not get_service().delete_article(article_id):
        abort(404, description=_("No saved article has this address; it may have been deleted."))
    return redirect(url_for("web.recent"), code=303)


@bp.get("/glossaries")
def glossaries(status: int = 200, error: str | None = None, **values):
    return render_template("glossaries.html", items=get_service().glossary_names(), error=error, form=values), status


@bp.post("/glossaries")
def save_glossary():
    name, terms = request.form.get("name", ""), request.form.get("terms", "")
    try:
        get_service().put_glossary(parse_file(terms, check_name(name.strip())))
    except InputError as err:
        return glossaries(422, err.localized(interface()), name=name, terms=terms)
    return redirect(url_for("web.glossaries"), code=303)


@bp.post("/glossaries/<name>/delete")
def delete_glossary(name: str):
    if not get_service().delete_glossary(name):
        abort(404, description=_("No glossary has this name."))
    return redirect(url_for("web.glossaries"), code=303)


def _sentence_page(article_id: str, code: str, number: int, status: int = 200, error: str | None = None, text=None):
    """The small form that corrects one sentence: the no-JavaScript way (the script edits in place)."""
    service, ui = get_service(), interface()
    try:
        found = service.sentence(article_id, code, number)
    except InputError:
        found = None
    if found is None:
        abort(404, description=_("No saved article has this address; it may have been deleted."))
    result, source, sentence = found
    actions = {"corrected": _("corrected"), "accepted": _("marked reviewed")}
    history = [
        {
            "when": format_datetime(datetime.fromtimestamp(h.at), "medium"),
            "by": h.by,
            "action": actions.get(h.action, h.action),
            "previous": h.previous,
        }
        for h in reversed(sentence.history)
    ]
    page = render_template(
        "sentence.html",
        article_id=article_id,
        number=number,
        code=code,
        direction=languages.direction(code),
        language_name=languages.title_name(code, ui),
        source=source.text,
        source_code=result.source,
        source_name=languages.title_name(result.source, ui),
        sentence=sentence,
        text=sentence.text if text is None else text,
        reasons=render.doubts.summary(sentence, code, ui) if render.doubts.doubtful(sentence) or sentence.flags else "",
        review=render.doubts.review_note(sentence, ui),
        suggestion=sentence.suggestion.text if sentence.suggestion else "",
        history=history,
        error=error,
    )
    return page, status


@bp.get("/articles/<article_id>/sentences/<code>/<int:number>")
def sentence(article_id: str, code: str, number: int):
    return _sentence_page(article_id, code, number)


@bp.post("/articles/<article_id>/sentences/<code>/<int:number>")
def review_sentence(article_id: str, code: str, number: int):
    """Correct or accept one sentence; back to the article at that sentence (JSON for the page's script)."""
    service, ui = get_service(), interface()
    action = request.form.get("action", "correct")
    text = request.form.get("text", "")
    try:
        if action == "suggestion":
            found = service.sentence(article_id, code, number)
            suggestion = found[2].suggestion if found else None
            text = suggestion.text if suggestion else text
        found = service.review(article_id, code, number, None if action == "accept" else text, security.who())
    except ServiceError as err:
        if request.accept_mimetypes.best == "application/json":
            return {"error": {"code": err.code, "message": message_for(err)}}, status_of(err)
        return _sentence_page(article_id, code, number, status_of(err), message_for(err), text)
    if found is None:
        abort(404, description=_("No saved article has this address; it may have been deleted."))
    result, _source, sentence = found
    if request.accept_mimetypes.best == "application/json":
        view = render.side_by_side(result, interface=ui)
        return {
            "text": sentence.text,
            "state": sentence.state,
            "note": render.doubts.review_note(sentence, ui),
            "counts": _("%(n)s doubtful of %(total)s", n=view["counts"]["doubtful"], total=view["counts"]["sentences"]),
            "column_doubtful": {c["code"]: c["doubtful"] for c in view["columns"]},
        }
    return redirect(url_for("web.show", article_id=article_id, _anchor=f"s-{number}"), code=303)


@bp.get("/articles/<article_id>/export.<fmt>")
def export(article_id: str, fmt: str):
    export = render.EXPORTS.get(fmt)
    if export is None:
        abort(404, description=_("Unknown export format."))
    result = _saved(article_id)
    return attachment(export(result, interface()), export.mimetype, render.export_name(result, fmt))
