"""« Ma fiche »: the take-home memo of a lesson as receipt blocks, and the next workshop on its theme.

Built from kiosk.domain.receipts' blocks, so every printer (and the on-screen preview) renders it.
Nothing personal is printed: the lesson, what it teaches, the steps seen, official sites and a resume code.
Pure functions; thread-safe.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from kiosk.domain.lesson_steps import HandoutStep, RecapStep
from kiosk.domain.lessons import Lesson
from kiosk.domain.receipts import QR, Feed, Receipt, Rule, Text, french_date, french_time
from kiosk.domain.step_logic import strip_accents
from kiosk.i18n import _


def recap_bullets(lesson: Lesson) -> list[str]:
    """Every « À retenir » sentence of the lesson, in order."""
    return [b for s in lesson.steps if isinstance(s, RecapStep) for b in s.bullets]


def qr_links(lesson: Lesson) -> list[tuple[str, str]]:
    """(label, url) of the official sites the lesson's handout steps name, without repeats."""
    seen: dict[str, str] = {}
    for step in lesson.steps:
        if isinstance(step, HandoutStep):
            for link in step.qr_links:
                seen.setdefault(link.url, link.label)
    return [(label, url) for url, label in seen.items()]


def _fold(text: str) -> str:
    return strip_accents(text).casefold()


def next_workshop(sessions: Iterable[Any], keywords: Sequence[str]) -> Any | None:
    """The first workshop (``kind == "atelier"``) whose title contains one of ``keywords`` (accents and
    case ignored), or None. ``sessions`` are in time order (kiosk.content.agenda_source.upcoming_sessions)."""
    words = [_fold(k) for k in keywords if k.strip()]
    if not words:
        return None
    for session in sessions:
        if getattr(session, "kind", "") == "atelier" and any(w in _fold(session.title) for w in words):
            return session
    return None


def session_line(session: Any) -> str:
    """« Jeudi 3 décembre 2026, 14 h – 16 h »."""
    start, end = session.start, session.end
    return f"{french_date(start).capitalize()}, {french_time(start)} – {french_time(end)}"


def lesson_memo(
    *,
    site_name: str,
    lesson: Lesson,
    steps_done: Sequence[str],
    resume_code: str,
    printed_at: datetime,
    workshop: Any | None = None,
) -> Receipt:
    """The memo printed at the end of (or during) a lesson.

    Returns:
        A Receipt of kind ``memo``: recap bullets, the steps seen, one QR code per official site of the
        lesson's handout, the resume code in large type and the next workshop on the theme when known.
    """
    blocks: list[Any] = [
        Text(site_name, bold=True, align="center"),
        Text(_("Ma fiche"), size="large", bold=True, align="center"),
        Text(lesson.title, size="large", align="center"),
        Rule(),
    ]
    bullets = recap_bullets(lesson)
    if bullets:
        blocks.append(Text(_("Ce que j'ai appris :"), bold=True))
        blocks.extend(Text("- " + bullet) for bullet in bullets)
        blocks.append(Rule())
    if steps_done:
        blocks.append(Text(_("Les étapes que j'ai faites :"), bold=True))
        blocks.extend(Text(f"{n}. {title}") for n, title in enumerate(steps_done, start=1))
        blocks.append(Rule())
    links = qr_links(lesson)
    if links:
        blocks.append(Text(_("Les sites officiels :"), bold=True))
        for label, url in links:
            blocks.append(Text(label))
            blocks.append(QR(url, caption=url.removeprefix("https://").rstrip("/")))
        blocks.append(Rule())
    blocks += [
        Text(_("Pour reprendre la leçon, mon code :"), bold=True),
        Text(resume_code, size="huge", bold=True, align="center"),
        Text(_("Sur la borne : touchez « Apprendre », puis « J'ai un code ».")),
    ]
    if workshop is not None:
        blocks += [
            Rule(),
            Text(_("Prochain atelier sur ce thème :"), bold=True),
            Text(session_line(workshop)),
            Text(str(workshop.title)),
        ]
        if getattr(workshop, "place", ""):
            blocks.append(Text(str(workshop.place)))
    blocks += [
        Rule(),
        Text(f"{french_date(printed_at).capitalize()}, {french_time(printed_at)}", align="center"),
        Feed(2),
    ]
    return Receipt(kind="memo", blocks=tuple(blocks))
