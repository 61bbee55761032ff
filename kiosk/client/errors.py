"""The two ways a hub call fails, as the kiosk's screens see them (no HTTP library needed to catch them)."""

from __future__ import annotations

from kiosk.i18n import _


class HubUnavailable(Exception):
    """The hub cannot be reached now: connection refused, timeout, or a 5xx answer."""

    @property
    def user_message(self) -> str:
        """What the kiosk says, in plain French."""
        return _("Le service d'aide ne répond pas pour le moment.")


class HubRefused(Exception):
    """The hub answered with a 4xx status: the request itself is wrong and must not be retried."""

    def __init__(self, status_code: int, detail: str) -> None:
        super().__init__(f"hub refused ({status_code}): {detail}")
        self.status_code = status_code
        self.detail = detail

    @property
    def user_message(self) -> str:
        """What the kiosk says, in plain French."""
        return _("La demande n'a pas pu être enregistrée. Appelez un bibliothécaire.")
