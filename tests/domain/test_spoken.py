"""Speech text for French ears: every rule of kiosk.domain.spoken, as a table (screen text → what is said),
and the words checked with espeak-ng's own phonemes (« min » must not be « main »)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from kiosk.domain.spoken import RULES, spoken

# (rule, shown on screen, said)
TABLE = [
    ("markup", "[b]Bravo[/b] !", "Bravo !"),
    ("markup", "[ref=urgence]URGENT[/ref] ! [ref=lien][u]le lien[/u][/ref]", "URGENT ! le lien"),
    ("markup", "[color=#c00000]Attention[/color] [size=20]ici[/size]", "Attention ici"),
    ("markup", "crochets &bl;ok&br; &amp; fin", "crochets ok et fin"),
    ("spaces", "Votre ticket,\u00a0à l'écran\u202f:\n  ici", "Votre ticket, à l'écran : ici"),
    ("emails", "camille@exemple.fr", "camille arobase exemple point fr"),
    (
        "emails",
        "Écrivez camille.exemple@exemple.fr.",
        "Écrivez camille point exemple arobase exemple point fr.",
    ),
    ("emails", "<alerte@banque-securite.info>", "alerte arobase banque tiret securite point info"),
    ("urls", "Allez sur ameli.fr.", "Allez sur améli point fr."),
    ("urls", "www.service-public.gouv.fr", "trois W point service tiret public point gouv point fr"),
    ("urls", "Service-public.gouv.fr", "service tiret public point gouv point fr"),
    (
        "urls",
        "http://colis-envoi-fr.info",
        "H T T P, deux-points, barre oblique, barre oblique, colis tiret envoi tiret fr point info",
    ),
    (
        "urls",
        "https://www.ameli.fr/",
        "H T T P S, deux-points, barre oblique, barre oblique, trois W point améli point fr",
    ),
    (
        "urls",
        "www.mediatheque-exemple.fr/horaires.",
        "trois W point médiathèque tiret exemple point fr barre oblique horaires.",
    ),
    ("urls", "Il finit par .info, pas par gouv.fr.", "Il finit par point info, pas par gouv point fr."),
    ("urls", "Santé.fr, trouver un médecin", "santé point fr, trouver un médecin"),
    ("urls", "Elle contient déjà « www. ».", "Elle contient déjà « trois W point »."),
    ("at_sign", "Le @ et le point.", "L'arobase et le point."),
    ("at_sign", "à côté du @, le signe @", "à côté de l'arobase, le signe arobase"),
    ("codes", "Votre code : K7M-4QX.", "Votre code : K, 7, M ; 4, Q, X."),
    ("codes", "ZZZ-ZZZ", "Z, Z, Z ; Z, Z, Z"),
    ("tickets", "Numéro P07.", "Numéro P 7."),
    ("tickets", "ticket E12", "ticket E 12"),
    ("date_formats", "Format attendu : JJ/MM/AAAA", "Format attendu : jour, mois, année"),
    ("date_formats", "née le 03/03/1950", "née le 3 mars 1950"),
    ("date_formats", "le 01/12/2026", "le premier décembre 2026"),
    ("date_formats", "le 45/13/2026", "le 45/13/2026"),  # not a date: left as it is
    ("date_formats", "Question 1/3", "Question 1 sur 3"),
    ("date_formats", "le 25/12, le 01/05", "le 25 décembre, le premier mai"),
    ("date_formats", "Écrivez la date de la carte : 12/28.", "Écrivez la date de la carte : 12 28."),
    ("times", "16 h 30", "16 heures 30"),
    ("times", "16h30", "16 heures 30"),
    ("times", "à 14 h.", "à 14 heures."),
    ("times", "16:05", "16 heures 5"),
    ("times", "1 h", "une heure"),
    ("times", "21 h 01", "vingt-et-une heures une"),
    ("times", "de 10 h à 18 h", "de 10 heures à 18 heures"),
    ("times", "9h-12h", "9 heures à 12 heures"),
    ("times", "Aujourd'hui, 9 h 41", "Aujourd'hui, 9 heures quarante-et-une"),
    ("times", "Sous 24 h", "Sous 24 heures"),
    ("times", "Touchez « Mardi 10 h ».", "Touchez « Mardi 10 heures »."),
    ("durations", "environ 10 à 40 min d'attente", "environ 10 à 40 minutes d'attente"),
    ("durations", "1 min.", "une minute."),
    ("durations", "en attente depuis 12 min", "en attente depuis 12 minutes"),
    ("durations", "ouvert 24 h/24, 7j/7", "ouvert 24 heures sur 24, 7 jours sur 7"),
    ("durations", "sous 48 h", "sous 48 heures"),
    ("number_sign", "place n° 2", "place numéro 2"),
    ("number_sign", "N°3", "numéro 3"),
    ("number_sign", "Appelez le 3949.", "Appelez le 39 49."),
    ("money", "Payez 1,99 € avant ce soir", "Payez 1 euro 99 avant ce soir"),
    ("money", "148,50 €", "148 euros 50"),
    ("money", "Frais de 0,99 €", "Frais de 99 centimes"),
    ("money", "Frais : 19 €.", "Frais : 19 euros."),
    ("money", "1 000 €", "1 000 euros"),
    ("money", "50 % de réduction", "50 pour cent de réduction"),
    ("ordinals", "1er étage, 1re fois, 3e page", "premier étage, première fois, troisième page"),
    ("words", "Un e-mail, des e-mails. E-mail", "Un i-mèl, des i-mèls. I-mèl"),  # capitals kept
    ("words", "le wifi, le Wi-Fi", "le Wi-Fi, le Wi-Fi"),
    ("words", "SMS, QR, PDF, CV, USB, OK", "SMS, QR, PDF, CV, USB, OK"),  # espeak spells these right
    ("words", "Refusez les cookies.", "Refusez les coukis."),
    ("words", "le « cloud »", "le « claoude »"),
    ("words", "à Thionville (57100)", "à Tyonville (57100)"),
    ("words", "la double authentification", "la double otantification"),
    ("words", "CAP ou BEP", "C A P ou B E P"),
    ("words", "Le site du CLEMI", "Le site du Clémi"),
    (
        "words",
        "ants.gouv.fr, sante.fr, France Num",
        "A N T S point gouv point fr, santé point fr, France nume",
    ),
    ("words", "Je transfère au 33700.", "Je transfère au trente-trois sept cents."),
    ("words", "Box-Voisin-42, la box", "Boxe-Voisin-42, la boxe"),
    ("words", "Au dos de la carte, le parking", "Au dau de la carte, le parkinng"),
    ("words", "l'ENT du collège, Parcoursup", "l'E N T du collège, Parcoursupe"),
    ("words", "M. Martin", "Monsieur Martin"),
    ("symbols", "le bouton marche / arrêt", "le bouton marche ou arrêt"),
    ("symbols", "Annonce · Météo", "Annonce, Météo"),
    ("symbols", "Accueil → Aide", "Accueil, Aide"),
]


@pytest.mark.parametrize(("rule", "shown", "said"), TABLE, ids=[f"{r}:{s[:24]}" for r, s, _ in TABLE])
def test_each_rule_says_it_as_a_french_speaker_would(rule, shown, said):
    assert spoken(shown) == said


def test_every_rule_has_a_row_in_the_table():
    assert {name for name, _ in RULES} - {"spaces_again"} <= {rule for rule, _, _ in TABLE}


def test_plain_sentences_are_left_alone_and_saying_twice_changes_nothing():
    plain = "Touchez « Suivant ». Prenez votre temps : rien ne presse ! Étape 2 sur 5."
    assert spoken(plain) == plain
    for _rule, shown, said in TABLE:
        assert spoken(said) == said, shown  # the engine's cache key is the prepared text: stable


def test_the_call_of_a_ticket_and_a_wait_range_together():
    shown = "C'est à vous ! Numéro P07. Attente : environ 10 à 40 min. Absent jusqu'à 15 h 30."
    said = "C'est à vous ! Numéro P 7. Attente : environ 10 à 40 minutes. Absent jusqu'à 15 heures 30."
    assert spoken(shown) == said


ESPEAK = shutil.which("espeak-ng")

# What espeak-ng says (IPA, stress marks removed): the wrong readings must be gone.
HEARD = [
    ("10 à 40 min", "minyt", "mɛ̃"),  # « minutes », not « main »
    ("16 h 30", "sɛz œʁ tʁɑ̃t", "aʃ"),  # « seize heures trente », not « seize ache »
    ("16h30", "sɛz œʁ tʁɑ̃t", "aʃ"),
    ("JJ/MM/AAAA", "ʒuʁ mwa ane", "milimɛtʁ"),  # « jour, mois, année », not « millimètre »
    ("n° 2", "nymeʁo dø", "ɛn"),  # « numéro deux », not « èn deux »
    ("camille@exemple.fr", "aʁobaz ɛɡzɑ̃pl pwɛ̃ ɛfɛʁ", "(en)"),
    ("un e-mail", "imɛl", "(en)"),  # « i-mèl », not the English voice
    ("le wifi", "wifi", "(en)"),
    ("Votre code : K7M-4QX", "ka sɛt ɛm kat", "kɛm"),
    ("1 h", "yn œʁ", "œ̃ œʁ"),  # « une heure », not « un heure »
    ("Payez 1,99 €", "œ̃ øʁo katʁəvɛ̃diznœf", "viʁɡyl"),  # « un euro quatre-vingt-dix-neuf »
]


@pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed")
@pytest.mark.parametrize(("shown", "heard", "not_heard"), HEARD, ids=[h[0] for h in HEARD])
def test_espeak_says_the_prepared_text_right(shown, heard, not_heard):
    done = subprocess.run(
        [ESPEAK or "espeak-ng", "-v", "fr", "--ipa", "-q", "--", spoken(shown)],
        capture_output=True,
        text=True,
        timeout=20,
        check=True,
    )
    ipa = " ".join(done.stdout.replace("ˈ", "").replace("ˌ", "").replace("-", "").split())
    assert heard in ipa and not_heard not in ipa, ipa


def _screen_messages() -> list[str]:
    """Every French message of the kiosk's screens and slips (``_("…")`` in kiosk/ui and kiosk/domain),
    placeholders filled with a number."""
    import ast
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "kiosk"
    found = []
    for path in [*root.glob("ui/**/*.py"), *root.glob("domain/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "ngettext")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.append(re.sub(r"\{\w*\}", "2", node.args[0].value))
    return found


def test_no_screen_message_reaches_the_voice_raw():
    import re

    messages = _screen_messages()
    assert len(messages) > 100 and any("min" in m for m in messages)
    raw = re.compile(r"@|://|\w\.(fr|info|gouv)\b|\d\s?[hH]\b|\d\s?min\b|[nN]°|[€%]|\bJJ\b|\be-?mail")
    assert [(m, spoken(m)) for m in messages if raw.search(spoken(m))] == []
