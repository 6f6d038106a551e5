"""What a line of an article looks like, as numbers: evidence that holds across outlets.

Not a list of formats: the features describe any line of any page, so a
model trained on some outlets can label the next one. Following jusText,
running text is long, dense in function words (its French stop list) and
ends as a sentence does; here it also has a finite verb (Apertium's French
analyser, ``service.text.morphology``). Furniture is short, made of digits,
separators, capitals, names, dates, links and handles, and of a small
vocabulary that every French news site shares (share, subscribe, comments,
related articles, credits, copyright): those families are features with
learned weights, not final rules. Each line is also described by its
neighbours and its place in the article (before the first paragraph of
running text, inside the article, after the last one), by its Markdown role
where it has one, and by repetition across the articles of a batch or the
saved articles.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Sequence
from functools import lru_cache

import numpy as np

from service.text.datelines import DATE_RE, WIRE_STAMP
from service.text.lines import Line
from service.text.morphology import Verbs

CLOSERS = ' »”"’)*'  # what may close a sentence after its final mark: quotes, a bracket, Markdown's emphasis
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
_TIME = re.compile(
    r"(?<!\d)(?:[01]?\d|2[0-3])\s?(?:h|:)\s?[0-5]\d(?!\d)|(?<!\d)(?:[01]?\d|2[0-3])\s?h(?![a-zà-ÿ])", re.I
)
# What datelines are made of, token by token: dates, times, dateline words, names and places, separators.
_DATELINE_TOKEN = re.compile(
    r"^(?:\d[\d/.:h'+-]*|\d{1,2}(?:er)?|[|•·–—/,:-]+|\(?[A-ZÀ-Ý][\w'’.-]*\)?,?|"
    r"(?:publiée?s?|le|la|à|mise?|jour|modifiée?|actualisée?|en|ligne|dernière|par|et|lu|fois|il|y|a|hier|"
    r"aujourd['’]hui|heures?|minutes?|min|h|fait|de|du|avec|hne|gmt|utc|"
    r"janvier|janv|février|févr|fév|mars|avril|avr|mai|juin|juillet|juil|août|septembre|sept|octobre|oct|"
    r"novembre|nov|décembre|déc|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)[.,:]?)$",
    re.I,
)
_NUMBER_ONLY = re.compile(r"^[\d\s.,  ]+$")
_COUNTER = re.compile(
    r"^\d[\d\s  .,]*\s*(?:commentaires?|réactions?|partages?|vues|likes?|j'aime|lectures?|abonnés)\b|"
    r"\blu\s[\d  ]+\sfois",
    re.I,
)
_CREDIT_FIRST = re.compile(r"^\(?(?:photos?|crédits?|©|sources?|illustration|image|vidéo|infographie)\b\s*[:/]?", re.I)
_CREDIT_LAST = re.compile(
    r"(?:©\s?[^©]{2,60}|\bphotos?\s+[^.]{2,60}|\bcrédit\s*:?\s*[^.]{2,60}|\((?:photo|archives?|crédit|afp)[^)]{0,60}\)"
    r"|\s/\s?[A-ZÀ-Ý][^./]{1,40}|\s\|\s?(?-i:[A-ZÀ-Ý][A-ZÀ-Ý .'’-]{2,40})|\bimages?\s*:\s*[^.]{2,60}"
    r"|capture d'écran[^.]{0,60})\.?$",
    re.I,
)
# Who translated the words: "Les propos en arabe ont été traduits par la rédaction", "Traduit de l'anglais par …"
# (not "se traduit par", results in).
_TRANSLATED = re.compile(r"(?<!\bse )(?<!\bs')\btradui(?:t|te|ts|tes)\b\s*(?:de|du|des|par|en|d['’]|[,.])", re.I)
NOTE_WORDS = 30  # an editor's note is short; a quotation "… dans une déclaration traduite de l'anglais" is longer
# Who made the pictures and the pages, by role: "Photos : …", "Images : Loïc Barral · Montage : Inès Gastaud".
_CREDIT_ROLES = re.compile(
    r"^\(?(?:textes?|photos?|réalisation|montage|édition|infographie|coordination|reportage|"
    r"traduction|illustrations?|vidéos?|images?|son|mise en page|graphisme|enquête|propos recueillis par)\s*:\s*"
    r"(?-i:[A-ZÀ-Ý])",
    re.I,
)
# Who checked the story, signed under it: "Vérification : Amina Belkacem. Relecture : Karim Hadjadj." — the
# fact-checker's signature, not a picture's credit (the two shared one feature, and the model could not part them).
_CHECKED_BY = re.compile(
    r"^\(?(?:vérification|vérifié par|relecture|relu par|révision|fact-checking)\s*:?\s*(?-i:[A-ZÀ-Ý])", re.I
)
# Initials alone, a journalist's signature under a story: "P. G.", "A.N.", "M.-È. G." (6 of 6 in the corpora and
# held-out sets are signatures, as their conventions say).
_INITIALS_ONLY = re.compile(r"^\(?(?:[A-ZÀ-Ý][a-z]?\.(?:-[A-ZÀ-Ý]\.)?\s?){1,4}\)?$")
WIRE_STAMP_LINE = 40  # an agency's transmission stamp on a line of its own ("191047 GMT+1 AOU 26"), not in a sentence
# A wire's place set apart with its dash, the story on the next line: "SHERBROOKE –", "DAKAR —".
_PLACE_DASH = re.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý' -]{2,40}\s*[–—-]\s*$")
SENTENCE_MARK = re.compile(r"[.!?…](?:\s|$)")  # a sentence's end, before a space or the line's end
# The end of a communiqué, on a line of its own, however decorated: "###", "-30-", "— FIN —", "*** Fin du communiqué
# ***" (a wire's "(fin)" is its sign-off, with the codes under it).
END_MARK = re.compile(
    r"^\s*(?:#{3}|[-–—]\s*30\s*[-–—]|"
    r"[-–—*=#~•◆_]*\s*(?:fin|fin du (?:communiqué|texte|message|document))\.?\s*[-–—*=#~•◆_]*)\s*$",
    re.I,
)
SECOND_PERSON = re.compile(r"\b(?:vous|votre|vos|tu|ton|ta|tes|toi)\b", re.I)
_FIRST_PERSON_CALL = re.compile(r"\bje\s+m['’]|\bje\s+(?:veux|souhaite|découvre|télécharge|participe)\b", re.I)
# Agency sign-off initials, each part in capitals or in lower case ("JPM/NKB/ACD", "atr/lmo/fr"), never a
# capitalised word ("Moyen-Orient", "Mi-temps").
INITIALS = r"(?:[A-ZÀ-Ý]{2,6}|[a-zà-ÿ]{2,6})"  # one editor's or agency's initials, in capitals or in lower case
SIGNOFF_SHAPE = re.compile(rf"^{INITIALS}(?:\s?[/-]\s?{INITIALS}){{1,6}}$")
_LABEL_TIME = re.compile(
    r"^(?:[^\W\d_][^|•·–—\d]{1,30}\s*[|•·–—-]\s*\d{1,2}\s?[h:]\s?\d{2}|\d{1,2}\s?[h:]\s?\d{2}\s*[|•·–—-]\s*[^\W\d_][^|•·–—\d]{1,30})$"
)
_MINUTE_MARK = re.compile(r"^\d{1,3}'(?:\s*\+\s*\d{1,2})?$")
_SEPARATORS = re.compile(r"\s[|•·›>/–—-]\s|\s?[|•·›]\s?")
COLUMNS = re.compile(r"\t+|\s{3,}")  # cells set apart by tabs or runs of spaces
CELLS = re.compile(rf"{COLUMNS.pattern}|\s;\s")
PIPES = re.compile(r"\s\|\s")
PIPED_ROWS = 3  # rows of a table pasted with pipes between its cells, its header row included
# A result set against another across a spaced dash: a score ("SR Sélestat 2 – 0 FC Erstein") or a vote ("Claire
# Dupouy (DVG) 52,84 % — Marc Lalanne (DVD) 47,16 %"). Each side has words and its figure stands at the dash (or
# ends its side); no year (a copyright's "© Var Littoral 2025 – Tous droits réservés", a dateline's date).
_FIGURE = r"\d+(?:[.,]\d+)?(?:\s?%)?"
_SIDE = r"[^–—|]*[^\W\d_][^–—|]*"
_VERSUS = re.compile(rf"(?!.*\b(?:1[89]|20)\d\d\b){_SIDE}\s{_FIGURE}\s[-–—]\s(?:{_FIGURE}\s{_SIDE}|{_SIDE}\s{_FIGURE})")
VERSUS_WORDS = 14  # a result row is short: a sentence telling the score ("…s'est imposé 2 – 0 face à…") is longer
VERSUS_LOWER = 2  # words of three letters or more in lower case: a row holds names ("Stade rennais"), not a sentence
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-zà-ÿ]{3,}")

_URL = re.compile(
    r"https?://|www\.|\.(?:fr|com|org|net|ca|be|ch|sn|ma|tn|dz|ci|cm|ml|bf|cd|lb|mg|mu|ht|re|example)\b|@\w+|#\w+"
)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_PHONE = re.compile(r"\+?\d[\d .-]{7,}\d")
_TELEPHONE = re.compile(r"\b(?:tél(?:éphone)?|tel|phone)\b\.?\s*:?\s*\+?\d|\+\d{1,3}\s\d", re.I)
_MONEY = re.compile(r"[€$£]|\b(?:euros?|dollars?|francs?|FCFA|MAD|DH|MDH|TND|DZD|USD|EUR|CHF|Mds?)\b")
_PERCENT = re.compile(r"%")
_SIGNED_NUMBER = re.compile(r"(?<![\w])[+−–-]\s?\d+(?:[.,]\d+)?\s?%")
# A quote's change, signed or shown by an arrow ("+0,27 %", "▲ 0,42 %", "▼ −1,2 %").
_CHANGE = re.compile(r"(?<![\w])(?:[+−–-]\s?|[▲▼△▽↑↓↗↘⬆⬇🔺🔻]\s?[+−–-]?\s?)\d+(?:[.,]\d+)?\s?%")
TICKER_WORDS = 8  # one quote on its own line: a name, a value, a change ("BEL 20 4 312,58 ▲ 0,42 %")
# A trail from the site's home page ("Accueil › Économie", "Vous êtes ici : Accueil / Entreprises"): navigation.
_TRAIL = re.compile(r"^(?:vous êtes ici\s*:?\s*)?(?:accueil|home)\s*(?:[›>»/|·:]|$)", re.I)
_RELATIVE = re.compile(r"\b(?:hier|aujourd['’]hui|il y a \d+|avant-hier)\b", re.I)
WEEKDAY = re.compile(r"\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b", re.I)
_MONTH = re.compile(
    r"\b(?:janv(?:ier)?|févr(?:ier)?|fév|mars|avr(?:il)?|mai|juin|juil(?:let)?|août|sept(?:embre)?|oct(?:obre)?|"
    r"nov(?:embre)?|déc(?:embre)?)\b\.?",
    re.I,
)
_NAME_WORD = (
    r"(?:[A-ZÀ-Ý][a-zà-ÿ'’]+(?:-[A-ZÀ-Ý][a-zà-ÿ'’]+)*|[A-ZÀ-Ý]\.(?:-[A-ZÀ-Ý]\.)?|[A-ZÀ-Ý]{2,}(?:-[A-ZÀ-Ý]{2,})*)"
)
_PERSON = re.compile(
    rf"^(?:(?:par|de|avec|auteur\s*:|texte\s*:)\s+)?{_NAME_WORD}(?:\s+(?:(?:de|du|des|d'|d’|le|la|van|von|da|di|ben|ibn|el)\s+)?{_NAME_WORD}){{1,3}}"
    rf"(?:\s*(?:,|et|avec)\s+{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}})*\s*(?:[,(|–—-].{{0,50}})?\.?$",
)
# Words every French news site uses for the same furniture: families, each one feature with a learned weight.
CUES: dict[str, str] = {
    "share": r"partag|facebook|twitter|\bx\b(?=\s*[|·,]|$)|whatsapp|linkedin|messenger|telegram|bluesky|copier le lien|"
    r"envoyer (?:à|par)|imprimer|e-mail\b|tweeter",
    "subscribe": r"abonn(?!ée?s\b)|newsletter|lettre d'info|\blettre\b.*(?:chaque|tous les)|inscri|recevez|boîte mail|"
    r"boîte de réception|offert|offrir|notification",
    "related": r"lire aussi|à lire|sur le même sujet|similaires|les plus lus|vous aimerez|à la une|voir aussi|"
    r"dans la même rubrique|nos dernières|en continu|à voir|les plus partagés|autres articles|relire|plus d'articles",
    "comments": r"commentaire|réagi|réaction|modér|connectez-vous|signaler|charte|avis des lecteurs",
    "media": r"écouter|vidéo|audio|podcast|regarder|replay|lecture auto|►|▶|⏵|\(\d{1,2}:\d{2}\)|\b\d+\s?min\s?\d+",
    "reading": r"lecture\s*:|temps de lecture|min(?:utes?)? de lecture|lecture \d|⏱",
    "paywall": r"réservé|abonnés|il vous reste|articles? offerts?|gratuit|premium|déjà abonné|la suite",
    "tags": r"^(?:mots[- ]clés|tags|sujets|thèmes|thématiques|catégories?|rubriques?)\s*:",
    "photo": r"photo|crédit|©|archives?\b|capture d'écran|illustration|\bimage\b|gracieuseté|\bdr\b|d\.\s?r\.",
    # An agency in brackets: "(AFP)", "(Reuters)", or a lower-case desk before a dash: "Sion (ats) - ".
    "agency": r"\((?-i:[A-Z]{2,6})\)|\((?-i:[a-z]{2,4})\)\s*[-–—]|\((?:reuters|belga|xinhua|kyodo)\)|/\s?afp\b|"
    r"\bavec (?:l')?(?:afp|belga|reuters)",
    "translation": r"tradui|traduction|version originale",
    "source": r"^sources?\s*:|^données\s*:|calculs",
    "contact": r"contact|renseignements|tél\.?|téléphone|courriel|e-mail|^-\s?30\s?-$|relations? (?:presse|médias)",
    "legal": r"mentions légales|\bcgu\b|\bcgv\b|confidentialité|cookies?|données personnelles|conditions générales|"
    r"tous droits|droits réservés|reproduction|copyright|conseil de presse|plan du site",
    "cookies": r"cookies?|accepter|paramétrer|personnaliser|consentement|partenaires",
    "byline": r"^par\s|^propos recueillis|^entretien réalisé|^avec les informations|^de notre (?:envoyé|correspondant)|"
    r"^auteur\s*:|^texte\s*:|rédaction|correspondant|envoyée? spéciale?",
    "dateline": r"publié|mis à jour|mise à jour|modifié|actualisé|mis en ligne|dernière mise à jour|"
    r"\blu\s[\d  ]+\sfois|"
    r"\bfait à\b",
    "press": r"communiqué|diffusion immédiate|pour publication|embargo",
    "about": r"^à propos d(?:e|u|es|['’])",  # a communiqué's "À propos de X": a heading over its paragraph
    "navigation": r"^accueil\b|›|\s>\s|retour|menu|rubriques|aller au contenu",
    "app": r"application|télécharge|app store|google play|disponible sur",
    "follow": r"suivez|rejoignez|retrouvez-nous|abonnez-vous à notre chaîne|sur nos réseaux",
    "live": r"\ben direct\b|\bdirect\b|\blive\b|rafraîchir|actualiser|mi-temps|coup d'envoi|fin du match",
    "question": r"\?\s*$",
    "verdict": r"^(?:vrai|faux|trompeur|infondé|manipulé|exagéré|verdict|notre verdict)\b",
    "quote_speaker": r"^[A-ZÀ-Ý][\w'’ .-]{1,40}\s:\s",
    "money_words": r"\b(?:cours|var\.|variation|clôture|indice|bourse)\b",
    "weather": r"°c|°",
    "advert": r"^(?:publicité|publi-?reportage|contenu sponsorisé|sponsorisé|contenu partenaire|en partenariat avec)\b",
    "pinned": r"épingl|📌",  # a live blog's pinned post badge
    "refresh": r"rafraîchir|actualiser|↻|⟳",  # a live blog's button
}
_CUES = {name: re.compile(pattern, re.I) for name, pattern in CUES.items()}
_LENGTH_BINS = (1, 2, 4, 8, 14, 25, 40)
_OWN_NAMES: list[str] = (
    ["bias", "log_chars", "function_share", "function_count", "finite", "surely_finite", "finite_per_word",
     "imperative", "first_infinitive", "first_participle", "ends_stop", "ends_bang", "ends_question", "ends_colon",
     "ends_semicolon", "ends_ellipsis", "ends_closing", "ends_digit", "ends_letter", "ends_separator",
     "starts_upper", "starts_digit", "starts_quote", "starts_dash", "starts_paren",
     "upper_share", "all_caps", "capitalised_share", "digit_share", "percent", "money", "signed_number",
     "separators", "segments", "cells", "has_date", "has_time", "date_share", "relative_date", "weekday", "month",
     "time_only", "minute_mark", "signoff_shape", "label_time", "dateline_share", "dated_dateline_share",
     "second_person", "first_person_call", "number_only", "counter", "credit_first", "credit_last", "person",
     "person_short", "byline_dated", "ticker", "trail", "url", "email", "phone", "guillemets", "sentences",
     "comma_share", "parenthesis_end", "ends_comma", "translated_note", "credit_roles", "checked_by", "end_mark",
     "initials_only", "place_dash", "wire_stamp", "about_itself",
     "md_title", "md_heading", "md_list", "md_quote", "md_table", "md_code", "after_image", "italic_under_image",
     "emphasised",
     "linked", "some_link", "head", "tail", "label_head", "menu", "recurring"]
    + [f"words_le_{n}" for n in _LENGTH_BINS]
    + [f"cue_{name}" for name in CUES]
)  # fmt: skip


_QUOTED = re.compile(r"«[^«»]*»|“[^“”]*”|\"[^\"]*\"")
_OPENING = re.compile(r"[«“\"]")
_CLOSING = re.compile(r"[»”\"]")
# The page speaking of itself, not of the world ("Cet article est réservé aux abonnés", "La suite de ce grand format
# est réservée à nos abonnés", "Les propos en anglais ont été traduits par la rédaction", "Les commentaires sont
# modérés"); "la rédaction d'un décret" is its drafting.
# So is an editor's note on how the words were got: "Cette entrevue a été condensée", "Une partie des témoignages
# a été entendue en anglais et traduite par La Vigie" (a book "traduit de l'anglais par" someone is no such note:
# the note's words were heard or given in a language, then translated).
ABOUT_ITSELF = re.compile(
    r"(?<![\w-])(?:cet article(?!\s+(?:\d|de (?:la )?loi|du code))|ce site|notre site|cette page|"
    r"la rédaction(?!\s+d[eu'’])|les commentaires|cette entrevue|cet entretien|cette interview|"
    r"notre (?:numéro|édition|charte)|nos (?:règles|principes)|^\W*(?:ce reportage|ce récit)\b|"
    r"la suite (?:de (?:ce|cet|cette) [\w' -]{1,30} )?est réservée|"
    r"(?:(?:entendu|recueilli|donné|prononcé|tenu)e?s? |(?:propos|réponses|questions|échanges) )en [a-zé]+,? "
    r"(?:et |ont été |a été )?tradui(?:t|te|ts|tes))(?![\w-])",
    re.I,
)


def outside_quotes(text: str) -> str:
    """The words of ``text`` that are not quoted (a quotation cut by the segmenter counts to its edge)."""
    text = _QUOTED.sub(" ", text)
    if _CLOSING.search(text) and not _OPENING.search(text[: _CLOSING.search(text).start()]):
        text = text[_CLOSING.search(text).end() :]  # the end of a quotation begun in the previous sentence
    opening = _OPENING.search(text)
    return text[: opening.start()] if opening else text


# A correction notice speaks of the article too ("Rectificatif : une version précédente de cet article…"), but
# what it corrects is news: it stays in the story.
_CORRECTION = re.compile(r"^\W*(?:correction|rectificatif|erratum|précision)\b", re.I)


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """jusText's French stop list (the words running text is dense in)."""
    import justext

    return frozenset(w.lower() for w in justext.get_stoplist("French"))


_MENU_SEPARATOR = re.compile(r"\s*[|•·›]\s*|\s{2,}|\t+")
MENU_ENTRIES = 4


def _menu(text: str) -> bool:
    """A row of short entries: ``MENU_ENTRIES`` or more pieces of one to three words between separators, with
    hardly a digit ("Actu · Sud · Faits divers · Sport", "Économie   Société   Culture   Monde")."""
    pieces = [piece for piece in _MENU_SEPARATOR.split(text) if piece.strip()]
    if len(pieces) < MENU_ENTRIES or any(not 1 <= len(piece.split()) <= 3 for piece in pieces):
        return False
    return len(_DIGIT.findall(text)) <= 0.1 * len(text)


def _ticker(text: str, n_words: int, verbs: Verbs) -> bool:
    """Quotes with their changes: a band of them, or one on a short verbless line of its own, not cut into cells
    (a row of a table of quotes is a table's)."""
    changes = len(_CHANGE.findall(text))
    if changes >= 2:
        return True
    return (
        changes == 1
        and n_words <= TICKER_WORDS
        and not verbs.surely_finite  # "Groupe" may be a verb
        and not (CELLS.search(text) or PIPES.search(text))
        and bool(_DIGIT.search(_CHANGE.sub("", text)))
    )


def _own(line: Line, verbs: Verbs, recurring: bool) -> list[float]:
    text = line.text.strip()
    words = _WORD.findall(text)
    n_words = len(words)
    lowered = [w.lower() for w in words]
    stop = function_words()
    function_count = sum(w in stop for w in lowered)
    letters = _LETTER.findall(text)
    upper = sum(ch.isupper() for ch in letters) / max(len(letters), 1)
    capitalised = sum(w[0].isupper() for w in words) / max(n_words, 1)
    digits = len(_DIGIT.findall(text)) / max(len(text), 1)
    last = text.rstrip(CLOSERS) or text
    final = last[-1] if last else ""
    closing = text[-1] if text else ""
    date_spans = sum(m.end() - m.start() for m in (*DATE_RE.finditer(text), *WIRE_STAMP.finditer(text)))
    time_spans = sum(m.end() - m.start() for m in _TIME.finditer(text))
    stripped_time = _TIME.sub("", text).strip(" .,:|–—-[]()")
    sentences = len(SENTENCE_MARK.findall(text))
    tokens = text.split()
    dateline_share = sum(bool(_DATELINE_TOKEN.match(t)) for t in tokens) / max(len(tokens), 1)
    values = [
        1.0,
        np.log1p(len(text)) / 6.0,
        function_count / max(n_words, 1),
        min(function_count, 20) / 20.0,
        float(verbs.finite > 0),
        float(verbs.surely_finite > 0),
        min(verbs.finite / max(n_words, 1) * 5, 1.0),
        float(verbs.imperative > 0),
        float(verbs.first_infinitive),
        float(verbs.first_participle),
        float(final == "."),
        float(final == "!"),
        float(final == "?"),
        float(final == ":"),
        float(final == ";"),
        float(text.endswith(("…", "..."))),
        float(closing in '»”")'),
        float(final.isdigit()),
        float(final.isalpha()),
        float(final in "|•·–—-/›>"),
        float(text[:1].isupper()),
        float(text[:1].isdigit()),
        float(text[:1] in '«"“'),
        float(text[:1] in "-–—•►▶·*"),
        float(text[:1] == "("),
        upper,
        float(upper > 0.8 and len(letters) >= 3),
        capitalised,
        digits,
        float(bool(_PERCENT.search(text))),
        float(bool(_MONEY.search(text))),
        float(bool(_SIGNED_NUMBER.search(text))),
        min(len(_SEPARATORS.findall(text)), 5) / 5.0,
        min(len(re.split(r"\s[|•·›/–—-]\s|\s?[|•·›]\s?", text)), 6) / 6.0,
        min(len(CELLS.split(text)) - 1, 5) / 5.0,
        float(date_spans > 0),
        float(time_spans > 0),
        min((date_spans + time_spans) / max(len(text), 1), 1.0),
        float(bool(_RELATIVE.search(text))),
        float(bool(WEEKDAY.search(text))),
        float(bool(_MONTH.search(text))),
        float((time_spans > 0 and not stripped_time) or bool(_MINUTE_MARK.match(text))),  # a live blog's stamp
        float(bool(_MINUTE_MARK.match(text)) or text.lower() in ("mi-temps", "coup d'envoi", "fin du match")),
        float(bool(SIGNOFF_SHAPE.match(text))),
        float(bool(_LABEL_TIME.match(text))),
        dateline_share,
        dateline_share * float(date_spans + time_spans > 0),
        float(bool(SECOND_PERSON.search(text))),
        float(bool(_FIRST_PERSON_CALL.search(text))),
        float(bool(_NUMBER_ONLY.match(text))),
        float(bool(_COUNTER.search(text))),
        float(bool(_CREDIT_FIRST.match(text))),
        float(bool(_CREDIT_LAST.search(text)) and n_words > 4),
        float(bool(_PERSON.match(text)) and n_words <= 12),
        float(bool(_PERSON.match(text)) and n_words <= 5),
        float((bool(_CUES["byline"].search(text)) or bool(_PERSON.match(text))) and date_spans > 0),
        float(_ticker(text, n_words, verbs)),
        float(bool(_TRAIL.match(text))),
        float(bool(_URL.search(text))),
        float(bool(_EMAIL.search(text))),
        float(bool(_PHONE.search(text))),
        float("«" in text or "»" in text or "“" in text),
        min(sentences, 4) / 4.0,
        text.count(",") / max(n_words, 1),
        float(bool(re.search(r"\([^()]{1,60}\)\.?$", text))),
        float(final == ","),  # a closing formula over a signatory: "Pour le préfet et par délégation,"
        float(bool(_TRANSLATED.search(text)) and n_words <= NOTE_WORDS),
        float(bool(_CREDIT_ROLES.match(text))),
        float(bool(_CHECKED_BY.match(text))),
        float(bool(END_MARK.match(text))),
        float(bool(_INITIALS_ONLY.match(text.strip()))),
        float(bool(_PLACE_DASH.match(text))),
        float(bool(WIRE_STAMP.search(text)) and len(text) <= WIRE_STAMP_LINE),
        float(bool(ABOUT_ITSELF.search(outside_quotes(text))) and not _CORRECTION.match(text)),
        float(line.heading == 1),
        float(line.heading >= 2),
        float(line.list_item),
        float(line.quote),
        float(line.table_row),
        float(line.code),
        float(line.after_image),
        float(line.after_image and line.emphasis >= 0.9),  # Markdown's way of writing a caption
        float(line.emphasis >= 0.9),
        float(line.linked >= 0.5),
        float(line.linked > 0),
        float(line.head),
        float(line.tail),
        float(line.head and not date_spans and not time_spans and not _CUES["agency"].search(text)),  # "SPORT • "
        float(_menu(text)),
        float(recurring),
    ]
    values += [float(n_words <= n) for n in _LENGTH_BINS]
    values += [float(bool(pattern.search(text))) for pattern in _CUES.values()]
    return values


_SHAPE_SEPARATOR = re.compile(r"^[|•·–—/›>:-]+$")
_SHAPE_TIME = re.compile(rf"^(?:{_TIME.pattern})$", re.I)
OPENER_WORDS = 4  # an item's label is short: "Santé", "Faits divers | 7h05", "14:20 — Politique", "SPORT •"
OPENERS = 3  # a shape that opens this many items of running text is a digest's item label


_WORDISH = re.compile(r"[^\W_]")  # a letter or a digit, in any script


def shape(text: str) -> str | None:
    """The outline of a short line, token by token: a time (T), a number (9), a separator (S), other
    punctuation (P), a word in capitals (A), a capitalised phrase with its length (C1, C2, C3), lower-case
    words (l); None for a line of more than ``OPENER_WORDS`` words. "Économie | 10h05" and "Faits divers |
    7h05" are "C1ST" and "C2ST"; "SPORT • " is "AS"."""
    tokens = text.split()
    if not tokens or sum(bool(_LETTER.search(t)) for t in tokens) > OPENER_WORDS:
        return None
    out: list[str] = []
    phrase = 0  # words in the capitalised phrase being read
    for token in tokens:
        bare = token.strip('«»"“”()[],.;!?')
        if _SHAPE_TIME.match(bare):
            symbol = "T"
        elif _SHAPE_SEPARATOR.match(token):
            symbol = "S"
        elif not bare or not _WORDISH.search(bare):  # punctuation, or a glyph alone: "◆", "■", "▶"
            symbol = "P"
        elif bare[:1].isdigit():
            symbol = "9"
        elif bare.isupper() and len(bare) > 1:
            symbol = "A"
        elif bare[:1].isupper() or (phrase and _LETTER.match(bare)):  # "Faits divers": one capitalised phrase
            phrase += 1
            if out[-1:] and out[-1].startswith("C"):
                out[-1] = f"C{min(phrase, 3)}"
                continue
            phrase = 1
            symbol = "C1"
        else:
            symbol = "l"
        if not symbol.startswith("C"):
            phrase = 0
        if out[-1:] != [symbol]:
            out.append(symbol)
    return "".join(out)


def label_shape(found: str) -> bool:
    """A shape a rubric label has: a separator or a word in capitals beside words, or one word alone."""
    has_words = any(s in found for s in ("A", "C", "l"))
    return has_words and ("S" in found or "A" in found or found == "C1")


def _grouped(found: str | None) -> str | None:
    """The shape items are grouped by, for the shapes an item's label or stamp has (a separator, a time, a
    number, capitals, or one word alone; a phrase's length counts only when it stands alone); None for the
    others (a short phrase is as often a menu entry, a badge or an intertitle)."""
    if found and found.startswith("9A"):
        return "9A"  # a numbered rubric, whatever follows its name: "① ROUTE · Sakaraha", "④ SPORT", "4/ LE CHIFFRE"
    if found and found.startswith("PA"):
        return "PA"  # a rubric behind its glyph, whatever follows its name: "◆ DSCHANG · Université", "◆ SPORT"
    if found and any(s in found for s in "STA9"):
        return re.sub(r"C\d", "C", found)
    return found if found == "C1" else None


def item_openers(lines: Sequence[Line], running: Sequence[int]) -> list[bool]:
    """Short lines whose shape opens ``OPENERS`` or more items, each followed by running text before the shape
    comes again: the labels of a digest's items ("Santé", "Économie | 10h05", "POLITIQUE • "), a live blog's
    time stamps. Evidence from the article's own regularity, whatever its outlet writes in them."""
    shapes = [_grouped(shape(line.text.strip())) if not line.tail else None for line in lines]
    is_running = set(running)
    by_shape: dict[str, list[int]] = {}
    for i, found in enumerate(shapes):
        if found is not None and i not in is_running:
            by_shape.setdefault(found, []).append(i)
    out = [False] * len(lines)
    for found_shape, found in by_shape.items():
        ends = [*found[1:], len(lines)]
        opening = [i for i, end in zip(found, ends, strict=True) if any(j in is_running for j in range(i + 1, end))]
        if len(opening) >= OPENERS + (found_shape == "C1"):  # one word alone is weaker evidence than a shape
            for i in opening:
                out[i] = True
    return out


# The page's copyright notice: a "©" with a year, or "tous droits réservés" (a picture's credit has neither).
_COPYRIGHT = re.compile(r"©\s*(?:\D{0,40}\s)?\d{4}\b|\b\d{4}\s*©|tous droits réservés|all rights reserved", re.I)
LEDE_RATIO = 0.95  # a first paragraph this much shorter than the article's usual one is its lede
ANSWERED_QUESTIONS = 2  # questions followed by an answer make an article an interview
_SPEAKER = re.compile(r"^([A-ZÀ-Ý][\w'’ .-]{1,40}?)\s?:\s")
# A line that credits someone: a byline, a correspondent, a copyright or photo credit.
_CREDITS = re.compile(
    r"(?:^|\s[/|·•–—]\s?)(?i:par|de notre|propos recueillis par|texte|auteure?s?)\s|©|"
    r"(?i:envoyée?\s+spéciale?|correspondante?)|(?:^|\s[/|·]\s?)(?i:photos?|images?|crédits?(?: photos?)?)\s*:\s"
)
# A byline without "Par": a name alone between separators, beside a date ("27 juin 2025 · Prénom Nom · 3 commentaires")
_PARTS = re.compile(r"\s[·|•/–—]\s")
_DIGIT_IN = re.compile(r"\d")
_DATE_SHAPE = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}\s?[h:.]\s?\d\d\b")  # a year or a time
# What opens a picture's credit: "©", "Photo", "PHOTO :", "Crédit photo :", "Images :", "Illustration".
_PICTURE_CREDIT = re.compile(r"(?:©|\(c\)\s|(?i:photos?|crédits?(?:\s+photos?)?|images?|illustration)\b)")
CAPTION_WORDS = 40  # a caption is a sentence or two; a paragraph above a picture's credit is body
CLOSING_WORDS = 12  # a closing formula and a signatory's line are short
_FINAL_STOP = re.compile(r"[.!?…]\s*$")
_BRACKETED = re.compile(r"\([^()]{1,20}\)")  # a mark between brackets on a line of its own: "(signé)", "(s)"
CREDIT_LINE_WORDS = 20  # a credit is a short line; "lancé en 2014 par son prédécesseur" in a paragraph is none
_NAME = re.compile(
    r"[A-ZÀ-Ý](?:\.|[\w’'-]+)(?:\s+(?:(?:de|du|des|van|von|da|di|ben|ibn|el|le|la)\s+)?[A-ZÀ-Ý](?:\.|[\w’'-]+)){1,3}"
)


# ... a person's: a given name in small letters after its capital, not an article or "Par" ("L'Écho du
# Djoliba", "COMMUNIQUÉ DE PRESSE", "Le Courrier du Nil" are outlets and labels).
BARE_NAME = re.compile(r"(?!(?:Par|Le|La|Les|Du|Des|De|Photo|Rédaction)\b|L[’'])(?=[A-ZÀ-Ý][a-zà-ÿ])" + _NAME.pattern)


def _runs(cells: Sequence[int], least: int) -> list[tuple[int, int]]:
    """(start, end) of each run of ``least`` lines or more cut into the same number (two or more) of cells."""
    out, start = [], 0
    for i in range(1, len(cells) + 1):
        if i == len(cells) or cells[i] != cells[start]:
            if cells[start] >= 2 and i - start >= least:
                out.append((start, i))
            start = i
    return out


def credited_names(texts: Sequence[str]) -> frozenset[str]:
    """The people an article credits (its byline, signature, photo credits), in lower case.

    Names of two words or more on a line that credits someone: "Par Hélène MARCHAIS, le 2 avril", "De notre
    envoyée spéciale à Limbé, Aïssatou Njoya", "© Aïssatou Njoya / Continent Hebdo".
    """
    found: set[str] = set()
    for i, text in enumerate(texts):
        # A byline that is a name alone, on the line beside the article's date ("Claudine Wagener" over
        # "Publié le 08.04.2025 à 06:30"): a kicker or a headline that is a name has no date beside it.
        if BARE_NAME.fullmatch(text.strip()) and any(
            _DATE_SHAPE.search(texts[j]) and len(texts[j].split()) <= CREDIT_LINE_WORDS
            for j in (i - 1, i + 1)
            if 0 <= j < len(texts)
        ):
            found.add(" ".join(text.lower().split()))
        if len(text.split()) > CREDIT_LINE_WORDS and "©" not in text:
            continue
        for credit in _CREDITS.finditer(text.strip()):
            after = text.strip()[credit.end() : credit.end() + 80]
            found.update(" ".join(m.group(0).lower().split()) for m in _NAME.finditer(after))
        parts = [part.strip() for part in _PARTS.split(text.strip())]
        if len(parts) >= 2 and any(_DIGIT_IN.search(part) for part in parts):
            found.update(" ".join(part.lower().split()) for part in parts if _NAME.fullmatch(part))
    return frozenset(found)


def opens_with(text: str, names: Collection[str]) -> bool:
    """The line is about a person the article credits: it opens with their name and goes on (an author's bio)."""
    lowered = " ".join(text.lower().split())
    return any(lowered.startswith(name + " ") for name in names)


def _named_in_copyright(text: str, copyright_lines: Sequence[str]) -> bool:
    """A short line the page's copyright names as its owner ("© L'Île Flash 2025", "Le Quotidien du Sud © 2025"):
    the outlet's name, wherever the outlet puts it."""
    name = " ".join(text.split()).strip(" .:|•·–—-")
    if not name or len(name.split()) > OPENER_WORDS + 2 or "©" in name or _DIGIT.search(name):
        return False
    owner = re.compile(
        rf"©\s*(?:\d{{4}}\s*)?{re.escape(name)}(?![\w'’])|(?<![\w'’]){re.escape(name)}\s*[,–—-]?\s*©", re.I
    )
    return any(owner.search(" ".join(line.split())) for line in copyright_lines)


def _speaker(text: str) -> str | None:
    """Who a line of an interview is given to ("Le Faso Hebdo : ...", "Issouf Sawadogo : ...")."""
    found = _SPEAKER.match(text.strip())
    return found.group(1).strip().lower() if found else None


def _question_speakers(lines: Sequence[Line]) -> frozenset[str]:
    """The speakers whose lines end with a question: the interviewer, whose other lines are questions too."""
    return frozenset(name for line in lines if _asks(line.text) and (name := _speaker(line.text)) is not None)


def _asks(text: str) -> bool:
    return text.rstrip(CLOSERS).endswith("?")


def running_text(line: Line, verbs: Verbs) -> bool:
    """A paragraph of running text: long, with a finite verb, ending as a sentence does (or very long)."""
    text = line.text.rstrip(CLOSERS)
    words = len(line.text.split())
    ends = text.endswith((".", "!", "…", ":"))  # a question is a headline's or an interviewer's
    return verbs.finite > 0 and ((words >= 15 and ends) or words >= 25)


_CONTEXT_NAMES = (
    ["first", "second", "third", "top5", "last", "last3", "relative_position", "before_running", "after_running",
     "just_before_running", "just_after_running", "no_running", "running_before_share", "single_line",
     "first_running", "second_running", "shorter_than_next_running", "length_to_next_running",
     "first_running_shorter", "item_opener", "opener_label", "prev_item_opener", "next_item_opener",
     "prev2_item_opener", "lede_set_apart", "lede_before_credit", "item_headline", "cells_run",
     "lede_to_median", "lede_shorter_than_median", "credited_opening", "named_in_copyright", "asks_as_questions",
     "between_answers", "lone_cells", "copyright_notice", "contact_details", "parts_after_article",
     "in_comments", "after_end_mark", "remark_between_answers", "over_picture_credit", "under_closing_formula"]
)  # fmt: skip
_NEIGHBOUR_KEEP = (
    "log_chars",
    "function_share",
    "finite",
    "ends_stop",
    "ends_question",
    "ends_colon",
    "upper_share",
    "all_caps",
    "has_date",
    "time_only",
    "minute_mark",
    "person",
    "separators",
    "cells",
    "md_title",
    "md_heading",
    "md_list",
    "md_table",
    "after_image",
    "emphasised",
    "linked",
    "recurring",
    "words_le_2",
    "words_le_8",
    "words_le_14",
    "cue_share",
    "cue_subscribe",
    "cue_related",
    "cue_comments",
    "cue_media",
    "cue_photo",
    "cue_legal",
    "cue_byline",
    "cue_dateline",
    "cue_live",
    "cue_question",
    "cue_press",
    "cue_navigation",
    "cue_tags",
)
_NEIGHBOUR_INDEX = [_OWN_NAMES.index(name) for name in _NEIGHBOUR_KEEP]
FEATURE_NAMES: list[str] = (
    _OWN_NAMES
    + _CONTEXT_NAMES
    + [f"prev_{name}" for name in _NEIGHBOUR_KEEP] + ["prev_none"]
    + [f"next_{name}" for name in _NEIGHBOUR_KEEP] + ["next_none"]
    + [f"prev2_{name}" for name in _NEIGHBOUR_KEEP] + ["prev2_none"]
    + [f"next2_{name}" for name in _NEIGHBOUR_KEEP] + ["next2_none"]
)  # fmt: skip


def versus_row(text: str) -> bool:
    """A score or a vote set against another ("US Guéret 24 - 17 RC Ussel"): a table's row (``_VERSUS``), not a
    sentence that tells it ("Le SR Sélestat bat Erstein 2 – 0 et rejoint le podium")."""
    text = text.strip()
    return (
        len(text.split()) <= VERSUS_WORDS
        and not text.endswith((".", "!", "?", "…", ":"))
        and len(_LOWER_WORD.findall(text)) <= VERSUS_LOWER
        and _VERSUS.fullmatch(text) is not None
    )


# What opens the readers' comments: a count of them or their heading, with no verb ("3 commentaires",
# "Réactions (0)", "Commentaires"), the moderation notice, the call to react ("Soyez le premier à réagir").
_COMMENTS_COUNT = re.compile(
    r"^\W*(?:vos\s+)?(?:\d+\s+)?commentaires?\b|^\W*(?:vos\s+)?(?:\d+\s+réactions?|réactions?\s*\(\d+\))", re.I
)
_COMMENTS_NOTICE = re.compile(
    r"commentaires sont (?:modérés|désactivés|fermés)|soyez le premier à (?:réagir|commenter)|ajouter une réaction"
    r"|laisser un commentaire|réagir à cet article|connectez-vous pour (?:réagir|commenter)",
    re.I,
)
COMMENTS_HEADER_WORDS = 12


def comments_from(lines: Sequence[Line], verbs: Sequence[Verbs], first: int, running: Collection[int]) -> int:
    """The index of the line that opens the readers' comments (after the story has begun), or past the end.

    Everything under it is the comments' furniture: the readers' own words read as content ("Cette rampe était
    déjà réparée en 2023…"), but they are not the article (158 lines of the corpora and held-out sets, none of
    them content).
    """
    for i in range(first + 1, len(lines)):
        text = lines[i].text.strip()
        if i in running or len(text.split()) > COMMENTS_HEADER_WORDS:
            continue
        if _COMMENTS_NOTICE.search(text) or (_COMMENTS_COUNT.search(text) and not verbs[i].finite):
            return i
    return len(lines)


def features(
    lines: Sequence[Line],
    verbs: Sequence[Verbs],
    recurring: Sequence[bool] | None = None,
    vocabulary: Sequence[str] = (),
) -> np.ndarray:
    """One row per line: ``FEATURE_NAMES``, then whether the line has each word (lemma) of ``vocabulary``."""
    n = len(lines)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES) + len(vocabulary)))
    recurring = recurring or [False] * n
    own = np.array([_own(line, v, r) for line, v, r in zip(lines, verbs, recurring, strict=True)])
    running = [i for i, (line, v) in enumerate(zip(lines, verbs, strict=True)) if running_text(line, v)]
    first, last = (running[0], running[-1]) if running else (n, -1)
    sizes = [len(line.text) for line in lines]
    openers = item_openers(lines, running)
    is_running = set(running)
    # What stands between the first paragraph and the second: a lede set apart by a byline or a dateline
    # ("Par X", "Le 21 février 2025") is the standfirst, whatever the outlet calls it.
    names = {
        name: _OWN_NAMES.index(name)
        for name in ("has_date", "time_only", "person", "cue_byline", "second_person", "imperative")
    }
    between = range(first + 1, running[1]) if len(running) > 1 else range(0)
    credited = any(
        not lines[j].head
        and not openers[j]
        and (
            own[j, names["person"]]
            or own[j, names["cue_byline"]]
            or (own[j, names["has_date"]] and not own[j, names["time_only"]])
        )
        for j in between
    )
    # The headline of one item: the line under an item's label that is not its text, its dateline or its date.
    headline_under_label = [
        i > 0 and openers[i - 1] and i not in is_running and not lines[i].head and not own[i, names["has_date"]]
        for i in range(n)
    ]
    # A table is several rows: a line cut into as many cells as the line above or below it (Markdown's or
    # a pasted table's).
    cut = [len(line.cells) if line.table_row else len(CELLS.split(line.text.strip())) for line in lines]
    cells_run = [
        cut[i] > 1 and ((i > 0 and cut[i - 1] == cut[i]) or (i + 1 < n and cut[i + 1] == cut[i])) for i in range(n)
    ]
    # ... or pasted with pipes between its cells, three rows or more cut alike: one line cut by pipes is a menu,
    # a trail or a digest's label ("Société | 9h40"), two a byline over a share bar.
    piped = [len(PIPES.split(line.text.strip())) for line in lines]
    for start, end in _runs(piped, PIPED_ROWS):
        for i in range(start, end):
            cells_run[i] = True
    # ... or a result set against another (``versus_row``), alone or one under the other.
    for i, line in enumerate(lines):
        if versus_row(line.text):
            cells_run[i] = True
    # A lede is shorter than the article's usual paragraph: compared with the median of the running paragraphs
    # after it (one next paragraph may be short or long by chance).
    typical = float(np.median([sizes[j] for j in running[1:]])) if len(running) > 1 else 0.0
    lede_ratio = sizes[first] / typical if typical else 1.0
    credit_names = credited_names([line.text for line in lines])
    copyright_lines = [line.text for line in lines if "©" in line.text]
    asking = _question_speakers(lines)
    # ... or whose questions are set in bold: the interviewer's other bold lines are questions too.
    bold_questions = sum(line.emphasis >= 0.9 and _asks(line.text) for line in lines[first + 1 :]) >= ANSWERED_QUESTIONS
    answered = sum(1 for j in range(n - 1) if _asks(lines[j].text) and j + 1 in is_running and j not in is_running)
    # How to reach someone, not a call to: an address or a telephone, not said to the reader.
    contact = [
        bool(_EMAIL.search(line.text) or _TELEPHONE.search(line.text))
        and not own[i, names["second_person"]]
        and not own[i, names["imperative"]]
        for i, line in enumerate(lines)
    ]
    zone = comments_from(lines, verbs, first, is_running)
    # A picture's caption sits over its credit ("© Anlia Soilihi / Le Lagon Matin", "PHOTO : RADIO BONNE BAIE"):
    # a short line just above a line that credits a picture, not the page's copyright.
    picture_credit = [
        bool(_PICTURE_CREDIT.match(line.text.strip())) and not _COPYRIGHT.search(line.text) for line in lines
    ]
    over_credit = [
        i + 1 < n and picture_credit[i + 1] and not picture_credit[i] and len(lines[i].text.split()) <= CAPTION_WORDS
        for i in range(n)
    ]
    # Under a closing formula ("Pour le préfet et par délégation,", "La présidente,"): who signs ("le secrétaire
    # général," then "Arnaud Delmas-Ferrand"), after a bracketed mark if there is one ("(signé)", "(s)").
    short = [len(line.text.split()) <= CLOSING_WORDS and not _FINAL_STOP.search(line.text) for line in lines]
    closing = [line.text.rstrip().endswith(",") and short[i] for i, line in enumerate(lines)]
    marked = [bool(_BRACKETED.fullmatch(line.text.strip())) for line in lines]
    signed = [
        short[i] and ((i > 0 and closing[i - 1]) or (i > 1 and closing[i - 2] and marked[i - 1])) for i in range(n)
    ]
    # An interviewer's remark that prompts the next answer ("Vous avez grandi à Hearst.", "Les commerçants,
    # eux, parlent d'une chute.") is a question without its mark: short, a verb, a full stop, just before an
    # answer, after the lede, in an article of questions and answers; and so is any line given to the
    # interviewer that ends with a full stop ("Le Nordet : Vous avez commencé il y a trois saisons.").
    remark = [
        lines[i].text.rstrip(CLOSERS).endswith(".")
        and (
            _speaker(lines[i].text) in asking
            or (
                answered >= ANSWERED_QUESTIONS
                and first < i < n - 1
                and i not in is_running
                and i + 1 in is_running
                and verbs[i].finite > 0
                and len(lines[i].text.split()) <= OPENER_WORDS * 6
            )
        )
        for i in range(n)
    ]
    # Under a communiqué's end mark, after its text: contacts, "À propos", the boilerplate.
    end_mark = _OWN_NAMES.index("end_mark")
    ended = next((i for i in range(first + 1, n) if own[i, end_mark]), n)
    rows = []
    for i in range(n):
        after = bisect.bisect_right(running, i)  # running lines before or at i; the next one is running[after]
        following = running[after] if after < len(running) else None
        ratio = sizes[i] / sizes[following] if following is not None else 1.0
        rows.append(
            [
                float(i == 0), float(i == 1), float(i == 2), float(i < 5), float(i == n - 1), float(i >= n - 3),
                i / max(n - 1, 1), float(i < first), float(i > last), float(i == first - 1), float(i == last + 1),
                float(not running), bisect.bisect_left(running, i) / max(len(running), 1), float(n == 1),
                float(i == first), float(len(running) > 1 and i == running[1]), float(ratio < 0.8), min(ratio, 2.0) / 2,
                float(i == first and ratio < 0.8),
                float(openers[i]), float(openers[i] and label_shape(shape(lines[i].text.strip()) or "")),
                float(i > 0 and openers[i - 1]), float(i + 1 < n and openers[i + 1]),
                float(i > 1 and openers[i - 2]),
                float(i == first and len(between) > 0), float(i == first and credited),
                float(headline_under_label[i]),
                float(cells_run[i]),
                min(lede_ratio, 2.0) / 2 if i == first else 0.0,
                float(i == first and lede_ratio < LEDE_RATIO),
                float(opens_with(lines[i].text, credit_names)),
                float(_named_in_copyright(lines[i].text, copyright_lines)),
                float(_speaker(lines[i].text) in asking or (bold_questions and i > first and lines[i].emphasis >= 0.9)),
                float(
                    answered >= ANSWERED_QUESTIONS
                    and i not in is_running
                    and i - 1 in is_running
                    and i + 1 in is_running
                    and len(lines[i].text.split()) <= OPENER_WORDS * 6
                ),
                float(cut[i] > 1 and not cells_run[i]),  # one row cut into cells is no table: a ticker band, a menu
                float(bool(_COPYRIGHT.search(lines[i].text))),
                float(contact[i] and i > last),
                float(i > last and bool(_PARTS.search(lines[i].text))),  # "Outlet – Quotidien – City", a legal bar
                float(i > zone),
                float(i > ended),
                float(remark[i]),
                float(over_credit[i]),
                float(signed[i]),
            ]
        )  # fmt: skip
    context = np.array(rows)
    neighbour = own[:, _NEIGHBOUR_INDEX]
    blocks = [own, context]
    for shift in (-1, 1, -2, 2):
        moved = np.zeros_like(neighbour)
        missing = np.ones((n, 1))
        for i in range(n):
            j = i + shift
            if 0 <= j < n:
                moved[i] = neighbour[j]
                missing[i] = 0.0
        blocks += [moved, missing]
    if vocabulary:
        index = {word: j for j, word in enumerate(vocabulary)}
        words = np.zeros((n, len(vocabulary)))
        for i, v in enumerate(verbs):
            for lemma in v.lemmas:
                if lemma in index:
                    words[i, index[lemma]] = 1.0
        blocks.append(words)
    return np.hstack(blocks)
