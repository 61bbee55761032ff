"""A resident's usual paths through the kiosk, as remote pilot calls (tests/ui/remote.py): asking for help,
finishing a lesson."""

from __future__ import annotations

from collections.abc import Callable

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


def finish_lesson(
    kiosk: RemoteKiosk,
    practice: dict[str, Callable[[], None]],
    quiz: tuple[str, str],
    *,
    leave: bool = True,
) -> None:
    """Tap through the open lesson to its end: ``practice`` solves the steps it names, the checkpoint
    « quiz » gets its two right options, « Ma fiche » is printed at the « fiche » step; then, with
    ``leave``, « Suite » through the end card's pages and « Les leçons »."""
    answers = {**practice, "quiz": lambda: checkpoint_right(kiosk, *quiz), "fiche": lambda: print_memo(kiosk)}
    while not (lesson := kiosk.probe("lesson"))["finished"]:
        if lesson["step"] in answers:
            answers.pop(lesson["step"])()
        kiosk.do("next_step")
    if leave:
        for _turn in range(6):
            if kiosk.screen() == "learn":
                break
            kiosk.do("press", action="lesson:next")
        kiosk.wait_screen("learn")


def checkpoint_right(kiosk: RemoteKiosk, first: str, second: str) -> None:
    for option in (first, second):
        kiosk.do("press", action=f"option:{option}")
        kiosk.do("press", action="checkpoint:next")


def print_memo(kiosk: RemoteKiosk) -> None:
    """« Ma fiche »: printed (a failure names its message among the visible texts)."""
    kiosk.do("press", action="lesson:memo")
    kiosk.wait_for("lesson", memo_state="printed", timeout=20)
