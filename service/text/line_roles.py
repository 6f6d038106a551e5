"""What a line of a pasted article is, judged on its own: the patterns and word lists.

The furniture of French news pages (wire copy, national dailies, regional
papers, magazines, saved web pages): share buttons, paywall notices, reading
times, agency sign-offs, photo credits and captions, rubric lines, the
paper's own name. ``service.text.structure`` adds what only context can tell
(title, standfirst, byline without "Par", trailing signature).
"""

from __future__ import annotations

import re

from service.models.article import (  # noqa: F401  (the kinds are re-exported for the structure reader)
    BODY,
    BYLINE,
    CALL_TO_ACTION,
    CAPTION,
    CREDIT,
    DATELINE,
    FOOTER,
    HEADING,
    KICKER,
    KINDS,
    MUTED_KINDS,
    PAYWALL,
    PUBLICATION,
    READING_TIME,
    REPEATED_TITLE,
    SIGNATURE,
    SIGNOFF,
    STANDFIRST,
    TITLE,
    TRANSLATED_KINDS,
    WIDGET,
)
from service.text.datelines import is_dateline

# Rubric and genre lines printed above a title ("Analyse", "Tribune") or as "Politique | Analyse".
KICKER_WORDS = frozenset(
    {
        "analyse", "décryptage", "tribune", "récit", "enquête", "reportage", "entretien", "interview", "chronique",
        "éditorial", "édito", "portrait", "témoignage", "opinion", "débat", "critique", "billet", "commentaire",
        "factuel", "exclusif", "exclusivité", "info", "décodeurs", "bilan", "zoom", "focus", "vidéo", "podcast",
        "diaporama", "direct", "live", "infographie", "carte", "document", "archives", "idées", "international",
        "politique", "économie", "société", "culture", "sport", "sports", "planète", "sciences", "santé", "justice",
        "monde", "france", "europe", "régions", "tech", "médias", "environnement", "éducation", "immobilier",
        "faits-divers", "météo", "people", "consommation", "en direct", "faits divers", "point de vue", "carte blanche",
        "libre opinion", "grand format", "l'essentiel", "les faits", "le décryptage", "la chronique", "l'édito",
        "l'éditorial", "grand entretien", "à la une", "la tribune", "le récit", "high-tech", "vu d'ailleurs",
    }
)  # fmt: skip

# French newspapers and magazines whose name may stand alone on a line.
PUBLICATIONS = frozenset(
    name.lower()
    for name in (
        "Le Monde", "Le Figaro", "Libération", "Les Échos", "Les Echos", "Le Parisien", "Aujourd'hui en France",
        "La Croix", "L'Humanité", "Ouest-France", "Sud Ouest", "La Voix du Nord", "Le Progrès", "La Dépêche",
        "La Dépêche du Midi", "Le Dauphiné libéré", "Le Dauphiné", "Le Télégramme", "Nice-Matin", "Var-Matin",
        "Corse-Matin", "La Provence", "Midi Libre", "L'Est républicain", "Le Républicain lorrain",
        "Dernières Nouvelles d'Alsace", "DNA", "L'Alsace", "La Montagne", "Centre Presse", "La Nouvelle République",
        "Le Courrier picard", "Paris Normandie", "L'Union", "L'Est éclair", "Le Bien public",
        "Le Journal de Saône-et-Loire", "Le Berry républicain", "L'Yonne républicaine", "Charente libre",
        "La République des Pyrénées", "L'Indépendant", "Presse Océan", "Le Maine libre", "Le Courrier de l'Ouest",
        "La Presse de la Manche", "Le Journal du Dimanche", "JDD", "L'Express", "Le Point", "L'Obs", "Marianne",
        "Paris Match", "Challenges", "Télérama", "Mediapart", "20 Minutes", "HuffPost", "Franceinfo", "France Info",
        "BFMTV", "Courrier international", "Le Canard enchaîné", "Valeurs actuelles", "Les Inrockuptibles",
        "Le Nouvel Obs", "Capital", "La Tribune", "L'Opinion", "Le Soir", "La Libre Belgique", "Le Temps",
        "Tribune de Genève", "24 heures", "Le Journal de Montréal", "La Presse", "Le Devoir", "Jeune Afrique",
        "Le Républicain", "La Gazette", "Le Courrier", "L'Éclair", "La Nouvelle Tribune",
    )
)  # fmt: skip

_FLAGS = re.IGNORECASE
_FOOTER = re.compile(r"copyright|tous droits réservés|all rights reserved|droits de reproduction", _FLAGS)
_WIDGET = re.compile(
    r"^(?:\d[\d\s.,]*|\d[\d\s.,]*\s*(?:commentaires?|réactions?|partages?|vues|j'aime|likes?)|commentaires?|"
    r"facebook|twitter|x|linkedin|whatsapp|messenger|pinterest|e-?mail|flipboard|bluesky|"
    r"partager(?: cet article| l'article| sur \w+)?|partagez|tweeter|imprimer|envoyer(?: par e-?mail)?|copier le lien|"
    r"(?:à\s+)?lire\s+(?:aussi|également|la suite)\b.*|voir\s+aussi\b.*|sur le même sujet\b.*|"
    r"publicité|annonce|contenu sponsorisé|newsletter|dans la même rubrique|les plus lus|nos dernières vidéos)$",
    _FLAGS,
)
_CALL_TO_ACTION = re.compile(
    r"^(?:offrir(?: cet article)?|réutiliser ce contenu|contribuer|réagir|commenter|"
    r"ajouter à (?:vos|mes) (?:sélections|favoris|articles)|lire plus tard|sauvegarder(?: cet article)?|"
    r"suivre(?: ce sujet| cet auteur)?|"
    r"s'inscrire.*|je m'abonne.*|s'abonner.*|abonnez-vous.*|recevoir (?:la|notre) newsletter.*|"
    r"écouter (?:cet |l')article.*|voir les commentaires|ajouter un commentaire|signaler (?:une|un) (?:erreur|abus)|"
    r"google actualités|suivez-nous.*|télécharger l'application.*|accepter(?: et fermer)?|tout accepter|"
    r"continuer sans accepter|gérer mes choix|paramétrer les cookies)\.?$",
    _FLAGS,
)
_READING_TIME = re.compile(
    r"^(?:temps de lecture|durée de lecture|lecture)\s*:?\s*(?:\d+\s*(?:min(?:utes?)?|mn)|moins d'une minute)\.?$|"
    r"^\d+\s*(?:min(?:utes?)?|mn)\s+(?:de\s+)?lecture\.?$",
    _FLAGS,
)
_PAYWALL = re.compile(
    r"(?:article|contenu|édition)\s+(?:réservée?|réservés)\s+(?:à|aux?)\s+(?:nos\s+)?abonnés|^réservé aux abonnés|"
    r"^abonnés?$|^article abonnés?$|^premium$|^cet article (?:vous est offert|est réservé)|^pour lire la suite|"
    r"^la suite (?:de cet article )?est réservée|^déjà abonné|^il vous reste \d+\s*% de cet article|"
    r"^vous avez lu \d+\s*%|^accédez à tous (?:nos|les) contenus|^(?:article|contenu) gratuit$",
    _FLAGS,
)
_CREDIT = re.compile(
    r"^(?:photo|photos|crédits?(?: photo)?|illustration|image|infographie|vidéo|source|sources)\s*:|^©|"
    r"^\(?(?:photo|crédit|illustration)\b|^\(?avec (?:l')?(?:AFP|Reuters|AP)\)?\.?$|"
    r"\b(?:AFP|Reuters|AP|D\.\s?R\.)\s*\)?$|^\((?:reportage|rédigé|édité|écrit|texte|avec|version française)\b.*\)$",
    _FLAGS,
)
# A caption: a described picture followed by its credit ("... | LE PROGRÈS", "... Photo Le Progrès / J. D.").
_CAPTION = re.compile(
    r"\S.{10,}(?:\|\s*[A-ZÀ-Ý0-9][A-ZÀ-Ý0-9' .&/-]{1,40}|[.)]\s*(?i:\(?photo|©|crédit)\b[^.]{0,80}/[^.]{0,60}\)?)$",
)
# The list of an op-ed's signatories may be long; it is still a credit.
_SIGNATORIES = re.compile(r"^(?:les )?(?:premiers )?signataires?\s*:", _FLAGS)
_BYLINE = re.compile(
    r"^(?:par|de notre (?:envoyée?|correspondante?)(?: spéciale?)?|propos recueillis par|texte|textes)\s*:?\s+\S|"
    r"^(?:collectif|la rédaction|rédaction)$",
    _FLAGS,
)
# Agency sign-offs: initials of the writers and desks, "abc-xyz/abc", "jmf/ab/ial".
_SIGNOFF = re.compile(r"^[a-zà-ÿ]{2,6}(?:\s*[-/]\s*[a-zà-ÿ]{2,6}){1,6}$")
_NAME_WORD = (
    r"(?:[A-ZÀ-Ý][a-zà-ÿ'’-]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?|[A-ZÀ-Ý]\.(?:-[A-ZÀ-Ý]\.)?|[A-ZÀ-Ý]{2,}(?:-[A-ZÀ-Ý]{2,})?)"
)
_PARTICLE = r"(?:de|du|des|d'|d’|le|la|van|von|da|di|ben|ibn|el)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{1,3}}"
# One to three people, maybe with a role or place: "Jean Dupont et Marie Martin", "Anne Roux (à Lyon)".
PERSON_LINE = re.compile(
    rf"^(?:[-–—]\s*)?{_NAME}(?:\s*(?:,|et|avec)\s+{_NAME}){{0,2}}"
    r"(?:\s*(?:,\s*[\wÀ-ÿ' -]{2,40}|\([^)]{2,40}\)))?\.?$"
)


def kicker_like(line: str) -> bool:
    """A rubric or genre line: "Analyse", "Politique | Décryptage", "EN DIRECT"."""
    if len(line) > 60:
        return False  # first: the split below is quadratic on a long run of spaces
    parts = [p.strip(" .:-–—").lower() for p in re.split(r"\s*[|/>•·]\s*|\s+[-–—]\s+", line)]
    return 0 < len(parts) <= 3 and all(p in KICKER_WORDS for p in parts)


def is_publication(line: str) -> bool:
    return line.strip(" .").lower() in PUBLICATIONS


def classify_line(line: str) -> str | None:
    """The kind of a line judged on its own (None: depends on context)."""
    if len(line) < 200 and _FOOTER.search(line):
        return FOOTER
    if _PAYWALL.search(line) and len(line) < 160:
        return PAYWALL
    if _READING_TIME.match(line):
        return READING_TIME
    if _CALL_TO_ACTION.match(line):
        return CALL_TO_ACTION
    if _WIDGET.match(line):
        return WIDGET
    if _SIGNOFF.match(line):
        return SIGNOFF
    if len(line) < 300 and _CAPTION.search(line):
        return CAPTION
    if (_CREDIT.search(line) and len(line) < 120) or (_SIGNATORIES.match(line) and len(line) < 600):
        return CREDIT
    if _BYLINE.match(line) and len(line) < 160 and not line.endswith("."):
        return BYLINE
    if is_dateline(line):
        return DATELINE
    return None
