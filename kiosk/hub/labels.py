"""French words the hub shows advisors: statuses, action buttons, needs, and the 409 sentence."""

from __future__ import annotations

from kiosk.domain.help_requests import Status
from kiosk.i18n import _

# Dashboard buttons, in the order they are shown (redirect is API-only for now).
BUTTON_ACTIONS = ("call", "recall", "start", "done", "no-show", "cancel")


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
