"""French words the hub shows advisors: statuses, action buttons, needs, and the 409 sentence."""

from __future__ import annotations

from kiosk.domain.help_requests import Status
from kiosk.i18n import _

# Dashboard buttons, in the order they are shown.
BUTTON_ACTIONS = ("call", "recall", "start", "done", "no-show", "redirect", "cancel")


def status_labels() -> dict[str, str]:
    """Status id → French adjective (« en attente »)."""
    return {
        Status.WAITING.value: _("en attente"),
        Status.CALLED.value: _("appelé"),
        Status.IN_PROGRESS.value: _("en cours"),
        Status.DONE.value: _("terminé"),
        Status.NO_SHOW.value: _("absent"),
        Status.CANCELLED.value: _("annulé"),
    }


def button_labels() -> dict[str, str]:
    """Action id → the dashboard button's French label."""
    return {
        "call": _("Appeler"),
        "recall": _("Rappeler"),
        "start": _("Commencer"),
        "done": _("Terminé"),
        "no-show": _("Absent"),
        "cancel": _("Annuler"),
        "redirect": _("Rediriger"),
    }


def _action_verbs() -> dict[str, str]:
    return {
        "call": _("appeler"),
        "recall": _("rappeler"),
        "start": _("commencer"),
        "done": _("terminer"),
        "no-show": _("marquer absent"),
        "cancel": _("annuler"),
        "redirect": _("rediriger"),
    }


def need_labels() -> dict[str, str]:
    """Need id → what the advisor reads on the ticket."""
    return {
        "hearing": _("Entend mal"),
        "sight": _("Voit mal"),
        "reading": _("Lit difficilement"),
        "language": _("Parle peu le français"),
        "mobility": _("Se déplace difficilement"),
        "time": _("A besoin de temps"),
    }


def refused_transition(action: str, status: Status) -> str:
    """« Impossible d'appeler un ticket terminé. », for a 409 answer."""
    verb = _action_verbs()[action]
    state = status_labels()[status.value]
    if verb[:1] in "aeiouéh":
        return _("Impossible d'{verb} un ticket {state}.").format(verb=verb, state=state)
    return _("Impossible de {verb} un ticket {state}.").format(verb=verb, state=state)


def dashboard_labels() -> dict[str, object]:
    """Every French text the dashboard's script shows."""
    return {
        "actions": button_labels(),
        "needs": need_labels(),
        "lost": _("Connexion perdue, reconnexion…"),
        "refused": _("Action refusée."),
        "waiting_since": _("en attente depuis {n} min"),
        "estimate_none": _("Nouveau ticket : pas d'attente."),
        "estimate_one": _("Nouveau ticket : environ {low} à {high} min d'attente (1 conseiller en service)."),
        "estimate_many": _(
            "Nouveau ticket : environ {low} à {high} min d'attente ({n} conseillers en service)."
        ),
        "called_since": _("appelé il y a {n} min"),
        "started_since": _("en cours depuis {n} min"),
        "lesson": _("Leçon : {lesson}, étape {step}"),
        "lesson_only": _("Leçon : {lesson}"),
        "priority": _("Prioritaire"),
        "make_priority": _("Prioritaire"),
        "no_priority": _("Plus prioritaire"),
        "for_advisor": _("Pour {name}"),
        "redirected": _("Redirigé"),
        "saved": _("Compte rendu enregistré."),
        "away_for": _("Absent jusqu'à {time}"),
    }


def cra_vocabulary() -> dict[str, dict[str, str]]:
    """La Coop's CRA values → French labels, for the dashboard's CRA form."""
    from kiosk.domain import cra

    return {
        "themes": dict(cra.THEMES),
        "equipment": dict(cra.EQUIPMENT),
        "autonomy": {k: label for k, (label, _stars) in cra.AUTONOMY.items()},
        "redirections": dict(cra.REDIRECTIONS),
    }
