"""A resident's usual paths through the kiosk, as remote pilot calls (tests/ui/remote.py)."""

from __future__ import annotations

from remote import RemoteKiosk


def ask_for_help(kiosk: RemoteKiosk, name: str, topic: str = "papiers") -> None:
    """Home → « Demander de l'aide » → the topic → no particular need → ``name`` typed on the keyboard."""
    kiosk.tap("home:help")
    kiosk.wait_screen("help_topic")
    kiosk.tap(f"topic:{topic}")
    kiosk.wait_screen("help_needs")
    kiosk.tap("needs:continue")
    kiosk.wait_screen("help_name")
    kiosk.type(name)
    kiosk.wait_for("help_name", name_text=name)


def without_name(kiosk: RemoteKiosk) -> None:
    """On the first-name screen: « Sans prénom » on the instruction's own page, else « Valider » with
    nothing typed."""
    on_page = kiosk.keyboard_stage() == "instruction"
    kiosk.tap("help:no_name" if on_page else "help:validate")
