"""The rules by form (``service.text.line_forms``): which lines they fix, to which kinds, and which they leave.

Pure logic on invented lines; that the structure reader obeys them on a page is tested in ``test_article.py``,
and that each rule holds on every labelled line of the corpora and held-out sets is measured by
``scripts/structure_model`` (see docs/site/structure.md).
"""

from __future__ import annotations

import pytest

from service.text.folding import fold
from service.text.line_forms import kinds_by_form
from service.text.lines import Line

_STORY = [
    "Le niveau du fleuve, au plus bas depuis dix ans, a contraint les bateliers à suspendre la liaison.",
    "Les touristes se reportent sur la route, plus longue et plus chère, et les pensions ferment une à une.",
    "La compagnie fluviale promet de reprendre les départs dès que les pluies auront relevé le niveau.",
]


def _kinds(line: str, where: str) -> frozenset[str] | None:
    """The kinds the rules allow ``line`` on a page where it stands at the ``top`` (over the story) or the ``end``."""
    texts = ["Mékong : les bateaux lents à l'arrêt", line, *_STORY] if where == "top" else ["Titre", *_STORY, line]
    at = 1 if where == "top" else len(texts) - 1
    running = [i for i, text in enumerate(texts) if text in _STORY]
    lines = [Line(text=text, offsets=list(range(len(text))), line=i) for i, text in enumerate(texts)]
    return kinds_by_form(lines, running).get(at)


@pytest.mark.parametrize(
    ("line", "where", "kinds"),
    [
        ("🌦 Luang Prabang 31° / 22° · Vientiane 33° / 24°", "top", {"widget"}),
        ("Pakbeng 29 °C · Houay Xay 27 °C · Oudomxay 25 °C", "top", {"widget"}),
        ("Météo à Pakbeng : 29 °C, averses", "top", {"widget"}),
        ("Facebook  Bluesky  WhatsApp  Imprimer", "end", {"widget"}),
        ("Partager ce reportage : WhatsApp | Facebook | Copier le lien", "end", {"widget"}),
        ("Share", "top", {"widget"}),
        ("📌 ÉPINGLÉ", "top", {"widget"}),
        ("— Publicité —", "end", {"widget"}),
        ("Sponsorisé — Hôtel du fleuve : -15 % en mars", "end", {"widget"}),
        ("Sur le même sujet", "end", {"widget"}),
        ("À lire également › Pakbeng : les pensions ferment faute de touristes", "end", {"widget"}),
        ("Afficher les billets plus anciens", "end", {"widget"}),
        ("PETITES ANNONCES", "end", {"widget"}),
        ("Vous recevez ce courriel car vous êtes abonné à la lettre de L'Écho du Mékong.", "end", {"footer"}),
        ("Se désinscrire · Mes préférences", "end", {"footer", "widget"}),
        ("🔒 Abonnés", "top", {"paywall"}),
        ("Il vous reste 70 % de cet article à lire.", "end", {"paywall"}),
        ("Vous avez lu 4 de vos 5 articles gratuits ce mois-ci.", "top", {"paywall"}),
        ("Capture d'écran du message relayé sur Facebook.", "top", {"caption"}),
        ("© L'Écho du Mékong 2026 · Mentions légales", "end", {"credit", "footer"}),
        ("© K. Phommachanh", "top", {"credit", "footer"}),
        ("Lao Toyota 3 – 1 Young Elephants", "end", {"table"}),
        ("Belle journée à toutes et à tous ! — Khamla et Sengdao", "end", {"signature"}),
        ("Sengdao Vongsa couvre les provinces du Nord pour L'Écho du Mékong depuis 2021.", "end", {"signature"}),
        ("N° 431 — jeudi 12 mars 2026 — 6 h 15", "top", {"dateline"}),
        ("Dépêche n° 88 / 12.03.2026 / 06h40 GMT / 512 mots", "top", {"dateline"}),
        ("12 mars 2026, 7 h 00  |  Temps de lecture : 4 min", "top", {"dateline"}),
        ("⏱ 6 minutes de lecture", "top", {"reading_time"}),
        ("❌ NOTRE VERDICT : INFOX", "top", {"kicker"}),
        ("Vous avez lu 3 des 4 articles offerts ce mois-ci.", "end", {"paywall"}),
        ("Sengdao Vongsa, 41 ans, est journaliste à L'Écho du Mékong depuis 2015.", "end", {"signature"}),
        ("── Partenaire ── Hôtel du fleuve : -15 % en mars", "end", {"widget"}),
        ("ET AUSSI — Pakbeng : les pensions ferment faute de touristes", "end", {"widget"}),
        ("Aussi cette semaine dans L'Écho ~ Vientiane : le marché du soir rouvre", "end", {"widget"}),
        ("Vds pirogue alu 6 m, moteur 15 CV, 9 000 000 kips. Tél. 020 00 00 00", "end", {"widget"}),
        ("Cherche chambre à Pakbeng pour saisonnier, mars à mai.", "end", {"widget"}),
        ("🎧 Écouter le reportage de Khamla (2:41)", "top", {"widget"}),
        ("VIDÉO | 1:12 | Le quai de Pakbeng à l'aube", "end", {"widget"}),
        ("EN ONDES : Le matin du fleuve avec Sengdao Vongsa", "top", {"widget"}),
        ("Cette lettre s'affiche mal ? Lisez-la dans votre navigateur", "top", {"widget"}),
        ("Cotations différées de 20 min · Source : Bourse de Vientiane", "end", {"widget", "footer"}),
        ("RÉPUBLIQUE DÉMOCRATIQUE POPULAIRE LAO", "top", None),
        ("République du Mali", "top", {"publication"}),
        ("Liberté · Égalité · Fraternité", "top", {"publication"}),
        ("MINISTÈRE DES TRAVAUX PUBLICS ET DES TRANSPORTS", "top", {"publication"}),
        ("Société anonyme au capital de 500 000 000 kips – RCS Vientiane 2014 B 12", "top", {"publication", "footer"}),
        ("(Avec AFP)", "end", {"signature", "credit"}),
        ("Nous utilisons des cookies pour mesurer l'audience. Accepter | Refuser", "top", {"widget"}),
        ("Cet article vous a-t-il aidé ? Oui · Non", "end", {"widget", "cta"}),
        ("💬 12 commentaires", "end", {"widget"}),
        ("12 mars 2026 · Khamla Phommachanh · 5 commentaires", "top", {"dateline"}),
        ("06h40 | FLEUVE", "top", {"kicker", "dateline"}),
        ("Économie | 9h15", "end", {"kicker", "dateline"}),
        ("Pakbeng 31 °C · vent du sud 15 km/h", "top", {"widget"}),
        ("12/03/2026 06:40 — Mise à jour : 12/03/2026 09:05", "top", {"dateline"}),
        ("Mis en ligne le 12 mars 2026 à 6 h 40", "end", {"dateline"}),
        ("Article paru le 12 mars 2026 à 6 h 40 ┃ 812 lectures", "top", {"dateline"}),
        ("ÉDM ✚ 0412/LPB ✚ jeu. 12.03.26 ✚ 06:40 GMT ✚ 1re version", "top", {"dateline"}),
        ("LPB 120640 GMT MAR 26", "end", {"dateline"}),
        ("Embargo jusqu'au jeudi 12 mars 2026, 10 h 00", "top", {"kicker"}),
        ("06:40 ┃ km 12 ┃ échappée", "top", {"kicker", "dateline"}),
        ("Contact presse : Khamla Phommachanh – +856 20 00 00 00 – presse@echo.example", "end", {"footer"}),
        ("[FIN]", "end", {"footer"}),
        ("Ce reportage est une adaptation du sujet diffusé au journal de 7 h.", "end", {"credit"}),
        ("Entretien relu par l'intéressé et condensé pour la lisibilité.", "end", {"credit"}),
        ("Conformément à notre charte, le prévenu n'est désigné que par son prénom.", "end", {"credit"}),
        ("🎁 Cet article vous a été offert par un abonné.", "top", {"paywall"}),
        ("« On ne lâchera rien ! »", "end", {"body"}),
        ("1. Khamla Vongsa (Pakbeng) ........ 2 h 03' 12''", "end", {"table"}),
        ("Chiffre d'affaires    148,3    96,1    +54 %", "end", {"table"}),
        ("⌛ 9 min", "top", {"reading_time"}),
        ("⟳ Mise à jour automatique toutes les 30 secondes", "top", {"widget"}),
        ("Ces cotations ne constituent pas un conseil en investissement.", "end", {"footer"}),
        ("Commenté par Khamla Vongsa et Sengdao Phommachanh", "top", {"byline"}),
        ("Propos recueillis par Khamla Vongsa, à Pakbeng, le 12 mars 2026", "top", {"dateline"}),
        ("Régions   Mer   Culture   Portraits", "top", {"widget", "kicker"}),
        ("Vientiane › Faits divers – Justice", "top", {"widget", "kicker"}),
        ("Les bateliers attendent la crue sur le quai de Pakbeng. KEYSTONE/Archives", "end", {"caption"}),
        ("Les pompiers ont lutté toute la nuit contre les flammes. | L'ÉCHO DU MÉKONG", "top", {"caption"}),
        ("Le ministre, lors de sa visite du port, le 2 mars. / AFP", "end", {"caption"}),
        ("Khamla Vongsa devant sa pirogue, le 9 mars (S. V.)", "top", {"caption"}),
        ("Une pirogue quitte le débarcadère à l'aube. © Sengdao Vongsa", "top", {"caption"}),
        ("(Remplace la dépêche ÉDM 0412 de 10 h 20 GMT. Corrige le bilan au premier paragraphe.)", "top", {"body"}),
        ("Voir la publication sur X", "end", {"widget"}),
        ("Images : K. Vongsa · Montage : S. Phommachanh", "end", {"credit"}),
        ("Offre découverte : 1 € le premier mois, sans engagement", "top", {"cta"}),
        ("Login", "top", {"cta"}),
        ("Déjà abonné ? Je me connecte", "top", {"cta"}),
        ("Donnez votre avis – connexion requise", "end", {"cta"}),
        ("Ce reportage a été réalisé avec le soutien du Fonds pour la presse locale.", "end", {"footer"}),
        ("Siège : route du port, Pakbeng — Oudomxay", "top", {"publication", "footer"}),
        ("Membre de la Fédération des bateliers du Mékong", "top", {"publication", "footer"}),
        (
            "🍪 L'Écho utilise des traceurs pour mesurer son audience et vous proposer des offres.",
            "top",
            {"widget", "footer"},
        ),
        ("Un message vous paraît douteux ? Transférez-le à notre numéro WhatsApp.", "end", {"cta"}),
        ("-- Agence du Mékong --", "end", {"signoff"}),
        ("Lire la suite →", "end", {"widget"}),
        ("Mon compte · S'abonner · Se connecter", "top", {"cta"}),
        ("Vérification : K. V. et S. P. ⁘ Relecture : Khamla Vongsa", "end", {"signature", "byline"}),
        ("(Rires.)", "end", {"body"}),
        ("⤓ Télécharger ces données (CSV)", "end", {"widget"}),
        ("Pièce jointe : fiche technique du quai (2 pages)", "end", {"footer"}),
        ("Pour commenter, créez gratuitement votre compte lecteur", "end", {"cta"}),
        ("Transcription du bulletin générée automatiquement, puis révisée par la rédaction.", "end", {"credit"}),
        ("(Reportage Khamla Vongsa, édité par Sengdao Phommachanh)", "end", {"credit"}),
        ("Images : Khamla Vongsa ∙ Drone : Services aériens du Nord", "end", {"credit"}),
        (
            "Cette vérification est aussi diffusée en lao sur les radios partenaires.",
            "end",
            {"cta", "paywall", "widget", "footer", "credit"},
        ),
        ("📱 Téléchargez notre application pour recevoir nos alertes", "end", {"cta"}),
        ("Photos du quai disponibles sur demande, libres de droits pour la presse.", "end", {"credit", "widget"}),
        ("Sengdao Vongsa suit les tribunaux de la province depuis 2015.", "end", {"signature"}),
        ("— Fin du document —", "end", {"footer"}),
        ("Pakbeng ⌁ Houay Xay ⌁ Sports ⌁ Agenda ⌁ 🔍", "top", {"widget", "kicker"}),
        ("Faits divers | Justice", "top", {"widget", "kicker"}),
        ("Khamla Vongsa", "end", {"signature"}),
        ("Sengdao Phommachanh VONGSA", "end", {"signature"}),
        ("Journaliste au service Économie, elle suit le commerce fluvial depuis 2019.", "end", {"signature"}),
        ("Vous êtes ici : Accueil ⟡ Salle de presse ⟡ Communiqués 2026", "top", {"widget"}),
        ("Relevé : L'Écho du Mékong, auprès de quatre marchands", "end", {"credit", "footer"}),
        (
            "Ce grand reportage est en accès libre jusqu'au 31 mars, ensuite réservé aux abonnés.",
            "end",
            {"paywall", "cta"},
        ),
        (
            "Cet article reprend le sujet diffusé dans le journal de 12h15.",
            "end",
            {"cta", "paywall", "widget", "footer", "credit"},
        ),
        ("Conformément à nos règles, nous ne publions pas le nom des prévenus.", "end", {"credit"}),
        ("Mot de passe oublié ? · Créer un compte", "top", {"cta"}),
        ("19 mai 2026, 10 h 30 ⊙ rectifiée le 19 mai 2026, 15 h 10", "end", {"dateline"}),
        ("Vous lisez un article réservé aux abonnés. Offrez-le à un proche.", "end", {"paywall", "cta"}),
        ("Un souci d'affichage ? Ouvrez la lettre dans votre navigateur ⁝ Version texte", "top", {"widget"}),
        # language switches, by names in any tongue or by codes beside French's
        ("ລາວ ⁂ Français ⁂ English", "top", {"widget"}),
        ("Deutsch ⸗ English", "top", {"widget"}),
        ("FR ⦙ EN ⦙ TH", "end", {"widget"}),
        ("Lettre de Vientiane : elle s'affiche mal ? Lisez-la sur le web", "top", {"widget"}),
        ("Vous recevez Le Fil du Mékong parce que vous vous êtes inscrit sur notre site.", "end", {"footer"}),
        ("Vous ne souhaitez plus recevoir nos communiqués ? Répondez STOP.", "end", {"footer", "widget"}),
        ("🗳 Le sondage de la semaine", "end", {"widget"}),
        ("Je vote", "end", {"cta"}),
        ("➜ À SUIVRE : conférence de presse du gouverneur à 15h00.", "end", {"widget"}),
        ("📣 Avis aux lecteurs : notre édition papier ne paraîtra pas lundi", "top", {"widget"}),
        ("Ce reportage s'appuie sur les registres de la capitainerie.", "end", {"credit"}),
        ("Cette dépêche existe aussi en anglais.", "end", {"footer"}),
        ("📺 Ce sujet sera rediffusé demain dans notre journal de 12 h.", "end", {"cta"}),
        ("→ La suite et la vidéo sur notre site", "end", {"widget"}),
        ("📷 Voir la galerie : 22 photos", "end", {"widget"}),
        ("Aller au contenu ⁂ Aller au menu", "top", {"widget"}),
        ("📄 Rapport annuel de la compagnie (PDF, 2,4 Mo)", "end", {"widget"}),
        ("Crédits photos : Khamla Vongsa", "end", {"credit"}),
        ("Directrice de la publication : Sengdao Vongsa ⁂ Dépôt légal 2026", "end", {"publication", "footer"}),
        ("Case postale 18 ⁂ Registre du commerce CHE-000.111.222", "top", {"publication", "footer"}),
        ("Sous embargo jusqu'au mardi 3 mars 2026, 6 h 00", "top", {"kicker"}),
        ("17:05 ⟡ ACCOSTAGE", "end", {"kicker", "dateline"}),
    ],
)
def test_a_line_of_a_form_every_outlet_shares_gets_its_kinds(line, where, kinds):
    assert _kinds(line, where) == (frozenset(kinds) if kinds is not None else None)


@pytest.mark.parametrize(
    ("line", "where", "kinds"),
    [
        # a summary's label over its points is a heading; over a headline it may be the kicker
        ("L'essentiel", "top", {"heading"}),
        ("Ce qu'il faut retenir", "end", {"heading", "kicker"}),
    ],
)
def test_a_summary_s_label_is_a_heading_over_its_points(line, where, kinds):
    assert _kinds(line, where) == frozenset(kinds)


@pytest.mark.parametrize(
    "line",
    [
        "Ciel dégagé sur la rive, maximales de 33 °C à Pakbeng et de 31 °C à Luang Prabang.",
        "« Arrêté n° 112 du 3 mars 2026 : la navigation est suspendue », affiche la capitainerie.",
        "COMMUNIQUÉ DE PRESSE N° 12/2026 — 3 mars 2026",
        "La vidéo, partagée sur Facebook et WhatsApp, montre le quai désert de Pakbeng.",
        "Le parking du quai, réservé aux abonnés du bac, reste fermé jusqu'à la décrue.",
        "L'ÉCHO DU MÉKONG",
        "Sengdao Vongsa suit la crue depuis le quai de Pakbeng.",
        "Bonne nouvelle pour les bateliers : la pluie est annoncée.",
        "Aussi, le maire a demandé une aide d'urgence à la province.",
        "Publicité : les annonceurs boudent la presse locale, selon une étude.",
        "Cherche-t-on vraiment à sauver la liaison fluviale ?",
        "Le message a suscité plus de 300 commentaires sur la page de la province.",
        "La navette met 2 h 30 — contre 4 h 00 par la route.",
        "Ministère des Transports : la réforme attendra",
        "« Je voulais lui faire peur »",
        "Pakbeng · Houay Xay · Luang Prabang · Oudomxay",
        "Un Peuple – Un But – Une Prospérité",
        "Membre du jury depuis 2019, Khamla Vongsa a voté contre le projet.",
        "Le tribunal l'a condamnée à 24 mois de prison, dont 6 ferme, et à rembourser 186 400 francs.",
        "La CNIL reproche au site de déposer des cookies sans le consentement des lecteurs.",
        "Le fleuve a baissé de deux mètres en un mois, selon la capitainerie de Pakbeng.",
        "CAC 40 8 112,45 +0,38 %   SBF 120 6 120,10 +0,31 %   EUR/USD 1,0842 −0,12 %",
        "Présenté par la ministre Khamla Vongsa, le texte prévoit de rouvrir la liaison fluviale dès avril.",
        "PS · MR · Ecolo",  # initials that are also language codes, without French: a party list
        "Le documentaire sera diffusé demain sur la chaîne nationale, à 20 h.",
        "Voter, pour les bateliers, c'est d'abord se faire entendre.",
        "Ce rapport s'appuie, selon la province, sur des chiffres anciens.",
    ],
)
def test_a_line_that_only_shares_words_with_furniture_is_left_to_the_reader(line):
    assert _kinds(line, "end") is None
    assert _kinds(line, "top") is None


@pytest.mark.parametrize(
    "line", ["Partager Enregistrer Imprimer", "Photo Khamla Vongsa", "Par Khamla Vongsa", "Météo Pakbeng"]
)
def test_buttons_a_credit_or_a_byline_under_the_story_are_no_signature(line):
    assert _kinds(line, "end") != frozenset({"signature"})


def test_an_update_s_news_under_the_story_is_no_stamp():
    """Under the story a line saying when is the page's stamp, not an update's news that follows its time."""
    assert _kinds("Mise à jour 9 h 05 — La capitainerie annonce la reprise des départs.", "end") is None
    assert _kinds("Mise à jour le 12 mars 2026 à 9 h 05", "end") == frozenset({"dateline"})


def _page(texts: list[str], story: list[str]) -> dict[int, frozenset[str]]:
    running = [i for i, text in enumerate(texts) if text in story]
    lines = [Line(text=text, offsets=list(range(len(text))), line=i) for i, text in enumerate(texts)]
    return kinds_by_form(lines, running)


@pytest.mark.parametrize(
    "credit",
    [
        "PHOTO : KHAMLA VONGSA, L'ÉCHO DU MÉKONG",
        "Photo K. V.",
        "📷 Lecteur Sengdao P.",
        "© Khamla Vongsa",
        "(Khamla Vongsa / L'Écho du Mékong)",
    ],
)
def test_one_sentence_over_a_picture_s_credit_in_the_story_is_its_caption(credit):
    caption = "Le quai de Pakbeng, désert depuis que les bateaux lents ne partent plus, mardi matin."
    texts = ["Titre", _STORY[0], caption, credit, _STORY[1], _STORY[2]]
    assert _page(texts, [*_STORY, caption]).get(2) == frozenset({"caption"})
    # the story's last paragraph over the page's credit stays the story's
    texts = ["Titre", _STORY[0], _STORY[1], caption, credit]
    assert _page(texts, [*_STORY, caption]).get(3) is None


def test_a_credit_in_capitals_under_a_caption_is_a_credit_and_over_the_headline_a_rubric_is_left():
    caption = "Khamla Vongsa ravaude ses filets sur la berge, un soir de mars."
    texts = ["Titre", _STORY[0], caption, "SENGDAO VONGSA / L'ÉCHO DU MÉKONG", _STORY[1], _STORY[2]]
    found = _page(texts, [*_STORY, caption])
    assert (found.get(2), found.get(3)) == (frozenset({"caption"}), frozenset({"credit"}))
    texts = ["Mer · Culture · Portraits · Agenda des fêtes", "GRAND FORMAT / FLEUVE", "Titre", *_STORY]
    assert _page(texts, _STORY).get(1) is None


def test_rows_cut_alike_by_pipes_in_the_story_are_a_table_s_and_over_it_are_left():
    rows = ["Comptoir | 12 mars 2026 | 12 février 2026", "Pakbeng | 31 000 | 29 500", "Houay Xay | 30 200 | 28 900"]
    dashed = ["Zone ┆ Heure ┆ Maximum", "Centre ┆ 1,20 € ┆ 2 heures", "Port ┆ 0,60 € ┆ 4 heures"]
    found = _page(["Titre", _STORY[0], *dashed, _STORY[1]], _STORY)
    assert [found.get(i) for i in (2, 3, 4)] == [frozenset({"table"})] * 3
    texts = ["Titre", _STORY[0], *rows, _STORY[1]]
    found = _page(texts, _STORY)
    assert [found.get(i) for i in (2, 3, 4)] == [frozenset({"table"})] * 3
    texts = ["Le 12/03/2026 à 06:40 | Par Khamla Vongsa | Lu 812 fois", "Imprimer | Envoyer | Taille du texte", *_STORY]
    assert _page(texts, _STORY).get(1) != frozenset({"table"})


def test_items_of_a_list_in_the_story_are_its_body_and_a_question_set_alike_is_left():
    items = ["– Superficies repiquées : 41 200 hectares", "– Production attendue : 238 000 tonnes", "– Qui paie ?"]
    texts = ["Titre", _STORY[0], *items, _STORY[1], _STORY[2]]
    found = _page(texts, _STORY)
    assert [found.get(i) for i in (2, 3, 4)] == [frozenset({"body"}), frozenset({"body"}), None]
    # one dash alone is no list, and under the story's last paragraph a list is the page's
    assert _page(["Titre", _STORY[0], items[0], _STORY[1]], _STORY).get(2) is None
    assert _page(["Titre", *_STORY, *items[:2]], _STORY).get(4) is None


def test_a_first_paragraph_of_two_sentences_shorter_than_the_story_s_is_its_standfirst():
    lede = "Les bateaux lents ne partent plus de Pakbeng. Le fleuve est trop bas."
    long = [text + " " + text for text in _STORY]
    assert _page(["Titre", lede, *long], [lede, *long]).get(1) == frozenset({"standfirst"})
    assert _page([lede, *long], [lede, *long]).get(0) == frozenset({"standfirst"})  # a page that opens on it
    # one sentence, longer than the story's paragraphs, or a banner speaking to the reader: left to the reader
    one = "Les bateaux lents ne partent plus de Pakbeng, où le fleuve est trop bas."
    assert _page(["Titre", one, *long], [one, *long]).get(1) is None
    longer = lede + " Les pensions ferment une à une et les guides changent de métier."
    assert _page(["Titre", longer, *_STORY], [longer, *_STORY]).get(1) is None
    banner = "Bienvenue sur notre nouveau site. Vous y trouverez toute l'actualité du fleuve."
    assert _page(["Titre", banner, *long], [banner, *long]).get(1) is None


def test_labels_in_capitals_among_the_story_s_items_are_its_rubrics_and_one_alone_is_left():
    texts = ["Titre", _STORY[0], "➤ MÉTÉO", _STORY[1], "LE CHIFFRE DU JOUR", _STORY[2]]
    found = _page(texts, _STORY)
    assert (found.get(2), found.get(4)) == (frozenset({"kicker"}), frozenset({"kicker"}))
    assert _page(["Titre", _STORY[0], "LE CONTEXTE", _STORY[1], _STORY[2]], _STORY).get(2) is None
    # a cry in capitals is what someone said
    assert _page(["Titre", _STORY[0], "FUYEZ !", _STORY[1], "➤ MÉTÉO", "➤ MARÉES", _STORY[2]], _STORY).get(2) is None


def test_rows_told_by_their_neighbours_are_a_table_or_a_timeline():
    """A label and its figure after an arrow, three rows or more; rows cut alike by any vertical bar, three or more;
    a year, a dash and what happened, two or more: what each row is follows from the rows around it."""
    arrows = ["samedi 4 avril → 45,8", "dimanche 5 avril → 46,3", "lundi 6 avril → 46,9"]
    found = _page(["Titre", _STORY[0], *arrows, _STORY[1], _STORY[2]], _STORY)
    assert [found.get(i) for i in (2, 3, 4)] == [frozenset({"table"})] * 3
    assert _page(["Titre", _STORY[0], *arrows[:2], _STORY[1], _STORY[2]], _STORY).get(2) is None  # two are no table
    bars = ["Ligne │ Trajet │ Fréquence", "A │ Gare – Hôpital │ 12 min", "B │ Centre – Damigny │ 15 min"]
    found = _page(["Titre", _STORY[0], *bars, _STORY[1], _STORY[2]], _STORY)
    assert [found.get(i) for i in (2, 3, 4)] == [frozenset({"table"})] * 3
    bar_pair = ["Partager : Facebook ┃ WhatsApp ┃ Imprimer", "Sur le même sujet ┃ Pakbeng ┃ Houay Xay"]
    assert _page(["Titre", *_STORY, *bar_pair], _STORY).get(4) != frozenset({"table"})
    years = ["1976 — naissance à Maeva", "2006 — reprend les parcs familiaux avec son père"]
    found = _page(["Titre", _STORY[0], "REPÈRES", *years, _STORY[1], _STORY[2]], _STORY)
    assert [found.get(i) for i in (3, 4)] == [frozenset({"body"})] * 2
    assert found.get(2) in (frozenset({"heading"}), frozenset({"heading", "kicker"}))


def test_the_name_the_page_s_copyright_holds_over_the_story_is_the_outlet_s():
    """The copyright names the outlet as a whole cell; a rubric or a tagline found inside it is not its name."""
    rights = "© L'Écho du Mékong 2026 · Mentions légales · Politique de confidentialité"
    texts = ["L'Écho du Mékong", "Politique", "Mékong : les bateaux lents à l'arrêt", *_STORY, rights]
    found = _page(texts, _STORY)
    assert found.get(0) == frozenset({"publication"}) and found.get(1) != frozenset({"publication"})
    tagline = ["Le fil du fleuve", "Titre", *_STORY, "L'Écho — Le fil du fleuve chaque matin — © 2026"]
    assert _page(tagline, _STORY).get(0) is None
    assert _page(["L'Écho du Mékong", "Titre", *_STORY], _STORY).get(0) is None  # no copyright, no evidence
    # Compared without case or accents, at any of its places in the line: here the second is the whole cell.
    shouting = "LE MEKONG EN BREF · © LE MEKONG 2026"
    assert _page(["Le Mékong", "Titre", *_STORY, shouting], _STORY).get(0) == frozenset({"publication"})


def test_words_fold_alike_without_case_or_accents():
    assert fold("Élection") == fold("ELECTION") == "election"
    assert fold("Le Progrès") == fold("LE PROGRES") and fold("ﬁnale") == "finale"


def test_a_poll_s_question_over_its_choices_and_button_is_a_call_to_act():
    poll = ["📊 Le sondage du jour", "Faut-il rouvrir la liaison fluviale dès avril ?", "Oui", "Non", "Voter"]
    found = _page(["Titre", *_STORY, *poll], _STORY)
    assert [found.get(i) for i in range(4, 9)] == [
        frozenset({"widget"}),
        frozenset({"cta"}),
        None,
        None,
        frozenset({"cta"}),
    ]
    # a question in the story, with no button under it, is left
    asked = ["Titre", _STORY[0], "Faut-il rouvrir la liaison fluviale dès avril ?", _STORY[1], _STORY[2]]
    assert _page(asked, _STORY).get(2) is None


def test_rows_cut_alike_by_any_sign_in_the_story_are_a_table_s():
    rows = ["Niveau à Pakbeng ⟢ 2,1 m ⟢ alerte 1,5 m", "Niveau à Houay Xay ⟢ 1,8 m ⟢ alerte 1,4 m",
            "Débit ⟢ 3 200 m³/s ⟢ —"]  # fmt: skip
    found = _page(["Titre", _STORY[0], *rows, _STORY[1], _STORY[2]], _STORY)
    assert [found.get(i) for i in (2, 3, 4)] == [frozenset({"table"})] * 3
    # under the story's last paragraph, furniture may be cut alike: left to the reader
    under = [
        "Dépêches liées ⁜ 0716 ⁜ Pakbeng",
        "Format texte ⁜ NewsML ⁜ Envoyer",
        "© ÉDM 2026 ⁜ Usage réservé ⁜ Contact",
    ]
    found = _page(["Titre", *_STORY, *under], _STORY)
    assert all(found.get(i) != frozenset({"table"}) for i in (4, 5, 6))
    # paragraphs with two incises each are no rows: dashes are left out
    incises = [f"Le fleuve — {w} — a baissé de deux mètres en un mois, selon la capitainerie." for w in "abc"]
    found = _page(["Titre", _STORY[0], *incises, _STORY[1]], _STORY)
    assert all(found.get(i) != frozenset({"table"}) for i in (2, 3, 4))
