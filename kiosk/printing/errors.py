"""Printer failures and status: what went wrong, in English for logs and in plain French for residents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kiosk.i18n import _

Reason = Literal["offline", "paper_out", "cover_open", "timeout", "error"]
Paper = Literal["ok", "near_end", "out"]


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer says about itself; None where the connection cannot tell."""

    online: bool | None = None
    paper: Paper | None = None


def user_message(reason: Reason) -> str:
    """One short French sentence for the resident (translated at call time)."""
    if reason == "offline":
        return _("L'imprimante est éteinte ou débranchée.")
    if reason == "paper_out":
        return _("Il n'y a plus de papier.")
    if reason == "cover_open":
        return _("Le capot de l'imprimante est ouvert.")
    if reason == "timeout":
        return _("L'imprimante ne répond pas.")
    return _("L'imprimante ne marche pas.")


class PrinterError(Exception):
    """Printing failed.

    Attributes:
        reason: offline | paper_out | cover_open | timeout | error.
        detail: one technical English line for logs and the command line (what to check).
        user_message: one plain French sentence for the resident.
    """

    def __init__(self, reason: Reason, detail: str) -> None:
        super().__init__(detail)
        self.reason: Reason = reason
        self.detail = detail

    @property
    def user_message(self) -> str:
        return user_message(self.reason)


def timeout_error(seconds: float) -> PrinterError:
    """The error for a printer that does not answer in time."""
    return PrinterError("timeout", f"no answer within {seconds:g} s (is it on and connected?)")
