"""Screen text → what the French voice should say: markup stripped; times, durations, dates, prices, « n° »,
e-mail and web addresses, codes and ticket numbers, and the lessons' abbreviations written out as a French
speaker says them (espeak-ng reads « 10 min » as « dix main » and « 16 h » as « seize ache »).

Pure and stateless (safe from any thread). ``spoken(text)`` applies every rule of ``RULES`` in order;
each rule is a (name, function) pair so that a test can name the rule it checks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

_MONTH_WORDS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
MONTHS = _MONTH_WORDS.split()
FEMININE = {1: "une", 21: "vingt-et-une", 31: "trente-et-une", 41: "quarante-et-une", 51: "cinquante-et-une"}
_ORDINAL_WORDS = "deuxième troisième quatrième cinquième sixième septième huitième neuvième dixième"
ORDINALS = dict(enumerate(_ORDINAL_WORDS.split(), start=2))
TLDS = "fr|com|org|net|info|eu|gouv"

# Words espeak-ng gets wrong (English voice switches, letters read as a word), as a French speaker says them.
WORDS: dict[str, str] = {
    r"[eE]-?mails": "i-mèls",
    r"[eE]-?mail": "i-mèl",
    r"mails": "mèls",
    r"mail": "mèl",
    r"[wW]i-?[fF]i": "Wi-Fi",  # « wifi » switches espeak to English (« waille-faille »)
    r"[cC]ookies?": "coukis",
    r"[cC]loud": "claoude",
    r"[eE]xpress": "expresse",
    r"Thionville": "Tyonville",
    r"[aA]uthentification": "otantification",
    r"[aA]meli": "améli",
    r"[mM]ediatheque": "médiathèque",  # in addresses, without accents
    r"[bB]ox": "boxe",
    r"[dD]os": "dau",  # « le dos » (the back): espeak reads « dos » as English
    r"[pP]arkings?": "parkinng",
    r"CLEMI": "Clémi",
    r"CAP": "C A P",
    r"BEP": "B E P",
    r"ENT": "E N T",  # espeak-ng says nothing for it
    r"Parcoursup": "Parcoursupe",
    r"ANTS|ants": "A N T S",  # l'Agence nationale des titres sécurisés, spelled
    r"sante": "santé",  # in addresses, without accents (sante.fr)
    r"[fF]rance ?[nN]um": "France nume",  # France Num, not « nomme »
    r"33700": "trente-trois sept cents",
}

# Names French speakers say the English way: espeak-ng's switch to its English voice is right for these
# (tests/lessons/test_lesson_speech.py accepts it for them and for no other word).
_ENGLISH_NAMES = (
    "Google Facebook WhatsApp web Bluetooth Firefox Messenger Gmail Outlook Word Writer Windows Vinted "
    "phishing login newsletter iPad PowerPoint Teams Skype Free Hotmail Apple Thunderbird"
)
SAID_IN_ENGLISH = frozenset(_ENGLISH_NAMES.split())

_WORD_PATTERNS = [(re.compile(rf"(?<!\w)(?:{pattern})(?!\w)"), said) for pattern, said in WORDS.items()]
_MARKUP = re.compile(
    r"\[/?(?:b|i|u|s|sub|sup|ref|anchor|color|font|font_context|font_family|font_features|size|"
    r"text_language)(?:=[^\]]*)?\]"
)
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"  # « santé » too: accented names exist (santé.fr)
_DOMAIN = rf"(?:{_LABEL}\.)+(?:{TLDS})(?![\w-])"
_PATH = r"(?:/[\w\-./%~=?&#]*[\w/])?/?"
_EMAIL = re.compile(rf"(?<![\w.+-])([\w.+-]+)@({_DOMAIN})", re.IGNORECASE)
_URL = re.compile(rf"(?<![\w@/.-])(?:(https?)://)?((?:www\.)?{_DOMAIN})({_PATH})", re.IGNORECASE)
_BARE_TLD = re.compile(rf"(?<![\w.])\.((?:{_LABEL}\.)*(?:{TLDS}))(?![\w-])", re.IGNORECASE)
_TIME = r"(?<![\w,.])([01]?\d|2[0-4])(?:\s?[hH](?:\s?([0-5]\d))?|:([0-5]\d))(?![\w:])"
_CODE = re.compile(r"(?<![\w-])([2-9A-HJ-NP-Z]{3})-([2-9A-HJ-NP-Z]{3})(?![\w-])")
_TICKET = re.compile(r"(?<![\w-])([A-Z])0*(\d{1,3})(?![\w-])")


def _markup(text: str) -> str:
    """Kivy markup (« [b] », « [ref=lien] », « [color=#c00] ») is never read; its escapes are undone."""
    text = _MARKUP.sub("", text)
    return text.replace("&bl;", "[").replace("&br;", "]").replace("&amp;", "&")


def _spaces(text: str) -> str:
    """Non-breaking and narrow spaces become plain spaces; runs of white space one space."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


_SIGNS = {".": " point ", "-": " tiret ", "_": " tiret bas ", "/": " barre oblique "}


def _spell_signs(part: str) -> str:
    """« camille.exemple » → « camille point exemple » (dots, hyphens, underscores, slashes said)."""
    return re.sub(r"[-_./]", lambda m: _SIGNS[m.group()], part).strip()


def _spell_host(host: str) -> str:
    """« www.service-public.gouv.fr » → « trois W point service tiret public point gouv point fr »."""
    return " point ".join(
        "trois W" if label == "www" else _spell_signs(label) for label in host.lower().split(".")
    )


def _spell_path(path: str) -> str:
    """« /horaires/ete » → « barre oblique horaires barre oblique ete » (a last slash is not said)."""
    path = path.rstrip("/")
    return " " + _spell_signs(path) if path else ""


def _emails(text: str) -> str:
    """« camille.exemple@exemple.fr » → « camille point exemple arobase exemple point fr »."""
    return _EMAIL.sub(lambda m: f"{_spell_signs(m.group(1))} arobase {_spell_host(m.group(2))}", text)


def _urls(text: str) -> str:
    """« https://www.ameli.fr/aide » → « H T T P S, deux-points, barre oblique, barre oblique, trois W point
    ameli point fr barre oblique aide »; « ameli.fr » → « ameli point fr »."""

    def say(match: re.Match[str]) -> str:
        scheme, host, path = match.groups()
        spoken = ""
        if scheme:
            spoken = " ".join(scheme.upper()) + ", deux-points, barre oblique, barre oblique, "
        return spoken + _spell_host(host) + _spell_path(path)

    text = _URL.sub(say, text)
    text = _BARE_TLD.sub(lambda m: "point " + _spell_host(m.group(1)), text)  # « finit par .info »
    return re.sub(r"(?<!\w)www\.(?!\w)", "trois W point", text, flags=re.IGNORECASE)


def _at_sign(text: str) -> str:
    """A lone « @ » (« le signe @ », « du @ ») is « arobase »."""
    text = re.sub(r"\b[lL]e @", lambda m: m.group()[0] + "'arobase", text)
    text = re.sub(r"\bdu @", "de l'arobase", text)
    return text.replace("@", "arobase")


def _codes(text: str) -> str:
    """Resume codes « K7M-4QX » are spelled with pauses: « K, 7, M ; 4, Q, X »."""
    return _CODE.sub(lambda m: ", ".join(m.group(1)) + " ; " + ", ".join(m.group(2)), text)


def _tickets(text: str) -> str:
    """Ticket numbers « P07 », « P7 » → « P 7 » (espeak reads « P07 » as one odd word)."""
    return _TICKET.sub(lambda m: f"{m.group(1)} {int(m.group(2))}", text)


def _date_formats(text: str) -> str:
    """« JJ/MM/AAAA » → « jour, mois, année »; « 03/03/1950 » → « 3 mars 1950 » (« 1er » for the first),
    « 25/12 » → « 25 décembre », a card's « 12/28 » → « 12 28 »; « 1/3 » → « 1 sur 3 »."""
    text = re.sub(r"\bJJ/MM/AAAA\b", "jour, mois, année", text, flags=re.IGNORECASE)
    text = re.sub(r"\bJJ/MM\b", "jour, mois", text, flags=re.IGNORECASE)

    def say(match: re.Match[str]) -> str:
        day, month, year = int(match.group(1)), int(match.group(2)), match.group(3)
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return match.group()
        return f"{'1er' if day == 1 else day} {MONTHS[month - 1]} {year}"

    text = re.sub(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])", say, text)
    text = re.sub(r"(?<![\d/])(\d\d)/(\d\d)(?![\d/])", _short_date, text)
    return re.sub(r"(?<![\d/])(\d{1,3})/(\d{1,3})(?![\d/])", r"\1 sur \2", text)  # « 1/3 », « 7/7 »


def _short_date(match: re.Match[str]) -> str:
    """« 25/12 » → « 25 décembre »; card's « 12/28 » (month, year) → « 12 28 »; « 24/24 » → « 24 sur 24 »."""
    first, second = int(match.group(1)), int(match.group(2))
    if 1 <= first <= 31 and 1 <= second <= 12:
        return f"{'1er' if first == 1 else first} {MONTHS[second - 1]}"
    if 1 <= first <= 12:
        return f"{first} {second}"
    return f"{first} sur {second}"


def _feminine(n: int) -> str:
    return FEMININE.get(n, str(n))


def _time_words(hours: int, minutes: int) -> str:
    said = f"{_feminine(hours)} heure" + ("" if hours in (0, 1) else "s")
    return f"{said} {_feminine(minutes)}" if minutes else said


def _times(text: str) -> str:
    """« 16 h 30 », « 16h30 », « 16:30 » → « 16 heures 30 »; « 1 h » → « une heure »; « 10 h – 12 h » → « 10
    heures à 12 heures »."""

    def say(match: re.Match[str]) -> str:
        hours = int(match.group(1))
        minutes = int(match.group(2) or match.group(3) or 0)
        return _time_words(hours, minutes)

    text = re.sub(rf"{_TIME}\s?[-–]\s?(?={_TIME})", lambda m: say(m) + " à ", text)
    return re.sub(_TIME, say, text)


def _durations(text: str) -> str:
    """« 10 à 40 min » → « 10 à 40 minutes »; « 1 min » → « une minute »; « 24 h/24 », « 7j/7 » → « 24
    heures sur 24 », « 7 jours sur 7 »."""
    text = re.sub(r"\b7\s?j\s?/\s?7\b", "7 jours sur 7", text)
    text = re.sub(r"\bheures\s?/\s?24\b", "heures sur 24", text)
    text = re.sub(r"(?<![\w,.])(\d+)\s?h\b", r"\1 heures", text)  # « sous 48 h »: hours past 24
    text = re.sub(r"(?<![\d,])1\s?(?:min|mn)\b", "une minute", text)
    return re.sub(r"(\d)\s?(?:min|mn)\b", r"\1 minutes", text)


def _number_sign(text: str) -> str:
    """« n° 2 », « N°2 », « nº 2 » → « numéro 2 »; short service numbers by pairs, as the French say them:
    « appelez le 3949 » → « le 39 49 »."""
    text = re.sub(r"\b[nN][°º]\s?", "numéro ", text)
    return re.sub(r"\b(le|au) (3\d)(\d\d)\b", r"\1 \2 \3", text)


def _money(text: str) -> str:
    """« 1,99 € » → « 1 euro 99 »; « 0,99 € » → « 99 centimes »; « 35 € » → « 35 euros »; « 50 % » → « 50
    pour cent »."""

    def euros(whole: str) -> str:
        return f"{whole} euro" + ("" if whole.strip() in ("0", "1") else "s")

    def price(match: re.Match[str]) -> str:
        whole, cents = match.group(1), match.group(2)
        said = euros(whole)
        return f"{said} {int(cents)}" if cents and int(cents) else said

    text = re.sub(r"(?<![\d,])0,(\d{2})\s?€", lambda m: f"{int(m.group(1))} centimes", text)
    text = re.sub(r"(\d{1,3}(?: \d{3})*|\d+)(?:,(\d{2}))?\s?€", price, text)
    text = text.replace("€", "euros")
    return re.sub(r"(\d)\s?%", r"\1 pour cent", text).replace("%", "pour cent")


def _ordinals(text: str) -> str:
    """« 1er », « 1re », « 3e » → « premier », « première », « troisième »."""
    text = re.sub(r"\b1er\b", "premier", text)
    text = re.sub(r"\b1re\b", "première", text)
    return re.sub(r"\b(\d{1,2})(?:e|ème)\b", lambda m: ORDINALS.get(int(m.group(1)), m.group()), text)


def _same_case(said: str, match: re.Match[str]) -> str:
    """``said``, capitalised when the word shown is (« E-mail » at a sentence's start → « I-mèl »)."""
    return said[0].upper() + said[1:] if match.group()[0].isupper() else said


def _words(text: str) -> str:
    """Abbreviations and loan words of the lessons (table ``WORDS``); « M. Dupont » → « Monsieur Dupont »."""
    for pattern, said in _WORD_PATTERNS:
        text = pattern.sub(partial(_same_case, said), text)
    text = re.sub(r"\bM\. (?=[A-ZÉ])", "Monsieur ", text)
    return text


def _symbols(text: str) -> str:
    """Signs espeak reads oddly or not at all: « · », « → », « < » and « > » around an address, brackets,
    « & », « / » between words (« marche / arrêt » → « marche ou arrêt »)."""
    text = re.sub(r"\s*[·→]\s*", ", ", text)
    text = re.sub(r"[<>\[\]]", " ", text)
    text = text.replace("&", " et ").replace("et/ou", "et ou")
    return re.sub(r"(?<=[^\W\d_]) ?/ ?(?=[^\W\d_])", " ou ", text)


RULES: list[tuple[str, Callable[[str], str]]] = [
    ("markup", _markup),
    ("spaces", _spaces),
    ("emails", _emails),
    ("urls", _urls),
    ("at_sign", _at_sign),
    ("codes", _codes),
    ("tickets", _tickets),
    ("date_formats", _date_formats),
    ("times", _times),
    ("durations", _durations),
    ("number_sign", _number_sign),
    ("money", _money),
    ("ordinals", _ordinals),
    ("words", _words),
    ("symbols", _symbols),
    ("spaces_again", _spaces),
]


def spoken(text: str) -> str:
    """What the French voice should say for ``text`` as shown on screen (see the module docstring).

    Returns:
        One line of plain text, no markup, every address, time, code and abbreviation written out.
    """
    for _name, rule in RULES:
        text = rule(text)
    return text
