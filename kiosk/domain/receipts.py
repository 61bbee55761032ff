"""Receipts as a list of layout blocks (no bytes): tickets, test pages. Printers render them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from kiosk.i18n import _, ngettext

Align = Literal["left", "center"]
Size = Literal["normal", "large", "huge"]


@dataclass(frozen=True)
class Text:
    """A paragraph; printers wrap it to the paper width.

    ``large`` is double width and height; ``huge`` is the largest the printer can do (ticket numbers).
    """

    text: str
    size: Size = "normal"
    bold: bool = False
    align: Align = "left"


@dataclass(frozen=True)
class Rule:
    """A horizontal separator line."""


@dataclass(frozen=True)
class QR:
    """A QR code with an optional caption under it (readable without a phone)."""

    data: str
    caption: str = ""


@dataclass(frozen=True)
class Feed:
    """Blank lines."""

    lines: int = 1


Block = Text | Rule | QR | Feed


@dataclass(frozen=True)
class Receipt:
    """What to print, top to bottom. ``kind`` names it for logs and previews (ticket, test…)."""

    kind: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def plain_text(self) -> str:
        """The receipt's readable text, one block a line (what an on-screen fallback shows)."""
        lines: list[str] = []
        for block in self.blocks:
            if isinstance(block, Text):
                lines.append(block.text)
            elif isinstance(block, QR) and block.caption:
                lines.append(block.caption)
            elif isinstance(block, Rule):
                lines.append("—" * 8)
        return "\n".join(lines)


FRENCH_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
FRENCH_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def french_date(moment: datetime) -> str:
    """« jeudi 26 novembre 2026 »."""
    return f"{FRENCH_DAYS[moment.weekday()]} {moment.day} {FRENCH_MONTHS[moment.month - 1]} {moment.year}"


def french_time(moment: datetime) -> str:
    """« 16 h », « 16 h 05 »."""
    return f"{moment.hour} h" if moment.minute == 0 else f"{moment.hour} h {moment.minute:02d}"


def wait_sentence(ahead: int, wait_minutes: tuple[int, int]) -> str:
    """« 2 personnes avant vous. Attente : environ 10 à 40 min. » in plain French."""
    if ahead <= 0:
        return _("Vous êtes le prochain.")
    people = ngettext("{n} personne avant vous.", "{n} personnes avant vous.", ahead).format(n=ahead)
    low, high = wait_minutes
    return people + " " + _("Attente : environ {low} à {high} min.").format(low=low, high=high)


def help_ticket(
    *,
    site_name: str,
    ticket: str,
    topic_label: str,
    ahead: int,
    wait_minutes: tuple[int, int],
    issued_at: datetime,
    bring: str,
    qr_data: str,
    away_line: str = "",
) -> Receipt:
    """The ticket a resident takes after asking for help.

    ``away_line``: while the advisor is away, when to come back (« Votre place est gardée. Revenez vers
    15 h. »), printed in large type under the wait.
    """
    away = (Text(away_line, size="large", bold=True),) if away_line else ()
    return Receipt(
        kind="ticket",
        blocks=(
            Text(site_name, bold=True, align="center"),
            Text(_("Votre numéro"), align="center"),
            Text(ticket, size="huge", bold=True, align="center"),
            Text(topic_label, size="large", align="center"),
            Rule(),
            Text(wait_sentence(ahead, wait_minutes), size="large"),
            *away,
            Text(_("Restez près de l'écran : votre numéro sera appelé.")),
            Text(_("À avoir avec vous : ") + bring),
            Rule(),
            Text(
                f"{french_date(issued_at).capitalize()}, {french_time(issued_at)}",
                size="large",
                align="center",
            ),
            QR(qr_data, caption=_("Votre ticket : ") + ticket),
            Feed(2),
        ),
    )


TEST_PAGE_CHARACTERS = "Œ œ € é è ê à â ç ù û î ô ë ï"


def test_page(*, site_name: str, printed_at: datetime, printer_uri: str) -> Receipt:
    """The page `kiosk print test` prints: every French letter, large type and a QR code."""
    return Receipt(
        kind="test",
        blocks=(
            Text(site_name, bold=True, align="center"),
            Text(_("Page de test"), size="large", bold=True, align="center"),
            Rule(),
            Text(TEST_PAGE_CHARACTERS, align="center"),
            Text(_("Cœur, sœur, 12,50 € — déjà où ? Noël, maïs, Ève, À bientôt !")),
            Text("A12", size="huge", bold=True, align="center"),
            Rule(),
            Text(f"{french_date(printed_at).capitalize()}, {french_time(printed_at)}"),
            Text(_("Imprimante : ") + printer_uri),
            QR("https://www.service-public.gouv.fr/", caption=_("Ce QR code ouvre service-public.gouv.fr")),
            Feed(2),
        ),
    )


test_page.__test__ = False  # type: ignore[attr-defined]  # not a pytest test, despite its name


def undated(receipt: Receipt, now: datetime) -> Receipt:
    """``receipt`` without the lines that give today's date (the print stamp), for a kiosk whose clock is
    wrong (kiosk.domain.clock_trust): those lines are replaced by one saying the date was left out.

    A line is today's stamp when it holds ``french_date`` of ``now`` or of a minute before (the receipt
    was built just before printing). Dates of sessions and appointments come from the agenda, not the
    clock, and stay.
    """
    stamps = {french_date(moment).casefold() for moment in (now, now - timedelta(minutes=1))}
    blocks: list[Block] = []
    replaced = False
    for block in receipt.blocks:
        if isinstance(block, Text) and any(stamp in block.text.casefold() for stamp in stamps):
            if not replaced:
                blocks.append(Text(_("Date non imprimée : horloge de la borne à régler."), align=block.align))
                replaced = True
            continue
        blocks.append(block)
    return Receipt(kind=receipt.kind, blocks=tuple(blocks))
