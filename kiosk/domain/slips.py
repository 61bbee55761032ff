"""The slips residents take home: next dates, workshop confirmation, waitlist place, appointment.

Each function returns a Receipt (kiosk.domain.receipts blocks); the paper is the notification for people
with no e-mail or phone, so every slip reads in full without its QR code. Pure functions, thread-safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from kiosk.domain.agenda import Session, french_slot, grouped, kind_label
from kiosk.domain.ical_event import event_text
from kiosk.domain.receipts import QR, Feed, Receipt, Rule, Text, french_date, french_time
from kiosk.i18n import _

MAX_DATES = 8
CALENDAR_CAPTION = "Ce QR code ajoute la date au calendrier de votre téléphone."
# What an appointment slip may ask to bring (ids shown as checkboxes to staff, texts printed).
BRING_CHOICES = {
    "piece": "votre pièce d'identité",
    "telephone": "votre téléphone et son chargeur",
    "identifiants": "vos identifiants et mots de passe",
    "vitale": "votre carte Vitale",
    "courrier": "le courrier reçu",
    "ordinateur": "votre ordinateur portable",
}


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _footer(printed_at: datetime) -> tuple[Text, ...]:
    stamp = f"{french_date(printed_at)}, {french_time(printed_at)}"
    return (Text(_("Imprimé le {when}.").format(when=stamp), align="center"),)


def next_dates(
    *,
    site_name: str,
    sessions: Sequence[Session],
    printed_at: datetime,
    updated_at: datetime | None = None,
    stale: bool = False,
) -> Receipt:
    """« Prochaines séances »: the next sessions by kind and place, the date and hours in words.

    Args:
        sessions: upcoming sessions (at most MAX_DATES are printed, the soonest).
        updated_at: when the agenda was last confirmed current; said when ``stale``.
    """
    soonest = sorted(sessions, key=lambda s: s.start)[:MAX_DATES]
    blocks: list = [
        Text(site_name, bold=True, align="center"),
        Text(_("Prochaines séances"), size="large", bold=True, align="center"),
    ]
    if not soonest:
        blocks += [Rule(), Text(_("Aucune séance prévue pour le moment. Demandez à l'accueil."))]
    for kind, place, items in grouped(soonest):
        blocks += [Rule(), Text(kind_label(kind), bold=True)]
        if place:
            blocks.append(Text(place))
        for session in items:
            blocks.append(Text("- " + _cap(french_slot(session)), bold=True))
            if kind == "atelier":
                blocks.append(Text("  " + session.title))
    blocks.append(Rule())
    if stale and updated_at is not None:
        when = updated_at.astimezone(printed_at.tzinfo)
        blocks.append(
            Text(
                _("Agenda mis à jour le {day} à {time}.").format(
                    day=french_date(when), time=french_time(when)
                )
            )
        )
    blocks += [*_footer(printed_at), Feed(2)]
    return Receipt(kind="next_dates", blocks=tuple(blocks))


def session_event(session: Session, site_name: str) -> str:
    """The iCalendar text of a session, for a QR code."""
    return event_text(
        start=session.start, end=session.end, summary=session.title, location=session.place or site_name
    )


def _workshop_lines(session: Session) -> list:
    lines: list = [
        Text(session.title, size="large", bold=True),
        Text(_cap(french_slot(session)), bold=True),
    ]
    if session.place:
        lines.append(Text(_("Lieu : {place}").format(place=session.place)))
    if session.level:
        lines.append(Text(_("Niveau : {level}").format(level=session.level)))
    return lines


def _heading(site_name: str, title: str, first_name: str) -> list:
    """The top of a registration slip: the site, the slip's title, then the first name when given."""
    blocks: list = [
        Text(site_name, bold=True, align="center"),
        Text(title, size="large", bold=True, align="center"),
    ]
    if first_name:
        blocks.append(Text(first_name, size="large", align="center"))
    return blocks


def registration_confirmed(
    *, site_name: str, first_name: str, session: Session, has_phone: bool, printed_at: datetime
) -> Receipt:
    """« Inscription confirmée » with the workshop's date, place and a calendar QR code."""
    blocks = _heading(site_name, _("Inscription confirmée"), first_name)
    blocks += [Rule(), *_workshop_lines(session), Rule()]
    blocks.append(Text(_("Arrivez 5 minutes avant le début.")))
    blocks.append(
        Text(_("Vous ne pouvez pas venir ? Prévenez l'accueil : la place ira à une autre personne."))
    )
    if not has_phone:
        blocks.append(Text(_("Vous n'avez pas donné de téléphone : gardez bien ce papier.")))
    blocks += [
        QR(session_event(session, site_name), caption=_(CALENDAR_CAPTION)),
        *_footer(printed_at),
        Feed(2),
    ]
    return Receipt(kind="confirmation", blocks=tuple(blocks))


def registration_waitlisted(
    *, site_name: str, first_name: str, session: Session, position: int, has_phone: bool, printed_at: datetime
) -> Receipt:
    """« Liste d'attente »: the place in line and how the person will learn a seat is free."""
    blocks = _heading(site_name, _("Liste d'attente"), first_name)
    blocks += [
        Text(_("Votre place sur la liste :"), align="center"),
        Text(_("N°\u00a0{n}").format(n=position), size="huge", bold=True, align="center"),
        Rule(),
        *_workshop_lines(session),
        Rule(),
        Text(_("L'atelier est complet. Votre place n'est pas encore sûre.")),
    ]
    if has_phone:
        blocks.append(Text(_("Si une place se libère, la médiathèque vous appelle.")))
    else:
        blocks.append(
            Text(_("Si une place se libère, l'accueil vous le dira. Passez demander avant l'atelier."))
        )
    blocks += [*_footer(printed_at), Feed(2)]
    return Receipt(kind="waitlist", blocks=tuple(blocks))


def appointment_event(
    *, start: datetime, duration_min: int, place: str, advisor: str, bring: Sequence[str], site_name: str
) -> str:
    """The iCalendar text of an appointment: when, where, with whom (the paper lists what to bring; the
    QR stays small enough to scan). No first name in it: a QR is read by any phone."""
    return event_text(
        start=start,
        end=start + timedelta(minutes=duration_min),
        summary=_("Rendez-vous numérique"),
        location=place,
        description=_("Avec {advisor}.").format(advisor=advisor) if advisor else "",
    )


def appointment(
    *,
    site_name: str,
    first_name: str,
    start: datetime,
    duration_min: int,
    place: str,
    advisor: str = "",
    bring: Sequence[str] = (),
    printed_at: datetime,
) -> Receipt:
    """The appointment slip: who, the date and time in words, where, with whom, what to bring, a QR.

    Raises:
        ValueError: a naive ``start`` or a duration outside 5 to 480 minutes.
    """
    if start.tzinfo is None:
        raise ValueError("the appointment start must be timezone-aware")
    if not 5 <= duration_min <= 480:
        raise ValueError(f"duration must be 5 to 480 minutes, got {duration_min}")
    end = start + timedelta(minutes=duration_min)
    blocks: list = [
        Text(site_name, bold=True, align="center"),
        Text(_("Votre rendez-vous"), size="large", bold=True, align="center"),
    ]
    if first_name:
        blocks.append(Text(first_name, size="large", align="center"))
    blocks += [
        Rule(),
        Text(_cap(french_date(start)), size="large", bold=True),
        Text(_("De {start} à {end}").format(start=french_time(start), end=french_time(end)), size="large"),
        Text(_("Durée : {minutes} minutes.").format(minutes=duration_min)),
        Text(_("Lieu : {place}").format(place=place), bold=True),
    ]
    if advisor:
        blocks.append(Text(_("Avec : {advisor}").format(advisor=advisor)))
    if bring:
        blocks += [Rule(), Text(_("À apporter :"), bold=True)]
        blocks += [Text("- " + BRING_CHOICES.get(item, item)) for item in bring if item]
    blocks += [
        Rule(),
        Text(_("Vous ne pouvez pas venir ? Prévenez la médiathèque.")),
        QR(
            appointment_event(
                start=start,
                duration_min=duration_min,
                place=place,
                advisor=advisor,
                bring=bring,
                site_name=site_name,
            ),
            caption=_("Ce QR code ajoute le rendez-vous au calendrier de votre téléphone."),
        ),
        *_footer(printed_at),
        Feed(2),
    ]
    return Receipt(kind="appointment", blocks=tuple(blocks))
