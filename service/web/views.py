"""The HTML form and the side-by-side result (works with JavaScript off)."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from .. import languages
from ..pipeline import InputError, translate_text
from . import get_translator

bp = Blueprint("web", __name__)


def _target_choices(translator, source: str = "fr") -> list[dict]:
    return [
        {"code": code, "name": languages.language_name(code), "route": route.describe()}
        for code, route in sorted(translator.routes(source).items())
    ]


@bp.get("/")
def index():
    translator = get_translator()
    return render_template("index.html", targets=_target_choices(translator), text="", selected=["en", "es"])


@bp.post("/")
def submit():
    translator = get_translator()
    text = request.form.get("text", "")
    selected = request.form.getlist("targets")
    try:
        result = translate_text(translator, text, request.form.get("source", "fr"), selected)
    except InputError as err:
        return render_template(
            "index.html", targets=_target_choices(translator), text=text, selected=selected, error=str(err)
        ), 422
    columns = [
        {"code": code, "name": languages.language_name(code), "dir": languages.direction(code), "target": target}
        for code, target in result.targets.items()
    ]
    return render_template(
        "result.html", result=result, columns=columns, source_name=languages.language_name(result.source)
    )
