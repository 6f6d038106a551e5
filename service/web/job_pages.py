"""The job page: progress of a submitted article, then its result.

Without JavaScript the page refreshes itself every two seconds; with it, the
script polls ``/jobs/<id>.json`` and moves to the result when the job is done.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from service import languages
from service.jobs import webhooks
from service.render.i18n import localize
from service.storage.jobs import CANCELLED, DONE, FAILED
from service.web import security
from service.web.context import get_service
from service.web.forms import interface, render_form

bp = Blueprint("jobs", __name__)
bp.before_request(security.require_sign_in)


def _job_or_404(job_id: str):
    job = get_service().job(job_id)
    if job is None:
        abort(404, description=_("No job has this address; it may have finished long ago."))
    return job


@bp.get("/jobs/<job_id>")
def page(job_id: str):
    """Progress of a submitted article; done → its result. Without JavaScript the page refreshes itself."""
    job = _job_or_404(job_id)
    if job.status == DONE and job.article_id:
        ignored = {"ignored": request.args["ignored"]} if request.args.get("ignored") else {}
        return redirect(url_for("web.show", article_id=job.article_id, **ignored), code=303)
    if job.status == FAILED:
        body = get_service().job_request(job_id) or {}
        values = {**(body.get("options") or {}), "text": body.get("text", ""), "glossary": None}
        error = job.error or {}
        message = localize(error.get("notice") or error.get("message"), interface()) or _("The translation failed.")
        return render_form(422, message, **values)
    names = {code: languages.title_name(code, interface()) for code in job.progress.get("targets", {})}
    return render_template("job.html", job=job, names=names, stages=JOB_STAGES())


def JOB_STAGES() -> dict[str, str]:
    """The job and target states in the interface language."""
    return {
        "queued": _("waiting for a free worker"),
        "warming": _("starting the engines"),
        "starting": _("starting"),
        "segmenting": _("reading the article"),
        "translating": _("translating"),
        "summarising": _("summarising"),
        "waiting": _("waiting"),
        "translated": _("translated"),
        "done": _("done"),
        "failed": _("failed"),
        "cancelled": _("cancelled"),
    }


@bp.get("/jobs/<job_id>.json")
def job_status(job_id: str):
    """What the job page's script polls (same session rules as the page, no API key needed)."""
    job = _job_or_404(job_id)
    out = {"status": job.status, "progress": job.progress, "stages": JOB_STAGES()}
    if job.status in (DONE, FAILED):
        ignored = {"ignored": request.args["ignored"]} if request.args.get("ignored") else {}
        out["next"] = url_for("jobs.page", job_id=job.id, **ignored)
    return out


@bp.post("/jobs/<job_id>/cancel")
def cancel_job(job_id: str):
    before = _job_or_404(job_id)
    service = get_service()
    service.cancel_job(job_id)
    if not before.finished:  # a job submitted through the API with a callback_url hears of it too
        webhooks.notify(service.jobs, service.config, job_id, (CANCELLED,))
    return redirect(url_for("jobs.page", job_id=job_id), code=303)
