"""Messages of the service layer, in the reader's language.

The service layer speaks English (the API's messages and codes are a
contract); pages and exports show the same messages through the catalogue.
Each known message is matched by a pattern whose named groups become the
translation's parameters; a message not listed here is shown as it is.
"""

from __future__ import annotations

import re

from service.render.i18n import N_, gettext

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), m)
    for p, m in [
        (r"^the text is empty$", N_("The text is empty.")),
        (r"^give at least one target language$", N_("Choose at least one language to translate into.")),
        (
            r"^unknown target language '(?P<code>[^']*)' \(use ISO 639-1 codes such as 'en'\)$",
            N_("“%(code)s” is not a language this server knows."),
        ),
        (
            r"^unknown (?P<field>\w+) language '(?P<code>[^']*)'.*$",
            N_("“%(code)s” is not a language this server knows."),
        ),
        (
            r"^length must be a sentence count such as 3 or a ratio such as 20%, not '(?P<value>[^']*)'$",
            N_("The summary length must be a number of sentences such as 3 or a share such as 20%%, not “%(value)s”."),
        ),
        (r"^unknown algorithm '(?P<name>[^']*)'.*$", N_("“%(name)s” is not a summary method of this server.")),
        (r"^summary mode must be one of .*$", N_("Choose aligned or native summaries.")),
        (r"^no saved glossary named '(?P<name>[^']*)'$", N_("There is no saved glossary named “%(name)s”.")),
        (
            r"^a glossary name is 1 to 64 letters, digits, '\.', '_' or '-'$",
            N_("A glossary name is 1 to 64 letters, digits, dots, underscores or hyphens."),
        ),
        (r"^the glossary file is empty$", N_("The glossary is empty.")),
        (
            r"^line (?P<line>\d+): write translations as lang=text.*$",
            N_("Glossary line %(line)s: write translations as language=text, e.g. en=Weather France."),
        ),
        (
            r"^line (?P<line>\d+): unknown language '(?P<code>[^']*)' in the header$",
            N_("Glossary line %(line)s: “%(code)s” is not a language code."),
        ),
        (
            r"^line (?P<line>\d+): (?P<got>\d+) columns, the header has (?P<want>\d+)$",
            N_("Glossary line %(line)s: %(got)s columns, but the header has %(want)s."),
        ),
        (r"^(?:line|entry) (?P<line>\d+): the term is empty$", N_("Glossary line %(line)s: the term is empty.")),
        (r"^the file is empty$", N_("The file is empty.")),
        (r"^the file has no text$", N_("The file has no text.")),
        (r"^binary file, not text$", N_("This file is not text (it looks like a binary file).")),
        (r"^cannot tell the text encoding.*$", N_("The file's encoding could not be recognised: save it as UTF-8.")),
        (
            r"^unsupported (?:file|document) type '(?P<suffix>[^']*)'.*$",
            N_("Files of type %(suffix)s are not supported: use .txt, .md, .html or .docx."),
        ),
        (r"^not a readable \.docx document.*$", N_("This is not a readable Word (.docx) document.")),
        (
            r"^the HTML page has no article.*$",
            N_("This web page has no article: only navigation, links or page furniture."),
        ),
        (
            r"^text too long \((?P<n>\d+) characters; the limit is (?P<limit>\d+)\)$",
            N_("The text has %(n)s characters; the limit is %(limit)s."),
        ),
        (
            r"^the text has an invalid character at position (?P<at>\d+).*$",
            N_("The text has an invalid character at position %(at)s (a broken emoji or accented letter): remove it."),
        ),
        (r"^no translation engine is configured$", N_("No translation engine is installed on this server.")),
        (r"^target '(?P<code>[^']*)' is the source language$", N_("The article is already in this language.")),
        (
            r"^no engine can translate (?P<pair>\S+); reachable from (?P<source>\w+): (?P<list>.*)$",
            N_("No engine can translate %(pair)s; reachable from %(source)s: %(list)s."),
        ),
        (
            r"^processing took longer than the (?P<limit>[\d.]+) s limit \(while (?P<stage>.*)\).*$",
            N_(
                "Processing took longer than the %(limit)s s limit (while %(stage)s): "
                "send a shorter text or fewer languages."
            ),
        ),
        (
            r"^storage (?P<name>\S+) is unavailable: .*$",
            N_("Storage is unavailable for a moment (%(name)s): nothing was lost; try again shortly."),
        ),
        (
            r"^the request body is larger than this server accepts$",
            N_("The file or text is larger than this server accepts."),
        ),
        (
            r"^too many requests: the limit is (?P<limit>.*); try again shortly$",
            N_("Too many requests (the limit is %(limit)s): wait a moment and try again."),
        ),
        (r"^internal error: .*$", N_("The server could not finish this request; nothing was saved.")),
        # Warnings shown with a result.
        (
            r"^no body paragraph found: the text looks like boilerplate only$",
            N_("No body paragraph was found: the text looks like page furniture only."),
        ),
        (
            r"^could not tell the language reliably; assuming (?P<code>\w+)$",
            N_("The language could not be told reliably; assuming %(code)s."),
        ),
        (
            r"^the text looks like (?P<name>.+) \((?P<code>\w+)\), not French; translating from (?P<from>\w+)$",
            N_("The text looks like %(name)s (%(code)s), not French: translated from %(from)s."),
        ),
        (
            r"^asked for (?P<wanted>\d+) sentences but the body has (?P<count>\d+): all are in the summary$",
            N_("You asked for %(wanted)s sentences but the body has %(count)s: all of them are in the summary."),
        ),
        (
            r"^the date '(?P<date>[^']*)' names no real day: kept as written, not read$",
            N_("The date “%(date)s” names no real day: kept as written, not read."),
        ),
        (
            r"^relative dates \((?P<dates>.*)\) read against (?P<day>.*)$",
            N_("Relative dates (%(dates)s) were read against %(day)s."),
        ),
    ]
]


def localize(message: str, interface: str) -> str:
    """``message`` in the interface language when it is one of the known messages, else as it is."""
    if interface == "en" or not message:
        return message
    for pattern, msgid in _PATTERNS:
        match = pattern.match(message)
        if match:
            return gettext(msgid, interface, **match.groupdict())
    return message
