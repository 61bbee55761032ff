"""The keyboards of the layout audit (scenario "keyboard_audit", and part of "layout_audit"): the first-name
screen, the workshop registration's name and phone number, and the lesson's typing panel for a type_text
step, a form_fill field and a guided_sim field, at each text scale, on each of their pages (the
instruction's own page, the keys): the instruction's text height in mm (its em and its capital letters),
targets, gaps, cut labels, 🔊 and « A+ » present.

Run by driver.py in a child Kivy process. Main thread (the scenario's task) only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from layout_audit import clipped_labels, measure_targets, outside_window, workshop
from lesson_touch import setup
from pilot import walk

from kiosk.ui.theme import BODY_MM, FONT_BOLD
from kiosk.ui.widgets.big_button import BigButton
from kiosk.ui.widgets.keyboard_page import Instruction, KeyboardPage, TypedField

LESSON_KEYBOARDS = ("type_text", "form_fill", "guided_sim")


def cap_ratio() -> float:
    """Capital-letter height over em size of the bundled bold font (what a reader sees as « text height »)."""
    from PIL import ImageFont

    font = ImageFont.truetype(FONT_BOLD, 1000)
    _x0, top, _x1, bottom = font.getbbox("H", anchor="ls")
    return (bottom - top) / 1000


def instruction_sizes(root: Any, px_per_mm: float) -> dict[str, Any]:
    """The smallest shown instruction's em and capital height in mm (None: none shown), its text, and the
    empty field's grey reminder's em in mm (None: not shown)."""
    shown = [
        w
        for w in walk(root)
        if isinstance(w, Instruction) and w.text and w.opacity > 0 and w.width > 0 and w.height > 0
    ]
    fields = [w for w in walk(root) if isinstance(w, TypedField) and w.hint_font > 0 and w.opacity > 0]
    reminder = min((w.hint_font / px_per_mm for w in fields), default=None)
    sizes: dict[str, Any] = {"reminder_mm": None if reminder is None else round(reminder, 2)}
    if not shown:
        return {**sizes, "instruction_mm": None, "instruction_cap_mm": None, "instruction": ""}
    small = min(shown, key=lambda w: w.font_size)
    em = small.font_size / px_per_mm
    return {
        **sizes,
        "instruction_mm": round(em, 2),
        "instruction_cap_mm": round(em * cap_ratio(), 2),
        "instruction": small.text,
    }


def _actions(root: Any) -> list[str]:
    return sorted({w.action for w in walk(root) if isinstance(w, BigButton) and w.action and w.opacity > 0})


async def _settle(pilot: Any) -> None:
    await pilot.frames(4)


def _find_steps(lessons_dir: Path) -> dict[str, tuple[str, int, str]]:
    """kind -> (lesson id, step index, field id) of the first shipped step with that keyboard."""
    from kiosk.content.lessons import load_lessons

    found: dict[str, tuple[str, int, str]] = {}
    for lesson in load_lessons(lessons_dir).lessons:
        for index, step in enumerate(lesson.steps):
            if step.type == "type_text":
                found.setdefault("type_text", (lesson.id, index, ""))
            elif step.type == "form_fill":
                typed = [f for f in step.fields if f.kind not in ("checkbox", "select")]
                if typed:
                    found.setdefault("form_fill", (lesson.id, index, typed[0].id))
            elif step.type == "guided_sim":
                fields = [e for s in step.screens for e in s.elements if e.kind == "field" and e.answers]
                if fields:
                    found.setdefault("guided_sim", (lesson.id, index, fields[0].id))
    return found


def _open(view: Any, kind: str, field_id: str) -> None:
    """Open the step's keyboard as a tap on its field does."""
    if kind == "type_text":
        view.open_keyboard()
    elif kind == "form_fill":
        view.type_into(next(f for f in view.step.fields if f.id == field_id))
    else:
        view.run.typing = field_id
        view.open_field()


async def keyboard_rows(
    pilot: Any, scales: list[float], shots_dir: Path | None = None
) -> list[dict[str, Any]]:
    """One row per keyboard, scale and page shown (see the module's docstring)."""
    from kivy.core.window import Window

    from kiosk.domain.topics import topic_by_id

    app = pilot.app
    size = tuple(Window.size)
    px_per_mm = app.theme.px_per_mm
    rows: list[dict[str, Any]] = []
    steps = _find_steps(Path(app.services.lessons_dir))

    async def measure(name: str, root: Any, board: KeyboardPage, scale: float) -> None:
        await _settle(pilot)
        row = {
            "keyboard": name,
            "stage": board.stage,
            "paged": board.paged,
            "scale": scale,
            "body_mm": round(BODY_MM * scale, 2),
            "actions": _actions(root),
            "cut": clipped_labels(root),
            "outside": outside_window(root, size),
            "smallest_key_mm": round(min(min(k.size) for k in board.keyboard.keys.values()) / px_per_mm, 2),
            **instruction_sizes(root, px_per_mm),
            **measure_targets(root, px_per_mm),
        }
        rows.append(row)
        if shots_dir is not None:
            shot = f"keys-{name}-{board.stage}-{round(scale * 100)}.png"
            row["shot"] = await pilot.screenshot(shots_dir / shot)

    async def both_pages(name: str, root: Any, board: KeyboardPage, scale: float) -> None:
        await _settle(pilot)
        if board.stage == "instruction":
            await measure(name, root, board, scale)
            board.stage = "keys"  # « Écrire »
        await measure(name, root, board, scale)

    for scale in scales:
        app.go_home()
        app.theme.text_scale = scale  # after going home: that resets « A+ »
        app.go("help_name", topic=topic_by_id("papiers"))
        screen = app.screen("help_name")
        await both_pages("help_name", app.root, screen.ids.board, scale)
        app.go_home()
        app.theme.text_scale = scale
        app.go("register", session=workshop())
        await _settle(pilot)
        register = app.screen("register")
        await both_pages("register", app.root, register.board, scale)
        register.first_name = "Zoé"
        register.name_done()  # « Suivant »: the phone number's keypad
        await both_pages("register_phone", app.root, register.phone_board, scale)
        for kind in LESSON_KEYBOARDS:
            if kind not in steps:
                continue
            lesson_id, index, field_id = steps[kind]
            app.go_home()
            app.theme.text_scale = scale
            learn = app.screen("learn")
            app.go("learn")
            await pilot.until(lambda screen=learn: screen.lessons, "lessons listed")
            item = next(i for i in learn.lessons if i.id == lesson_id)
            app.go("lesson", item=item)
            lesson = app.screen("lesson")
            await _settle(pilot)
            lesson.show(index)
            await _settle(pilot)
            _open(lesson.view, kind, field_id)
            panel = await pilot.until(lambda lesson=lesson: lesson.typing, "typing panel")
            await both_pages(kind, panel, panel, scale)
            lesson.close_typing()
    app.theme.text_scale = 1.0
    app.go_home()
    return rows


async def keyboard_audit(pilot: Any, args: dict[str, Any], services: Any, extra: dict[str, Any]) -> dict:
    """Only the keyboards: {"keyboards": rows, "size", "px_per_mm"}."""
    from kivy.core.window import Window

    setup(pilot, args, services)
    shots = Path(args["shots_dir"]) if args.get("shots_dir") else None
    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)
    rows = await keyboard_rows(pilot, args.get("scales", [1.0]), shots)
    return {"keyboards": rows, "size": list(Window.size), "px_per_mm": pilot.app.theme.px_per_mm}


SCENARIOS = {"keyboard_audit": keyboard_audit}
