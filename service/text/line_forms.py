"""Lines whose form says their kind in every outlet: the rules the structure reader's model may not overrule.

The line model (``service.text.line_model``) weighs general evidence and
the order of kinds it learned from other outlets' pages; on a page of an
outlet it never saw, that order can make a time stamp a heading or a
newsletter's unsubscribe line a call to act. Some lines say what they are
by their form alone, in every outlet: a time alone, a communiqué's end
mark, a fact-check's rating, a weather strip, a row of share buttons. Each
rule here was kept only if every line of the labelled corpora and held-out
sets it fires on carries one of the kinds it allows (``scripts/structure_model``
measures it), and ``kinds_by_form`` gives the structure reader each such
line's allowed kinds, enforced at decoding.
"""

from __future__ import annotations

import bisect
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from functools import cache

from service.models.article import (
    BODY,
    BYLINE,
    CALL_TO_ACTION,
    CAPTION,
    CREDIT,
    DATELINE,
    FOOTER,
    HEADING,
    KICKER,
    PAYWALL,
    PUBLICATION,
    READING_TIME,
    SIGNATURE,
    SIGNOFF,
    STANDFIRST,
    TABLE,
    TRANSLATED_KINDS,
    WIDGET,
)
from service.text.datelines import DATE_RE, TIME_RE
from service.text.folding import fold
from service.text.line_features import (
    CLOSERS,
    COLUMNS,
    END_MARK,
    INITIALS,
    SECOND_PERSON,
    SENTENCE_MARK,
    SIGNOFF_SHAPE,
    WEEKDAY,
    outside_quotes,
)
from service.text.lines import Line
from service.text.morphology import WORD

DATE_LINE_WORDS = 2  # words besides a date and a time on a date's line ("Jeudi 6 mars 2025, 19h02")
WORDS_OF = re.compile(r"[^\W\d_]+")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def a_date_alone(text: str) -> bool:
    """A date, with its time and a word or two ("Jeudi 6 mars 2025, 19h02"): no headline ("Les brèves du jeudi
    27 février 2025" is one)."""
    if not DATE_RE.search(text):
        return False
    left = TIME_RE.sub(" ", DATE_RE.sub(" ", text))
    return len(WORDS_OF.findall(left)) <= DATE_LINE_WORDS


def _a_date_stamp(text: str) -> bool:
    """A date alone (``a_date_alone``) with its year, its time or its weekday: what dates a page or a story,
    not a day its story is about ("Votations du 9 février")."""
    return a_date_alone(text) and bool(YEAR.search(text) or WEEKDAY.search(text) or TIME_RE.search(text))


# A line that says when the page was published or changed: "Publié le 27 août 2026 · Partager", "Dernière
# modification: 12:05", "Mis en ligne le …", "Transmis le …", "Édition du mardi 17 juin 2025 — N° 5021".
_SAYS_WHEN = re.compile(
    r"^\W*(?:publiée?|(?:article\s+)?parue?|mise?\s+(?:à\s+jour|en\s+ligne)|dernière\s+(?:modification|mise\s+à\s+jour)|actualisée?"
    r"|modifiée?|transmise?|édition\s+du)\b",
    re.I,
)


_WHEN_WORDS = frozenset(
    {"publié", "publiée", "mis", "mise", "à", "jour", "le", "modifié", "modifiée", "actualisé", "actualisée",
     "dernière", "modification", "en", "ligne", "et", "rectifié", "rectifiée", "corrigé", "corrigée", "révisé",
     "révisée", "retouché", "retouchée", "posté", "postée"}
)  # fmt: skip


def _says_when(text: str) -> bool:
    """A line opening on the page's publication or change, with the date or the time it gives, or made of dates
    and the words that say what they date only ("12/02/2025 11:05 – Mise à jour : 12/02/2025 11:05")."""
    if not (DATE_RE.search(text) or TIME_RE.search(text)):
        return False
    if _SAYS_WHEN.match(text):
        return True
    words = [w.lower() for w in WORDS_OF.findall(TIME_RE.sub(" ", DATE_RE.sub(" ", text)))]
    return (
        bool(DATE_RE.search(text))
        and any(w in _WHEN_WORDS - {"à", "le", "en", "et"} for w in words)
        and all(w in _WHEN_WORDS for w in words)
    )


# A time alone, however decorated: "17:40", "• 17 h 15 •", "[21h48]": a live blog's or a page's time stamp.
_TIME_ALONE = re.compile(r"^\W*\d{1,2}\s?[h:]\s?\d{2}\W*$", re.I)
# A fact-check's rating on a line of its own, with or without its label: "VERDICT : FAUX", "⚠️ NOTRE VERDICT :
# TROMPEUR", "VERDICT ► FAUX", "Trompeur" ("Verdict : le document est un faux ; …" is the story's sentence).
_RATING = (
    r"(?:vrai|faux|trompeur|infondé|manipulé|exagéré|inexact|mensonger|douteux|non prouvé|hors contexte|infox|intox|"
    r"canular|arnaque|sorti de son contexte|"
    r"(?:plutôt|partiellement|en partie|globalement) (?:vrai|faux))"
)
_VERDICT = re.compile(rf"^\W*(?:(?:notre\s+)?verdict\W*)?{_RATING}\W*$", re.I)
# An author's bio: "Marie-Ève Tremblay est journaliste indépendante à Sept-Îles.", "Moana T. est correspondante de
# Henua Mag à Nuku Hiva depuis 2019.", "Bastien Lartigau suit l'agriculture pour L'Écho d'Armagnac depuis 2019."
# Under the story (at most UNDER_STORY_RUNNING lines of running text after it:
# a call to subscribe, a note on the issue), not a sentence of a story about a journalist.
_BIO = re.compile(
    r"^\W*(?:[A-ZÀ-Ý][\w'’.-]+\s){0,2}[A-ZÀ-Ý][\w'’.-]+(?:,\s[^,]{1,30},)?\sest\s(?:\w+\s){0,3}(?:journaliste|correspondante?|reporter|photographe|"
    r"rédact(?:eur|rice)|chroniqueu(?:r|se)|pigiste|collaborat(?:eur|rice)|envoyée?\sspéciale?|éditorialiste)\b"
    r"|^\W*(?i:journaliste|correspondante?|reporter)\b[^.]{0,80},\s(?:il|elle)\s(?:suit|couvre)\s"
    r"|^\W*(?:[A-ZÀ-Ý][\w'’.-]+\s){1,3}(?:suit|couvre)\s.+\s(?:pour\s(?:le\s|la\s|les\s|l['’])?[A-ZÀ-Ý]|depuis\s"
    r"(?:19|20)\d\d\.?$)"
)
# A person's name alone under the story, its family name in capitals or not ("Benoît Vanhove", "Fatou Binetou
# DIOUF"): who signs it. A row of a page's buttons is set alike ("Partager Enregistrer Imprimer"), and a byline
# or a credit opens on its word ("Par X", "Photo X").
_NAME_ALONE = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ'’]+(?:[ -][A-ZÀ-Ý][a-zà-ÿ'’]+){0,2}(?:[ -][A-ZÀ-Ý][A-ZÀ-Ýa-zà-ÿ'’]+)$")
_BUTTONS = re.compile(
    r"\b(?:partager|imprimer|enregistrer|envoyer|commenter|réagir|suivre|écouter|lire|voir|télécharger|signaler|"
    r"copier|favoris|accueil|haut|page|retour|menu|facebook|twitter|whatsapp|instagram|linkedin|youtube|"
    r"météo|agenda|contact|newsletter|"  # a box's title
    r"par|photos?|images?|texte|avec|source|crédits?)\b",  # who wrote or took it: a byline or a credit
    re.I,
)


def _a_name_alone(text: str) -> bool:
    return bool(_NAME_ALONE.match(text)) and len(text.split()) >= 2 and not _BUTTONS.search(text)


UNDER_STORY_RUNNING = 3  # lines of running text after a bio or a wire's sign-off, at most
# A wire's sign-off: its editors' initials ("JPM/NKB/ACD", "atr/lmo/fr": ``line_features.SIGNOFF_SHAPE``) and its end
# ("(fin)", "/FIN/", "=FIN=", "ABH/mk/ABP — fin", the teleprinter's "NNNN"), under the dispatch ("— FIN —" ends a
# communiqué: its footer).
_CODES = rf"{INITIALS}(?:\s?/\s?{INITIALS}){{1,6}}"
_WIRE_END = re.compile(
    rf"^\W*(?:{_CODES}\s*[-–—]?\s*)?[(/=]\s*fin\s*[)/=]\W*$|^{_CODES}\s*[-–—]\s*fin\W*$|^NNNN$", re.I
)
# A call to act on the page: to comment ("Ajouter un commentaire", "Connectez-vous pour commenter", "Réagir"; with
# no count: "Réagir (3 commentaires)" shows the comments), to post an advertisement, to send the newsroom pictures
# or news ("Vous êtes sur place ? Envoyez-nous vos photos": the reader is asked, the newsroom is "nous").
_CALL_TO_ACT = re.compile(
    r"^\W*(?:connectez-vous (?:pour|afin de) (?:commenter|réagir)|(?:ajouter|écrire|envoyer|laisser|poster|publier|"
    r"rédiger|déposer) (?:un|une|votre) (?:commentaire|réaction|avis)|réagi(?:r|ssez)(?: à (?:cet|l['’])article)?|"
    r"soyez (?:le|la) premi(?:er|ère) à (?:réagir|commenter)|donnez(?:-nous)? votre avis|commentez(?: cet article)?|"
    r"commenter|(?:publier|déposer|passer) une (?:petite )?annonce)\b\D*$"
    r"|\b(?:envoyez|transférez|partagez|adressez)(?:-nous)?\s(?:vos|votre|la|le|les)?\s*(?:photos?|vidéos?|images?|"
    r"témoignages?|informations?)\b|\benvoyez-(?:nous|la|le)\b|\b(?:transférez|signalez)-(?:le|la|les|nous)\b|"
    r"\b(?:à|au|sur) notre (?:numéro|adresse|whatsapp)\b",
    re.I,
)
# A reader's account: "Login", "S'abonner · Se connecter · Mon compte", "Déjà abonné ? Je me connecte": a call to
# act, whatever its separators (a menu that holds such a link, or the search, is the page's widget).
_ACCOUNT = re.compile(
    r"\b(?:se connecter|connexion|mon compte|mon espace|login|log in|je me connecte|s['’]abonner|abonnez-vous|"
    r"je m['’]abonne|s['’]identifier|identifiez-vous|déjà abonnée?|mot de passe|identifiant|créer un compte|"
    r"espace (?:membre|abonnés?)|se souvenir de moi)\b",
    re.I,
)
ACCOUNT_LINE_WORDS = 10
_ACCOUNT_KINDS = frozenset({CALL_TO_ACTION})  # a line of account links only; a menu holding one is a widget
_MENU_OR_SEARCH = re.compile(r"[☰🔍🔎]|\b(?:menu|rubriques|rechercher|recherche)\b", re.I)
# A call to take an app or its alerts, which may also be the story's own advice (an explainer's "Téléchargez
# l'application de la caisse"): a call to act or content, never a widget, a footer or the outlet's name.
_APP_CALL = re.compile(
    r"\btélécharge[rz]\b.*\b(?:appli|application)\b|\bactivez (?:les )?(?:notifications|alertes)\b", re.I
)
_CALL_OR_CONTENT = frozenset({CALL_TO_ACTION, *TRANSLATED_KINDS})


# Page furniture every outlet writes the same way, each with the kinds it may be.
# A row of share buttons: social networks' names and the words of sharing only ("Partager : Facebook · X · Copier
# le lien", "Facebook Twitter LinkedIn WhatsApp Imprimer", "Share"), at most one other word ("Partager ce démenti").
_NETWORKS = frozenset(
    {"facebook", "twitter", "x", "whatsapp", "linkedin", "instagram", "youtube", "tiktok", "telegram", "bluesky",
     "threads", "messenger", "snapchat", "pinterest", "f", "in"}
)  # fmt: skip
_SHARING = frozenset(
    {"partager", "partagez", "partage", "share", "sur", "copier", "le", "lien", "e-mail", "email", "mail", "courriel",
     "imprimer", "envoyer", "par", "ce", "cet", "cette", "article"}
)  # fmt: skip
_SHARE_VERBS = frozenset({"partager", "partagez", "partage", "share"})
# A weather strip: "☀️ Sélestat 2° / 13° · Colmar 3° / 15°", "Constantine 14°C · Alger 17°C", "Météo Rimouski: 17°C,
# averses", "Marigot 29 °C · Alizés 25 km/h": a temperature with the weather's sign, a wind or another temperature,
# on a line that is no sentence (a digest's weather brief is one: "Maximales de 27 °C à Nouméa, 29 °C à Koné.").
_TEMPERATURE = re.compile(r"\d\s?°")
_WEATHER_SIGN = re.compile(r"[☀☁⛅⛈🌤🌥🌦🌧🌨🌩🌫🌡☔❄🌊]|\bmétéo\b(?!-)|\d\s?km/h\b", re.I)
_SENTENCE_END = re.compile(r"[.!?…]\W*$")
# A summary's label over its points: "L'essentiel", "Ce qu'il faut retenir", "En bref", "Conclusion". Over its points
# (running text, a sentence, an item of a list), a heading of the story; over a headline, it may be its kicker.
_RECAP = re.compile(
    r"^\W*(?:l['’]essentiel|ce qu['’]il faut (?:retenir|savoir)|en (?:bref|résumé)|à retenir|conclusion|repères)\W*$",
    re.I,
)
_A_POINT = re.compile(r"^[•✔✓▪►\-*]|[.!?…]$")  # a point of a summary: an item of a list, or a sentence
_EMBARGO = re.compile(r"^\W*(?:sous\s+)?embargo\b", re.I)
_CREW = (
    r"(?:images?|montage|réalisation|caméra|prises? de vues?|son|infographie|drone)\s?:\s?"
    r"[A-ZÀ-Ý][\w.'’-]*(?:\s[A-ZÀ-Ý][\w.'’-]*){0,3}"
)
_VOTE = re.compile(r"^\W*(?:voter|votez|je vote|participer)\W*$", re.I)
_FORMS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    # A newsletter's end: why the reader receives it ("Vous recevez ce courriel parce que vous êtes inscrit(e) à …"),
    # and the way out ("Se désabonner · Gérer mes préférences").
    # "Vous recevez Sabah parce que vous vous êtes inscrit …"; "Vous ne souhaitez plus recevoir nos communiqués ?".
    (re.compile(r"^\W*vous recevez\b[^.]{0,60}?\b(?:car|parce qu)\w*\s*vous\b", re.I), frozenset({FOOTER})),
    (re.compile(r"\bne (?:souhaitez|voulez|désirez) plus recevoir\b", re.I), frozenset({FOOTER, WIDGET})),
    (re.compile(r"^\W*se (?:désabonner|désinscrire)\b", re.I), frozenset({FOOTER, WIDGET})),
    # Other articles offered: "À lire aussi : …", "Articles en relation", "Sur le même sujet", "Les plus lus", "ET
    # AUSSI — …", "Aussi cette semaine dans …".
    (
        re.compile(
            r"^\W*(?:(?:à\s+)?lire\s+(?:aussi|également)|à\s+voir\s+(?:aussi|également)|articles?\s+(?:en\s+relation|"
            r"similaires|liés|associés)|sur\s+le\s+même\s+sujet|dans\s+la\s+même\s+rubrique|vous\s+aimerez\s+aussi|"
            r"les\s+plus\s+lus|nos\s+autres\s+articles|et\s+aussi|aussi\s+cette\s+semaine|au\s+sommaire)\b",
            re.I,
        ),
        frozenset({WIDGET}),
    ),
    # A live blog's pages: "Charger les posts précédents", "Voir les billets précédents".
    (
        re.compile(
            r"^\W*(?:charger|voir|afficher)\s+(?:les\s+)?(?:posts|billets|messages|entrées|mises à jour)\s+"
            r"(?:précédents|plus anciens|suivants|antérieurs)\W*$",
            re.I,
        ),
        frozenset({WIDGET}),
    ),
    # A paywall's tag alone: "ABO", "Abonnés", "🔒 Premium", "Réservé aux abonnés", "🔓 EN ACCÈS LIBRE".
    (
        re.compile(r"^\W*(?:abo|abonnée?s?|premium|réservé aux abonnés|(?:en )?accès libre)\W*$", re.I),
        frozenset({PAYWALL}),
    ),
    # A paywall's notice: "La suite de cet article est réservée à nos abonnés.", "Il vous reste 55 % de cet article à
    # lire.", "Plus que 3 articles offerts ce mois-ci — Je m'abonne", "Vous avez lu 2 de vos 3 articles gratuits…"
    # ("Vous lisez un article réservé aux abonnés. Partagez-le…" asks to share it: a call to act).
    (
        re.compile(
            r"^\W*(?:(?:la suite|cet article|ce contenu|article)\b.{0,40}?réservée? (?:à nos|aux) abonnés|"
            r"il vous reste \d+\s?(?:%|articles?)|plus que \d+ articles?|vous avez lu \d+ (?:\w+ ){0,3}articles?)",
            re.I,
        ),
        frozenset({PAYWALL}),
    ),
    # A live blog's pinned post, an advertisement's label ("Publicité", "— Partenaire — Caisse populaire du Sud : …").
    (re.compile(r"^\W*épinglée?\W*$", re.I), frozenset({WIDGET})),
    (
        re.compile(r"^\W*(?:publicité|partenaire|sponsorisé|contenu sponsorisé)\s*(?:$|[—–─·•|]|-\s)", re.I),
        frozenset({WIDGET}),
    ),
    # A score: "AS Cayes 2 – 0 Racing de Port-Salut", "US Guéret 24 - 17 RC Ussel": a row of a results table.
    (
        re.compile(r"^\W*[A-ZÀ-Ý][\w'’. -]{1,30}\s\d{1,3}\s?[-–—]\s?\d{1,3}\s[A-ZÀ-Ý][\w'’. -]{1,30}$"),
        frozenset({TABLE}),
    ),
    # A newsletter's greeting, its editors' sign-off: "Bonne journée, et à demain ! — Claire et Yasmine, pour La …".
    (
        re.compile(
            r"^\W*(?:bonne|belle|excellente|bòn)\s+(?:journée|semaine|soirée|lecture|fin de semaine|jounen)\b", re.I
        ),
        frozenset({SIGNATURE}),
    ),
    # A fact-check's picture of what it checks: "Capture d'écran de la vidéo, …".
    (re.compile(r"^\W*capture d['’]écran\b", re.I), frozenset({CAPTION})),
    # A copyright: a picture's credit ("© Teva Maiau") or the page's footer ("© Le Phare 2025 · Mentions légales").
    (re.compile(r"^\W*©"), frozenset({CREDIT, FOOTER})),
    # The classified advertisements' header, and an advertisement: "Vds bois de chauffage chêne, 70 € le stère",
    # "Cherche colocation …", "À vendre : motoneige 2019, …" (first-person verbs no headline opens on).
    (re.compile(r"^\W*petites annonces\W*$", re.I), frozenset({WIDGET})),
    (
        re.compile(r"^\W*(?:vds|vends|cherche|loue|achète|à louer\s*:|à vendre\s*:|recherche\s*:)\s", re.I),
        frozenset({WIDGET}),
    ),
    # A player: "▶ Écouter le reportage (1:48)", "Vidéo · 1:48", "Voir la vidéo (2:14) — …", "Télécharger le son"; a
    # station's on-air strip: "🔴 EN ONDES · Le Réveil acadien avec …".
    (
        re.compile(
            r"^\W*(?:vidéo|audio|podcast|écouter|regarder|voir la vidéo)\b.{0,40}?\b\d{1,2}:\d\d\b|"
            r"^\W*télécharger (?:le son|l['’]audio|le podcast|l['’]émission)\W*$|^\W*en ondes\b",
            re.I,
        ),
        frozenset({WIDGET}),
    ),
    # A newsletter's head: "Voir dans le navigateur | Transférer à un ami", "Cet e-mail ne s'affiche pas correctement ?
    # Ouvrez-le dans votre navigateur", "Lire cette lettre en ligne · La transférer à un ami", "Elle s'affiche mal ?
    # Lisez-la sur le web".
    (
        re.compile(
            r"\bdans (?:le|votre) navigateur\b|\btransférer\b.{0,20}\bà un(?:e)? ami|\bs['’]affiche mal\b"
            r"|\blisez-la (?:sur le web|en ligne)\b",
            re.I,
        ),
        frozenset({WIDGET}),
    ),
    # A market page's notice: "Cours différés de 15 minutes", "… fournies à titre indicatif avec un différé de 15
    # minutes".
    (re.compile(r"\bdifférée?s?\b.{0,40}\b\d+\s?min|\bdifféré de \d+\s?min", re.I), frozenset({WIDGET, FOOTER})),
    # A state's letterhead: "RÉPUBLIQUE DU SÉNÉGAL", "Liberté · Égalité · Fraternité" (or one word a line), "PRÉFET
    # DE LA CORRÈZE", "MINISTÈRE DES PÊCHES …" in capitals.
    (
        re.compile(
            r"^\W*(?:république (?:française|du|de|d['’]|des|islamique|centrafricaine|gabonaise|togolaise|tunisienne|"
            r"algérienne)\b[^.]{0,40}|liberté|égalité|fraternité|liberté\W+égalité\W+fraternité)\W*$",
            re.I,
        ),
        frozenset({PUBLICATION}),
    ),
    (
        re.compile(r"^\W*(?:MINIST[ÈE]RE|PR[ÉE]F(?:ET|ÈTE|ECTURE)) (?:DE|DU|DES|D['’])\b[^a-zà-ÿ.]*$"),
        frozenset({PUBLICATION}),
    ),
    # A company's legal line: "SCA au capital variable · 412 adhérents", "Siège social : avenue …", "… RCCM RB/OUI/…",
    # "Association déclarée sous le n° 014", "Membre de la Fédération des coopératives" (a sentence may begin so):
    # its letterhead above the story, its footer below.
    (
        re.compile(
            r"\bau capital (?:variable|de)\b|\b[Ss]iège(?: social)?\s*:|\b(?:RCS|RCCM|SIRET|SIREN)\b|"
            r"\b(?i:registre du commerce|case postale|direct(?:eur|rice) de (?:la )?publication)\b|"
            r"^\W*(?i:association déclarée\b|membre (?:de|du|des)\b[^.!?]{0,80}$)"
        ),
        frozenset({PUBLICATION, FOOTER}),
    ),
    # A prompt's buttons: "Ce site utilise des cookies … Accepter | Refuser", "Ce contenu vous a-t-il été utile ?
    # 👍 Oui · 👎 Non", "Autorisez les notifications … Plus tard | Autoriser".
    (
        re.compile(
            r"\b(?:accepter\W+refuser|refuser\W+accepter|plus tard\W+autoriser|autoriser\W+plus tard)\W*$",
            re.I,
        ),
        frozenset({WIDGET}),
    ),
    (re.compile(r"\boui\W+non\W*$", re.I), frozenset({WIDGET, CALL_TO_ACTION})),  # a tool or a call, as each saw it
    # A communiqué's end: "Contact presse : X – 05 00 00 00 00 – presse@…", "Note aux rédactions : …", "[FIN]".
    (re.compile(r"^\W*contacts?\s+(?:presse|médias?)\b", re.I), frozenset({FOOTER})),
    (re.compile(r"^\W*note aux rédactions\b", re.I), frozenset({FOOTER, WIDGET})),
    (re.compile(r"^\W*\[\s*fin\s*\]\W*$", re.I), frozenset({FOOTER})),
    # A note on how the text was made: "Ce texte est une adaptation du reportage diffusé …", "Entretien relu par
    # l'intéressée et condensé …", "Résumé rédigé avec l'aide d'un outil d'intelligence artificielle …", "Propos
    # traduits de l'arabe …" ("Entretien réalisé par X" is a byline); a court report's "conformément à notre charte".
    (
        re.compile(
            r"^\W*(?:ce texte|cet article|cet entretien|cette (?:entrevue|interview|version)|l['’]entretien|"
            r"ce reportage|ce résumé|résumé|entretien|propos)\b[^.]{0,60}?\b(?:(?:est|a été) une adaptation|adapté|"
            r"condensée?s?|relue?s?|révisée?s?|traduite?s?|rédigée?s? avec|réalisée? en)\b",
            re.I,
        ),
        frozenset({CREDIT}),
    ),
    (
        re.compile(r"\bconformément à (?:notre charte|nos règles|nos usages|notre politique)\b", re.I),
        frozenset({CREDIT}),
    ),
    # A paywall's notice to a reader let in: "🎁 Cet article vous a été offert par un abonné."
    (re.compile(r"\boffert par (?:un|une|l['’]un de nos) abonnée?\b", re.I), frozenset({PAYWALL})),
    # A quotation alone, ending as a sentence inside its marks ("« Allez Kévin ! »", "«Scandaleux!»"): what someone
    # said, set apart in the story (a heading quoted has no full stop: "« Je voulais lui faire peur »").
    (re.compile(r"^\W{0,3}[«“\"][^«»“”\"]{2,}[.!?…]\s?[»”\"]\W{0,2}$"), frozenset({BODY})),
    # A table's row set with leaders: "1. Kévin Ursulet (VC Lamentinois) ............ 3 h 41' 06''".
    (re.compile(r"\S\s?\.{4,}\s?\S"), frozenset({TABLE})),
    # A link to an item's full story, alone: "Lire la suite →", "→ Lire la suite", "Lire la suite ›".
    (re.compile(r"^\W{0,3}lire la suite\W{0,3}$", re.I), frozenset({WIDGET})),
    # The rest on the site: "→ La suite et les photos sur le site"; a gallery: "📷 Voir le portfolio : 14 photos".
    (re.compile(r"^\W{0,3}(?:lire )?la suite\b.{0,40}\bsur (?:le|notre) site\W*$", re.I), frozenset({WIDGET})),
    (
        re.compile(r"^\W*voir (?:le|la|notre|les) (?:portfolio|diaporama|album|galerie|photos)\b", re.I),
        frozenset({WIDGET}),
    ),
    # A site's skip links, for keyboards and screen readers: "Passer au contenu principal ∷ Passer au pied de page".
    (
        re.compile(r"^\W*(?:passer|aller|accéder) (?:au|à la|directement au) (?:contenu|navigation|menu|pied)", re.I),
        frozenset({WIDGET}),
    ),
    # A file offered with its size: "🧾 Communiqué financier de la société (PDF, 420 Ko)".
    (re.compile(r"\((?:pdf|csv|xlsx?|docx?|odt|zip)\s?[,·-]\s?[\d,.]+\s?(?:ko|mo|kb|mb)\)", re.I), frozenset({WIDGET})),
    # A picture's required credit: "Crédit obligatoire: Cave des Terrasses / L. Favre".
    (re.compile(r"^\W*crédits?(?: photos?)?(?: obligatoires?)?\s?:", re.I), frozenset({CREDIT})),
    # Who checked a fact-check, and who read it again: "Vérification : X · Relecture : Y".
    (re.compile(r"^\W*vérification\s?:\s?[A-ZÀ-Ý]", re.I), frozenset({SIGNATURE, BYLINE})),
    # What an interview's transcript notes between brackets: "(Rires.)", "(Silence.)", "(Un temps.)".
    (
        re.compile(
            r"^\(\s?(?:rires?|silence|applaudissements|un temps|une pause|pause|soupirs?)\b[^()]{0,30}\)$", re.I
        ),
        frozenset({BODY}),
    ),
    # A file offered for download: "⤓ Télécharger ces données (CSV)", "📄 Télécharger le plan (PDF, 1,2 Mo)".
    (re.compile(r"\btélécharge[rz]\b.{0,60}\b(?:pdf|csv|xlsx?|ods|zip)\b", re.I), frozenset({WIDGET})),
    # A communiqué's attachment: "Pièce jointe : fiche technique (2 pages)".
    (re.compile(r"^\W*pièces?[ -]jointes?\s?:", re.I), frozenset({FOOTER})),
    # A call to comment that asks for an account first: "Pour commenter, créez gratuitement votre compte lecteur".
    (
        re.compile(r"^\W*pour (?:commenter|réagir)\b.{0,40}\b(?:compte|connectez|abonn)", re.I),
        frozenset({CALL_TO_ACTION}),
    ),
    # A note on how the text was made: "Propos traduits de l'arabe par la rédaction.", "Transcription générée
    # automatiquement, puis révisée par la rédaction", "Les réponses … ont été traduites par Teiva Moux".
    # A body's sentence may tell of a book translated by someone: a note names the newsroom, or opens on the words.
    (
        re.compile(
            r"\b(?i:traduite?s?|transcrite?s?|révisée?s?|relue?s?|condensée?s?|adaptée?s?|générée?s?)\b[^.«»]{0,60}"
            r"\bpar\s(?:la|notre)\s(?:rédaction|salle des nouvelles)\b"
            r"|^\W*(?:(?i:propos|texte|transcription|reportage|les propos|les réponses)\b[^.«»]{0,80})?"
            r"\b(?i:traduite?s?|transcrite?s?|éditée?s?|révisée?s?)\s(?:de\s[^.«»]{1,30}\s)?par\s[A-ZÀ-Ý]"
        ),
        frozenset({CREDIT}),
    ),
    # The outlet's own app: "Téléchargez notre application …", "… partout sur notre appli".
    (re.compile(r"\bnotre (?:application|appli)\b", re.I), frozenset({CALL_TO_ACTION})),
    # Pictures offered to the press: "Photos de la cérémonie disponibles sur demande, libres de droits …".
    (re.compile(r"^\W*photos?\b.{0,40}\bdisponibles?\b", re.I), frozenset({CREDIT, WIDGET})),
    # A reading time alone: "⌛ 12 min".
    (re.compile(r"^\W*\d{1,2}\s?min\W*$", re.I), frozenset({READING_TIME})),
    # A live blog's refresh: "🔄 Mise à jour automatique toutes les 60 secondes", "⟳ Actualisation automatique :
    # activée"; a market page's disclaimer: "… ne constituent ni un conseil en investissement ni …".
    (re.compile(r"\b(?:actualisation|mise à jour|rafraîchissement)\s+automatique\b", re.I), frozenset({WIDGET})),
    (
        re.compile(r"\bne constituen?t? (?:ni|pas) (?:un |une )?(?:conseil|recommandation|offre)", re.I),
        frozenset({FOOTER}),
    ),
    # A wire's notice that a dispatch replaces another: "(Remplace la dépêche ACP 0412 diffusée à 10h20 GMT. Corrige
    # …)": news the reader must see, not the page's.
    (re.compile(r"^\W{0,2}(?:annule et )?remplace (?:la|notre) (?:dépêche|version)\b", re.I), frozenset({BODY})),
    # A cookie banner, said to the reader: "Nous déposons des cookies pour … vous proposer …", "Ce site utilise des
    # traceurs pour améliorer votre navigation" (a story about cookies does not speak to its reader).
    (
        re.compile(
            r"\b(?:utilise|utilisons|dépose|déposons)\s+des\s+(?:cookies|traceurs)\b.{0,80}\b(?:vous|votre)\b", re.I
        ),
        frozenset({WIDGET, FOOTER}),
    ),
    # A subscription's offer: "Offre découverte : 1 € le premier mois, sans engagement", "S'abonner 1 €/mois".
    (
        re.compile(
            r"\b(?:offre (?:découverte|spéciale|d['’]essai|de bienvenue)|le premier mois|sans engagement)\b|"
            r"[€$]\s?/\s?mois\b",
            re.I,
        ),
        frozenset({CALL_TO_ACTION}),
    ),
    # Who paid for the work: "Ce contenu est produit dans le cadre de l'Initiative de journalisme local", "Ce
    # reportage a été réalisé avec le soutien du Fonds d'aide au journalisme régional".
    (
        re.compile(
            r"^\W*(?:ce|cet|cette) (?:contenu|reportage|texte|article|dossier|enquête|série|podcast|émission|récit)\b"
            r"[^.]{0,30}?\b(?:produite?|réalisée?|publiée?|financée?|soutenue?)\s(?:avec|dans le cadre|grâce)\b",
            re.I,
        ),
        frozenset({FOOTER}),
    ),
    # A report's crew: "Images : K. Vaitanoa · Montage : A. Mulikihaamea", "Infographie : X".
    (
        re.compile(
            rf"^\W*{_CREW}(?:\s?[·∙•⋅|,/–—-]\s?{_CREW}){{0,3}}\W*$",
            re.I,
        ),
        frozenset({CREDIT}),
    ),
    # A post embedded from a network: "Voir la publication", "Voir le post sur X".
    (
        re.compile(r"^\W*voir (?:la|le|cette|ce) (?:publication|post|tweet|message)(?: sur \w+)?\W*$", re.I),
        frozenset({WIDGET}),
    ),
    # A poll: its box's title ("📊 Le sondage du jour") and its button ("Voter"); the question over the button is
    # told by its neighbour (``kinds_by_form``).
    (re.compile(r"^\W*(?:le |notre )?sondage(?: du jour| de la semaine| express)?\W*$", re.I), frozenset({WIDGET})),
    (_VOTE, frozenset({CALL_TO_ACTION})),
    # A notice to the audience: "📢 Avis aux auditeurs : notre relais de Fort-Liberté est en maintenance".
    (
        re.compile(r"^\W*avis aux (?:auditeurs|auditrices|lecteurs|lectrices|téléspectateurs|abonnés)\b", re.I),
        frozenset({WIDGET}),
    ),
    # A wire's agenda: "➔ À SUIVRE : point de presse du préfet à 15h00 GMT. Une nouvelle version sera diffusée."
    (re.compile(r"^\W*à suivre\s?:", re.I), frozenset({WIDGET})),
    # A communiqué's embargo: "Embargo jusqu'au mardi 18 mars 2025, 6 h 00", "EMBARGO : NE PAS DIFFUSER AVANT …".
    (_EMBARGO, frozenset({KICKER})),
    # A wire's transmission code: "ZDR 181540 GMT MAR 26", "140852 TU AVR 26".
    (re.compile(r"\b\d{6}\s?(?:GMT|TU|UTC|Z)\s+[A-ZÉÛ]{3,4}\.?\s+\d{2}\W*$"), frozenset({DATELINE})),
    # A dispatch's credit to agencies: "(Avec AFP)", "Avec agences".
    (
        re.compile(r"^\W*avec (?:l['’])?(?:afp|agences?|reuters|ap|belga|ats|apa|aps|map|anp|acp)\W*$", re.I),
        frozenset({SIGNATURE, CREDIT}),
    ),
    # A trail: "Vous êtes ici : Accueil ⟡ Salle de presse ⟡ Communiqués 2026".
    (re.compile(r"^\W*vous êtes ici\b", re.I), frozenset({WIDGET})),
    # Where a table's or a box's figures come from: "Source : X", "Relevé : X, auprès de quatre marchands",
    # "Données : direction régionale de l'eau" (a communiqué's "Source : the company" is its footer).
    (re.compile(r"^\W*(?:sources?|relevés?|données)\s?:\s?\S", re.I), frozenset({CREDIT, FOOTER})),
    # Access told in a sentence: "Ce grand reportage est en accès libre jusqu'au 31 mars, ensuite réservé aux
    # abonnés", "Cet article est réservé à nos abonnés".
    (
        re.compile(
            r"\b(?:article|reportage|contenu|entretien|dossier|suite)\b[^.]{0,40}"
            r"\b(?:en accès libre|réservée? (?:aux|à nos) abonnés)\b",
            re.I,
        ),
        frozenset({PAYWALL, CALL_TO_ACTION}),
    ),
    # What a text rests on, where else it exists, when it comes back on air: "Ce compte rendu s'appuie sur
    # l'audience publique", "Ce communiqué existe aussi en allemand.", "📺 Ce sujet sera repris ce soir …".
    (re.compile(r"^\W*(?:ce|cet|cette) [\w ]{3,25}? s['’]appuie sur\b", re.I), frozenset({CREDIT})),
    (re.compile(r"^\W*(?:ce|cet|cette) [\w ]{3,25}? existe (?:aussi|également) en\b", re.I), frozenset({FOOTER})),
    (re.compile(r"^\W*ce sujet sera (?:repris|rediffusé|diffusé)\b", re.I), frozenset({CALL_TO_ACTION})),
    # The article speaking of itself: "Cet article vous est offert …", "Cette vérification est aussi diffusée en
    # fulfulde …", "Ce reportage fait partie de notre série …", "Ce compte rendu s'appuie sur l'audience publique",
    # "Ce communiqué existe aussi en allemand.", "Ce sujet sera repris ce soir dans le journal …": the page's
    # furniture, never the story.
    (
        re.compile(
            r"^\W*(?:cet article|cette vérification|cet entretien|ce (?:grand )?reportage|cette chronique|ce podcast|"
            r"ce compte rendu|ce communiqué|cette dépêche|cette lettre|ce sujet)\s"
            r"(?:vous\s)?(?:est|a été|fait partie|reprend|adapte|s['’]appuie|existe|sera)\b",
            re.I,
        ),
        frozenset({CALL_TO_ACTION, PAYWALL, WIDGET, FOOTER, CREDIT}),
    ),
)
# An item's label, a time and a word or two: a digest's rubric ("07h45 | ⚡ Breaking", "Politique | 10h20") is its
# kicker, a live blog's event ("17:12 ┃ ARRIVÉE") the entry's dateline: which one, the reader decides.
_CLOCK = r"\d{1,2}\s?[h:]\s?\d{2}"
_TIMED_RUBRIC = re.compile(
    rf"^\W*{_CLOCK}\s*[|·•—–┃-]\s*(?P<after>[^|·•—–┃\d][^|·•—–┃]*(?:┃[^|·•—–┃]+)?)$"
    rf"|^(?P<before>[^|·•—–┃\d]+?)\s*[|·•—–┃-]\s*{_CLOCK}\W*$"
    # any other sign between spaces: "22:09 ⟢ DÉCOLLAGE", "21:40 ⟢ H0 − 7 min"
    rf"|^\W*{_CLOCK}\s[^\w\s'’.,;:!?()«»\"“”&%€$+*#@/-]\s(?P<signed>[^\W\d].*)$"
)
RUBRIC_WORDS = 4
# A count of readers' comments: "💬 3 commentaires · Réagir à cet article", "Réagir à cet article (3 commentaires)";
# with the page's date, its dateline ("27 juin 2025 · Amélie Laplante-Ouimet · 3 commentaires").
_COMMENTS = re.compile(r"\b\d+\s+commentaires?\b", re.I)
COMMENTS_LINE_WORDS = 8


# An issue's or a dispatch's number or length with its date, on a short line: "N° 612 — mardi 17 novembre 2026 —
# 6 h 30", "Dépêche n° 0317 / 12.03.2026 / 09h24 GMT / 468 mots" (a communiqué's number is its kicker: "COMMUNIQUÉ DE
# PRESSE N° 003/2026"; a decree quoted is the story's: "« Arrêté n° 2847 : à compter du 1er décembre, le litre …»").
_NUMBERED = re.compile(r"\bn[°o]\s?\d|\b\d+ mots\b", re.I)
NUMBERED_LINE_WORDS = 16
_COMMUNIQUE = re.compile(r"\bcommuniqué\b", re.I)
# A reading time: "⏱ 9 min de lecture", "Temps de lecture : 4 minutes"; with a date, the page's dateline.
_READING_TIME = re.compile(r"temps de lecture|\blecture\s?:\s?\d+\s?min|\d+\s?min(?:utes)? de lecture", re.I)


# A magazine's credits for words and pictures: "Texte : X · Photos : Y", "TEXTE X | PHOTOS Y", "Texte et photo : X".
_TEXT_BY = re.compile(r"^\W*texte(?:\s+et\s+photos?)?\s*:?\s+(?:par\s+)?[A-ZÀ-Ý]", re.I)
# A picture's credit, a person's name and the outlet's: "Rima Khoury / Le Courrier du Cèdre", "Y. Cortot / Le Cagou
# Magazine" (in capitals, "GRAND FORMAT / BROUSSE" is a rubric).
_NAME_SLASH_OUTLET = re.compile(
    r"^\W*(?:[A-ZÀ-Ý]\.\s?|[A-ZÀ-Ý][\w'’-]+\s)[A-ZÀ-Ý][\w'’-]+(?:\s[A-ZÀ-Ý][\w'’-]+)?\s?/\s?(?:[LlDd][ea']\s?|L’)?"
    r"[A-ZÀ-Ý][\w'’ -]{1,40}$"
)


# Who made the text, by the verb of their work: "Propos recueillis par X", "Entretien réalisé par X", "Direct animé
# par X et Y", "Commenté par X", "Suivi par X"; with a date, the dateline ("Propos recueillis par X — 6 avril 2025").
_MADE_BY = re.compile(
    r"^\W*(?:(?:direct|live|fil|entretien|interview|entrevue|propos|émission|reportage)\s+)?(?:animée?|commentée?|"
    r"présentée?|réalisée?|recueillis|suivie?|modérée?)s?\s+par\s+[A-ZÀ-Ý]",
    re.I,
)

MADE_BY_WORDS = 14  # a story's sentence may open the same way: "Présenté par la ministre, le texte prévoit …"


def _dated_by_form(text: str) -> frozenset[str] | None:
    """The kinds of a line that holds a reading time, a magazine's credits, who made the text, readers' comments
    counted, or an issue's or a dispatch's number, with or without its date."""
    dated = bool(DATE_RE.search(text))
    if _READING_TIME.search(text):
        return frozenset({DATELINE}) if dated else frozenset({READING_TIME})
    made_by = _MADE_BY.match(text) and len(text.split()) <= MADE_BY_WORDS and not _SENTENCE_END.search(text)
    if _TEXT_BY.match(text) or made_by:
        return frozenset({DATELINE}) if dated else frozenset({BYLINE})
    short = len(text.split()) <= NUMBERED_LINE_WORDS and not text.startswith(("«", '"', "“"))
    if _COMMENTS.search(text) and not _SENTENCE_END.search(text):
        if dated and short:
            return frozenset({DATELINE})
        if len(text.split()) <= COMMENTS_LINE_WORDS:
            return frozenset({WIDGET})
    if dated and short and _NUMBERED.search(text) and not _COMMUNIQUE.search(text):
        return frozenset({DATELINE})
    return None


# A table's row set in columns by runs of spaces, a label and figures in two cells or more: "Chiffre d'affaires
# 148,3    96,1    +54 %" (a menu set the same way has no figures: "Régions   Mer   Culture"; a ticker's cells each
# carry their figures: "CAC 40 8 112,45 +0,38 %   SBF 120 6 120,10 +0,31 %").
FIGURE_CELLS = 2


def _a_row_in_columns(text: str) -> bool:
    cells = [c for c in COLUMNS.split(text.strip()) if c]
    figures = sum(bool(re.search(r"\d", c)) for c in cells[1:])
    return len(cells) >= 3 and not re.search(r"\d", cells[0]) and figures >= FIGURE_CELLS


# A picture's credit on its own line: "PHOTO : LUC POLIQUIN, LE NORDET", "Photo J. V.", "© Moléson Info / F. O." (a
# page's copyright has its year or its rights: "© Amazonie Hebdo 2025", "© X — Tous droits réservés"; "Photos
# disponibles sur demande" offers pictures).
_PHOTO_CREDIT = re.compile(
    r"^\W*(?:(?:photos?\b|crédit(?:\s+photo)?\b|ph\.)\s*:?\s*(?!disponibles?\b|libres?\b|de la\b|du\b|des\b|de l)"
    r"[A-ZÀ-Ý][^\d]{0,60}|©\s*[^\d]{2,60})$|^\s?[📷📸]\s?[A-ZÀ-Ý][^\d]{0,60}$",
    re.I,
)
# ... or in capitals, a name and an outlet, or the outlet's archives: "HINANO TEHEI / MOANA HEBDO", "ARCHIVES
# L'INVESTISSEUR" (a rubric over the headline is cut alike: "GRAND FORMAT / BROUSSE"; under a caption it is a credit).
_CAPS_CREDIT = re.compile(
    r"^(?:(?:PHOTOS?|ARCHIVES?)\s?:?\s)?[A-ZÀ-Ý][A-ZÀ-Ý'’.-]*(?:\s[A-ZÀ-Ý'’.-]+){0,4}"
    r"(?:\s?/\s?[A-ZÀ-Ý][A-ZÀ-Ý'’ .-]{1,40})?$"
)
_RIGHTS = re.compile(r"droits|reproduction|mentions|\b(?:19|20)\d\d\b", re.I)
CREDIT_LINE_WORDS = 8
# A picture's caption ending on its credit: "… analysées par le Laboratoire cantonal. KEYSTONE/Archives", "… contre
# les flammes. | LE PROGRÈS", "… à l'Assemblée nationale. / AFP", "… mardi (photo Aïssa M.)", "… à l'aube. © Joël
# Sabayo", "… le 9 juin (Y. M. O.)" (a footer's copyright has its year or its rights).
_CREDIT_TAIL = re.compile(
    r"[.!?…»)]\s?(?:[|/—–]\s?)?(?:©\s?[^©\d]{2,60}|\(\s?photos?\b[^()\d]{0,60}\)|"
    r"(?:[LD]['’])?[A-ZÀ-Ý]{2,}(?:[ /’'.-]{1,3}[A-ZÀ-Ý]{2,}){0,5}(?:\s?/\s?[\w'’ .-]{2,30})?)\W{0,2}$|"
    r"\w\s\((?:[A-ZÀ-Ý]\.\s?){2,4}\)$"  # the photographer's initials: "… le 9 juin (Y. M. O.)"
)
CAPTION_LINE_CHARS = 400  # a caption is a sentence or two; longer lines are not looked at
CAPTION_SENTENCE_WORDS = (5, 35)  # a caption over its credit is one sentence of this many words
_TWO_SENTENCES = re.compile(r"[.!?…]\s+[«\"“]?[A-ZÀ-Ý]")


def _a_photo_credit(text: str) -> bool:
    """A picture's credit alone on its line."""
    return bool(_PHOTO_CREDIT.match(text) and not _RIGHTS.search(text) and len(text.split()) <= CREDIT_LINE_WORDS)


def _a_credit_in_capitals(text: str) -> bool:
    return bool(
        _CAPS_CREDIT.match(text)
        and ("/" in text or text.startswith(("PHOTO", "ARCHIVE")))
        and len(text.split()) <= CREDIT_LINE_WORDS
    )


def _a_caption_with_credit(text: str) -> bool:
    if len(text) > CAPTION_LINE_CHARS or not (match := _CREDIT_TAIL.search(text)):
        return False
    said = text[: match.start() + 1]
    return (
        len(said) >= 20
        and said[:1].isupper()
        and not _RIGHTS.search(text[match.start() :])
        and not SECOND_PERSON.search(said)  # a banner's button: "… vous acceptez leur utilisation. OK"
    )


def _a_caption_over_credit(lines: Sequence[Line], i: int, in_story: bool, after_running: bool) -> bool:
    """One sentence over a picture's credit ("PHOTO : X", "© X", "(X / Outlet)"), in the story (the last paragraph
    over the page's credit is the story's); over a credit in capitals, only below the story's first paragraph
    (over the headline, a menu sits above a rubric cut alike: "Élevage · Portraits · Agenda" over "GRAND ENTRETIEN
    / ÉLEVAGE")."""
    text = lines[i].text.strip()
    low, high = CAPTION_SENTENCE_WORDS
    credit = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
    return bool(
        (
            _a_photo_credit(credit)
            or (in_story and _a_credit_in_capitals(credit))
            or (_NAME_SLASH_OUTLET.match(credit.strip("()")) and not credit.isupper())
        )
        and not lines[i].head
        and after_running
        and low <= len(text.split()) <= high
        and not _a_photo_credit(text)
        and not _TWO_SENTENCES.search(text)
        and len(_MENU_CELLS.findall(text)) < MENU_CELLS - 1
    )


# A site's menu or trail: three cells or more of a few words without figures, one of them a newspaper's section
# ("Fribourg — Gruyère — Broye — Sport — Opinions — Agenda", "Metz › Faits divers – Justice", "Société   Culture
# Portraits   Le Mag papier"): the page's furniture, or over the headline the story's rubric, never the outlet's
# name (a row of places alone may be an edition's: "Guéret · Aubusson · La Souterraine").
_MENU_CELLS = re.compile(
    rf"\s?(?:[|·•—–/›>»┃⸱⬩⋅~▾]|{COLUMNS.pattern})\s?"
    r"|\s[^\w\s'’.,;:!?()«»\"“”&%€$+*#@-]\s"  # any other sign between spaces: "Martigny ⌁ Entremont ⌁ Sports"
)
# fmt: off
_SECTIONS = frozenset({
    "accueil", "menu", "rubriques", "actualité", "actualités", "actu", "sport", "sports", "culture", "économie",
    "éco", "société", "opinion", "opinions", "idées", "débats", "tribunes", "éditorial", "chroniques", "agenda",
    "météo", "politique", "monde", "international", "national", "régions", "région", "local", "vidéos", "vidéo",
    "podcasts", "balados", "photos", "nécrologie", "nécrologies", "carnet", "loisirs", "environnement", "santé",
    "éducation", "justice", "faits-divers", "people", "sciences", "tech", "auto", "immobilier", "emploi", "jeux",
    "horoscope", "dossiers", "enquêtes", "portraits", "services", "annonces", "archives", "entreprises", "marchés",
    "bourse", "finance", "médias", "cinéma", "musique", "livres", "arts", "spectacles", "agriculture", "insolite",
    "faits divers",
})
# fmt: on
MENU_CELLS = 3
MENU_CELL_WORDS = 4


def _a_menu(text: str) -> bool:
    """Three cells or more, one a section; or two cells or more, each a section ("Faits divers | Justice")."""
    cells = [c.strip(" .:!?") for c in _MENU_CELLS.split(text.strip()) if c.strip(" .:!?")]
    sections = sum(c.lower() in _SECTIONS for c in cells)
    return (
        len(cells) >= 2
        and (len(cells) >= MENU_CELLS or sections == len(cells))
        and all(len(c.split()) <= MENU_CELL_WORDS for c in cells)
        and not re.search(r"\d", text)
        and sections > 0
    )


# A language switch: cells that name languages, in their own tongue, in French or in English, or by their codes in
# capitals ("Kreyòl ⋮ Français ⋮ Español", "FR ⦙ NL", "عربي ⦚ English ⦚ Français", "Deutsch ⸗ English"): one
# cell may be a name Babel writes otherwise.
SWITCH_CELL_WORDS = 3
SWITCH_CELLS = 8
_FRENCH = frozenset({"fr", "francais", "french", "fra"})


@cache
def _language_names() -> tuple[frozenset[str], frozenset[str]]:
    """Folded names of every language Babel knows (autonym, its first word, French and English name), and codes."""
    from babel import Locale, localedata

    codes = frozenset(i for i in localedata.locale_identifiers() if "_" not in i and len(i) == 2)
    names: set[str] = set()
    for reader in (Locale("fr"), Locale("en")):
        names |= {fold(name) for name in reader.languages.values()}
    for code in codes:
        autonym = Locale.parse(code).get_language_name(code)
        if autonym:
            names |= {fold(autonym), fold(autonym.split()[0])}
    return frozenset(n for n in names if len(n) >= 3), codes


def _a_language_switch(text: str) -> bool:
    """A row offering the page in other languages: never the story, never translated as if it were."""
    cells = [c.strip(" .:!?()") for c in _MENU_CELLS.split(text.strip()) if c.strip(" .:!?()")]
    if not 2 <= len(cells) <= SWITCH_CELLS or any(len(c.split()) > SWITCH_CELL_WORDS for c in cells):
        return False
    names, codes = _language_names()
    by_name = [fold(c) in names for c in cells]
    by_code = [len(c) == 2 and c.isupper() and c.lower() in codes for c in cells]
    named = sum(n or c for n, c in zip(by_name, by_code, strict=True))
    # Codes alone may be anything's initials ("PS · MR · Ecolo"): a switch by codes offers the page's French.
    if any(by_code) and not any(fold(c) in _FRENCH for c in cells):
        return False
    return named >= 2 and named >= len(cells) - 1


STAMP_LINE_WORDS = 20
# A list's item in the story: "– Production attendue : 238 000 tonnes de paddy" (an interviewer's question may be set
# the same way: "– Qu'attendez-vous des pouvoirs publics ?"; a live blog's time between bullets is its dateline).
_LIST_ITEM = re.compile(r"^\s?[–•*▪►✔✓·-]\s")
LIST_ITEM_WORDS = 3
TABLE_PIPES = 2  # a row of three cells or more
_BARS = re.compile(r"[|│┃∣¦┆┊╎]")  # a vertical bar between cells, however typed
# Any other sign between spaces, dashes and slashes apart (a paragraph's incises): "Vent au sol ⟢ 14 km/h ⟢ limite".
_ROW_SIGN = re.compile(r"\s([^\w\s'’.,;:!?()«»\"“”&%€$+*#@/—–-])(?=\s)")
TABLE_BAR_ROWS = 3
# A row of two cells, a label and its figure, set apart by an arrow: "dimanche 5 avril → 46,3". Three such rows or
# more in a row, in the story, are a table.
_ARROW_ROW = re.compile(r"^[^→⇒➜]{2,60}\s[→⇒➜]\s[^→⇒➜]{0,30}\d[^→⇒➜]{0,30}$")
ARROW_ROWS = 3
# A timeline's entry: a year, a dash, what happened ("1976 — naissance à Maeva", "2006 — reprend les parcs"); two or
# more in a row are the story's own items (a year with figures in columns is a table's row).
_YEAR_ENTRY = re.compile(r"^(?:1[6-9]|20)\d\d\s[—–]\s[^\t|│┃∣]+$")
YEAR_ENTRIES = 2


def _dates_the_page(line: Line, text: str, says_when: bool) -> bool:
    """Over the story: a date stamp, a line saying when, or a short line with a date and a time whatever else it
    holds ("ADP ✚ 0231/ZDR ✚ mer. 18.03.26 ✚ 15:40 GMT ✚ 2e version", "SUMMERSIDE — Cour provinciale · jeudi 9
    octobre 2025 · 17 h 52"), unless it is a communiqué's embargo or a paragraph's head ("Mise à jour du 4
    décembre, 10 h 05 :")."""
    if _a_date_stamp(text) or says_when:
        return True
    return bool(
        DATE_RE.search(text)
        and TIME_RE.search(text)
        and len(text.split()) <= STAMP_LINE_WORDS
        and not line.head
        and not _EMBARGO.match(text)
        and not _SENTENCE_END.search(text)
    )


RUBRIC_LINE_CHARS = 80  # a label is short; the pattern backtracks on long runs of spaces


def _a_timed_rubric(text: str) -> bool:
    match = _TIMED_RUBRIC.match(text) if len(text) <= RUBRIC_LINE_CHARS else None
    if not match or DATE_RE.search(text):
        return False
    rubric = match.group("after") or match.group("before") or match.group("signed") or ""
    return 0 < len(WORDS_OF.findall(rubric)) <= RUBRIC_WORDS


def _share_buttons(text: str) -> bool:
    words = [w.lower() for w in WORD.findall(text)]
    others = [w for w in words if w not in _NETWORKS and w not in _SHARING]
    return bool(words) and len(others) <= (1 if any(w in _SHARE_VERBS for w in words) else 0)


def _weather(text: str) -> bool:
    return bool(
        not _SENTENCE_END.search(text)
        and (temperatures := len(_TEMPERATURE.findall(text)))
        and (temperatures >= 2 or _WEATHER_SIGN.search(text))
    )


# An agency's name framed by dashes under its dispatch: "-- Agence Chari Presse --".
_FRAMED_NAME = re.compile(r"^\s?[-—–=]{2,3}\s?[A-ZÀ-Ý][^-—–=\d]{2,40}?\s?[-—–=]{2,3}\s?$")


def _signs_off(text: str) -> bool:
    return bool(
        SIGNOFF_SHAPE.match(text) or _WIRE_END.match(text) or (_FRAMED_NAME.match(text) and not END_MARK.match(text))
    )


# The story's first paragraph told in two sentences or more, shorter than its typical paragraph: the standfirst that
# sums it up ("Une offre d'emploi … circule depuis samedi. Elle promet 420 postes …"), whatever sets it apart on the
# page (a story's first paragraph of one long sentence may be either; the reader decides). A page's banner asks
# the reader ("Nous déposons des cookies … vous …"); a standfirst does not.
LEDE_SENTENCES = 2
LEDE_PARAGRAPHS = 3  # the first paragraph and two more to compare it with


def _a_lede(lines: Sequence[Line], running: Sequence[int]) -> int | None:
    if len(running) < LEDE_PARAGRAPHS:
        return None
    first = running[0]
    text = lines[first].text.strip()
    typical = statistics.median(len(lines[j].text.strip()) for j in running[1:])
    if (
        len(SENTENCE_MARK.findall(text)) >= LEDE_SENTENCES
        and len(text) < typical
        and not lines[first].head
        and not SECOND_PERSON.search(text)
    ):
        return first
    return None


_LABEL_CORE = re.compile(r"[^\w'’&\s-]")
RUBRIC_LABELS = 2
LABEL_WORDS = 4


def _a_label_in_capitals(text: str) -> bool:
    core = _LABEL_CORE.sub(" ", text).strip()
    return (
        0 < len(core.split()) <= LABEL_WORDS
        and core.upper() == core
        and re.search(r"[A-ZÀ-Ý]{2}", core) is not None
        and not re.search(r"\d", text)
        and not text.rstrip(CLOSERS).endswith(("!", "?", "…"))  # a cry in capitals is said: "FUYEZ !"
    )


# A page's copyright: "© 2025 Beyrouth Soir. Tous droits réservés.", "Le Fouta Express · Labé · © 2026".
_RIGHTS_LINE = re.compile(r"©|\bcopyright\b|droits réservés|tous droits|reproduction (?:interdite|réservée)", re.I)
NAME_WORDS = 5


def _names_the_rights(text: str, rights: Sequence[str]) -> bool:
    """A short line over the story that the page's copyright names as a whole, between its separators, its sign
    or its year ("Le Progrès" and "© Le Progrès 2025"): the outlet's name (a rubric is never the copyright's
    holder; a tagline is part of a longer cell: "Le fil info" in "Matin Express — Le fil info de l'Hexagone")."""
    core = text.strip("*#_ ")
    if not 1 <= len(core.split()) <= NAME_WORDS or len(core) < 4 or re.search(r"\d", core):
        return False
    name = fold(core)
    if name in _SECTIONS:
        return False
    return any(line != name and _whole_cell(name, line) for line in rights)


# What stands before and after a cell of a copyright line: its start or end, a separator, the sign, a year.
_CELL_BEFORE = re.compile(r"(?:^|[©|·•—–/,]\s?|\d{4}\s)\Z")
_CELL_AFTER = re.compile(r"\s?(?:$|[|·•—–/,.]|\d{4}|\s-\s)")


def _whole_cell(name: str, line: str) -> bool:
    """Whether ``name`` stands in ``line`` as a whole cell (both folded)."""
    start = line.find(name)
    while start >= 0:
        if _CELL_BEFORE.search(line, 0, start) and _CELL_AFTER.match(line, start + len(name)):
            return True
        start = line.find(name, start + 1)
    return False


POLL_CHOICES = 6  # lines between a poll's question and its button, at most
POLL_CHOICE_WORDS = 12


def _over_a_vote(lines: Sequence[Line], i: int) -> bool:
    """A poll's button ("Voter") under line ``i``, with only its short choices between ("Oui", "Non")."""
    for line in lines[i + 1 : i + 2 + POLL_CHOICES]:
        if _VOTE.match(line.text.strip()):
            return True
        if len(line.text.split()) > POLL_CHOICE_WORDS:
            return False
    return False


def _row_cut(text: str) -> tuple[str, int] | None:
    """The sign a row is cut by between spaces and how often, when it is cut into three cells or more."""
    found = Counter(_ROW_SIGN.findall(text)).most_common(1)  # ties: the sign met first, the same in every run
    if not found:
        return None
    sign, count = found[0]
    return (sign, count) if count >= TABLE_PIPES else None


def _runs_of(lines: Sequence[Line], pattern: re.Pattern[str], least: int) -> list[tuple[int, int]]:
    """(start, end) of each run of ``least`` lines or more in a row that the pattern matches."""
    runs, start = [], None
    for i, line in enumerate([*lines, None]):
        if line is not None and pattern.match(line.text.strip()):
            start = i if start is None else start
            continue
        if start is not None and i - start >= least:
            runs.append((start, i))
        start = None
    return runs


def kinds_by_form(lines: Sequence[Line], running: Sequence[int]) -> dict[int, frozenset[str]]:
    """The lines whose form says their kind in every outlet, with the kinds each may be (each rule held for every
    such line of the corpora and held-out sets): ``running``, the indices of the lines of running text.

    - Above the story's first paragraph, a page's date stamp ("Jeudi 12 mars 2026", "Mardi 25 mars 2025 — 25
      ramadan 1446"), or a line saying when it was published or changed ("Publié le 27 août 2026 · Partager"), is a
      dateline: the order of a page's head (date, outlet's name, menu) is each outlet's own. Below it such a line
      may be a reader's stamp, a table's row or an update's news.
    - A time alone is a dateline; a communiqué's end mark ("— FIN —", "*** Fin du communiqué ***") is its footer;
      a fact-check's rating ("VERDICT ► FAUX") is a kicker; an author's bio under the story is a signature, a
      wire's initials and end ("JPM/NKB/ACD", "(fin)", "NNNN") under the dispatch its sign-off.
    - A call to comment, to post an advertisement or to send the newsroom pictures is a call to act; a call to
      take an app or its alerts is a call to act or content, never other furniture.
    - A summary's label ("L'essentiel") is a heading over its points; a reading time, a magazine's "Texte : X",
      who made the text ("Propos recueillis par X"), a count of comments and an issue's number are a reading
      time, a byline or a widget, or by their date a dateline; the page furniture of ``_FORMS`` (a newsletter's
      head and end, other articles offered, paywall notices, advertisement labels, players, classified ads,
      prompts' buttons, letterheads, a communiqué's contact and embargo, notes on how the text was made,
      captions of screenshots, copyrights, scores, greetings, a quotation set apart, rows with leaders) is what
      each entry says; a time with a short label is an item's kicker or dateline; a row in columns with a label
      and figures is a table's; a "Name / Outlet" line is a credit; share buttons and a weather strip are
      widgets.
    - Under the story, a line saying when that is no running text is the page's stamp; over it, a short line
      with a date and a time is (``_dates_the_page``).
    - Pictures: a sentence ending on its picture's credit ("… cantonal. KEYSTONE/Archives"), or one sentence in
      the story over a credit on its own line, is a caption, and a credit in capitals under it a credit.
    - A menu or trail with a newspaper's section among its cells is a widget or the rubric, never the outlet's
      name; rows cut alike by pipes in the story are a table's; items of a list in the story are its body; a
      wire's notice that it replaces a dispatch is body, its agency framed by dashes under it the sign-off.
    - The story's first paragraph in two sentences or more, shorter than its typical paragraph, is the
      standfirst (``_a_lede``).
    - Labels in capitals among the story's items, two or more on a page, are a digest's rubrics: kickers.
    - Over the story, a short line the page's copyright names as a whole cell is the outlet's name
      (``_names_the_rights``); rows told by their neighbours (a label and its figure after an arrow, rows cut
      alike by any vertical bar or by any other sign between spaces, a timeline's years) are a table's or the
      story's; a person's name alone under the story is its signature.
    - A language switch ("Kreyòl ⋮ Français ⋮ Español", "FR ⦙ NL": languages Babel names, or codes beside French)
      is a widget; a poll's question over its choices and its "Voter" button is a call to act.
    """
    found: dict[int, frozenset[str]] = {}
    top = running[0] if running else len(lines)
    running_set = set(running)

    def under_story(i: int) -> bool:
        return i > top and len(running) - bisect.bisect_right(running, i) <= UNDER_STORY_RUNNING

    if (lede := _a_lede(lines, running)) is not None:
        found[lede] = frozenset({STANDFIRST})
    pipes = [line.text.count("|") for line in lines]
    items = [bool(_LIST_ITEM.match(line.text)) for line in lines]
    last = running[-1] if running else -1

    def in_a_list(i: int) -> bool:
        """An item of a list of two or more in the story, between its first and last paragraphs."""
        return top < i < last and items[i] and ((i > 0 and items[i - 1]) or (i + 1 < len(lines) and items[i + 1]))

    # Rows by their neighbours: a label and its figure after an arrow, three in a row or more in the story, are a
    # table's; a timeline's entries its body.
    in_runs = {
        i: frozenset({TABLE}) for start, end in _runs_of(lines, _ARROW_ROW, ARROW_ROWS) for i in range(start, end)
    }
    in_runs = {i: kinds for i, kinds in in_runs.items() if i > top}
    in_runs |= {
        i: frozenset({BODY}) for start, end in _runs_of(lines, _YEAR_ENTRY, YEAR_ENTRIES) for i in range(start, end)
    }
    # Rows cut alike by bars other than the pipe ("Ligne │ Trajet │ Fréquence"), three in a row or more: a share bar
    # and a list of related articles may stand together cut alike ("Partager : Facebook ┃ WhatsApp ┃ Imprimer").
    # So are rows cut alike by any other sign between spaces, the same sign as often in each ("Vent au sol ⟢ 14 km/h
    # ⟢ limite 40 km/h"), with the story going on under them: under its last paragraph, a page's furniture may be cut
    # alike ("Dépêches liées ⁜ …", "Format texte ⁜ NewsML ⁜ …", "© AGP 2026 ⁜ …").
    bars = [len(_BARS.findall(line.text)) for line in lines]
    signs = [_row_cut(line.text) for line in lines]
    for start in range(top + 1, len(lines) - TABLE_BAR_ROWS + 1):
        rows = range(start, start + TABLE_BAR_ROWS)
        if (bars[start] >= TABLE_PIPES and len({bars[i] for i in rows}) == 1) or (
            signs[start] is not None and rows[-1] < last and len({signs[i] for i in rows}) == 1
        ):
            in_runs |= {i: frozenset({TABLE}) for i in rows}
    rights = [fold(line.text.strip()) for line in lines if _RIGHTS_LINE.search(line.text)]
    for i, line in enumerate(lines):
        if i in in_runs:
            found[i] = in_runs[i]
            continue
        if i < top and rights and _names_the_rights(line.text, rights):
            found[i] = frozenset({PUBLICATION})
            continue
        text = line.text.strip()
        says_when = _says_when(text)
        # A row of a table the page or the Markdown marks as one (a header row whose first cell is empty included:
        # "2023 | 2024 | Variation"), or in the story a row pasted with pipes, cut as the row above or below it
        # ("Comptoir | 19 mars 2025 | 19 février 2025"): a table's, whatever its cells hold (over the story, a
        # dateline and a share bar may be cut alike).
        if line.table_row or (
            i > top
            and pipes[i] >= TABLE_PIPES
            and any(0 <= j < len(lines) and pipes[j] == pipes[i] for j in (i - 1, i + 1))
        ):
            found[i] = frozenset({TABLE})
            continue
        # Below the story's first paragraph, a line saying when is the page's stamp unless it is running text (an
        # update's news: "Mise à jour 12:05 — Le maire …") or was cut off a paragraph.
        stamp_below = says_when and not line.head and i not in running_set and not _SENTENCE_END.search(text)
        page_date = ((i < top and _dates_the_page(line, text, says_when)) or stamp_below) and not line.table_row
        if page_date or _TIME_ALONE.match(text):
            found[i] = frozenset({DATELINE})
        elif under_story(i) and _signs_off(text):
            found[i] = frozenset({SIGNOFF})
        elif END_MARK.match(text):
            found[i] = frozenset({FOOTER})
        elif _VERDICT.match(text) and not line.head:  # a rating cut off a headline ("TROMPEUR — Le pont…") heads it
            found[i] = frozenset({KICKER})
        elif under_story(i) and (_BIO.match(text) or _a_name_alone(text)):
            found[i] = frozenset({SIGNATURE})
        elif _RECAP.match(text):
            points = i + 1 in running_set or (i + 1 < len(lines) and _A_POINT.search(lines[i + 1].text.strip()))
            found[i] = frozenset({HEADING}) if points else frozenset({HEADING, KICKER})
        elif dated := _dated_by_form(text):
            found[i] = dated
        elif form := next((kinds for pattern, kinds in _FORMS if pattern.search(text)), None):
            found[i] = form
        elif i not in running_set and _a_timed_rubric(text):
            found[i] = frozenset({KICKER, DATELINE})
        elif not line.head and (
            _a_caption_with_credit(text)
            or _a_caption_over_credit(lines, i, i > top, bisect.bisect_right(running, i + 1) < len(running))
        ):
            found[i] = frozenset({CAPTION})
            if i > top and i + 1 < len(lines) and _a_credit_in_capitals(lines[i + 1].text.strip()):
                found[i + 1] = frozenset({CREDIT})
        elif i not in running_set and _a_language_switch(text):
            found[i] = frozenset({WIDGET})
        elif text.endswith("?") and _over_a_vote(lines, i):
            found[i] = frozenset({CALL_TO_ACTION})  # a poll's question, over its choices and its button
        elif _a_menu(text):
            found[i] = frozenset({WIDGET, KICKER})
        elif _a_row_in_columns(text):
            found[i] = frozenset({TABLE})
        elif _NAME_SLASH_OUTLET.match(text) and not text.isupper():
            found[i] = frozenset({CREDIT})
        elif _share_buttons(text) or (i not in running_set and _weather(text)):
            found[i] = frozenset({WIDGET})
        elif _CALL_TO_ACT.search(said := outside_quotes(text)):
            found[i] = frozenset({CALL_TO_ACTION})
        elif (
            i not in running_set
            and _ACCOUNT.search(text)
            and len(text.split()) <= ACCOUNT_LINE_WORDS
            and not _MENU_OR_SEARCH.search(text)  # "☰ Rubriques 🔍 Rechercher 👤 Mon espace" is the site's menu
        ):
            found[i] = _ACCOUNT_KINDS
        elif _APP_CALL.search(said):
            found[i] = _CALL_OR_CONTENT
        elif in_a_list(i) and not text.endswith("?") and len(WORDS_OF.findall(text)) >= LIST_ITEM_WORDS:
            found[i] = frozenset({BODY})
    # Labels in capitals set among the story's items, two or more on a page: a digest's rubrics ("▌PRASLIN", "➤
    # MÉTÉO", "LE CHIFFRE DU JOUR"), each over its item (alone on a page, such a line may head a box: "REPÈRES").
    labels = [i for i in range(top + 1, last) if i not in found and _a_label_in_capitals(lines[i].text)]
    if len(labels) >= RUBRIC_LABELS:
        for i in labels:
            found[i] = frozenset({KICKER})
    return found
