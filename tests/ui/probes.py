"""Probes of tests/ui/driver.py's kiosk for the remote pilot (tests/ui/remote.py): what no touch reaches."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pilot import walk
from remote_child import Probe, matches

from kiosk.ui.services import Services


class RecordingPower:
    """Stands in for the screen's power switch (hardware we do not have): records each call."""

    name = "recording"

    def __init__(self) -> None:
        self.calls: list[bool] = []

    def set(self, on: bool) -> bool:
        self.calls.append(on)
        return True


def ui_probes(services: Services, extra: dict[str, Any], out: Path) -> dict[str, Probe]:
    """Probes over the app, its services and scenarios.build_services' fakes (``extra``)."""
    power = RecordingPower()

    def record_power(pilot: Any) -> None:
        pilot.app.keeper.power = power

    def power_calls(pilot: Any, last: bool | None = None) -> list[bool] | None:
        """The screen's power switch calls (True: on) since ``record_power``, once the last is ``last``."""
        if last is not None and (not power.calls or power.calls[-1] is not last):
            return None
        return list(power.calls)

    def clock_behind(pilot: Any) -> None:
        """After a power cut the clock reads a time before this release (staff told, no date printed)."""
        from datetime import timedelta

        from fakes import NOW

        from kiosk.device.clock_watch import ClockWatch

        watch = ClockWatch(out / "seen.txt", lambda: NOW, released=NOW + timedelta(days=30))
        services.clock = watch
        services.printer.clock = watch

    def text_scale(pilot: Any, wanted: float | None = None) -> float | None:
        """The text's scale (« A+ »: 1.0 to 2.0), once it is ``wanted``."""
        scale = pilot.app.theme.text_scale
        return scale if wanted is None or scale == wanted else None

    def fake_hub(pilot: Any, **values: Any) -> None:
        """The fake hub's answers from now on: ``status`` of the ticket, ``recall_count`` (« Rappeler »)."""
        for name, value in values.items():
            setattr(extra["hub"], name, value)

    def printer_error(pilot: Any, message: str = "") -> None:
        """The fake printer fails with ``message`` from now on (prints again with "")."""
        extra["printer"].error = RuntimeError(message) if message else None

    def ticket_paper(pilot: Any) -> dict[str, Any] | None:
        """Once the help ticket that did not print shows its paper: that picture (saved as paper.png) and
        whether an image of it is drawn on the screen."""
        ticket = pilot.app.screen("help_ticket")
        if ticket.print_state != "failed" or not ticket.slip.preview:
            return None
        (out / "paper.png").write_bytes(ticket.slip.preview)
        drawn = any(type(w).__name__ == "Image" and w.texture is not None for w in walk(ticket.ids.body))
        return {"paper": str(out / "paper.png"), "on_screen": drawn}

    def queue_cut_off(pilot: Any, message: str) -> None:
        """The fake hub's queue stops taking requests for the day, saying ``message``."""
        from kiosk.client.port import QueueStatus

        extra["hub"].queue = QueueStatus(accepting=False, message=message)

    def first_scroll(pilot: Any, screen: str) -> Any:
        from kivy.uix.scrollview import ScrollView

        return next(w for w in walk(pilot.app.screen(screen)) if isinstance(w, ScrollView))

    def scroll_down(pilot: Any, screen: str) -> None:
        """Scroll the screen's first scroll view to its end, as the resident is told to."""
        first_scroll(pilot, screen).scroll_y = 0

    def scroll_of(pilot: Any, screen: str) -> dict[str, float]:
        """The screen's first scroll view: scroll_y and how far its content can scroll, in pixels."""
        view = first_scroll(pilot, screen)
        return {"scroll_y": view.scroll_y, "room": view.children[0].height - view.height}

    def queue_moves(pilot: Any) -> None:
        """The person before the resident is served: the next poll says one fewer ahead."""
        extra["hub"].ahead -= 1

    return {
        "scroll_of": scroll_of,
        "queue_moves": queue_moves,
        "hub_ready": lambda pilot: pilot.app.hub_state == "ready",
        "running": lambda pilot: pilot.app.root is not None and pilot.app.root.get_root_window() is not None,
        "overlay": lambda pilot, shown=True: (pilot.app.overlay is not None) == shown,
        "hub_calls": lambda pilot: list(extra["hub"].calls),  # the fake hub's (topic, first name) asks
        "outbox_pending": lambda pilot: services.hub.get().outbox.count_pending(),
        "chime_plays": lambda pilot: pilot.app.chime.plays,
        "idle_timeouts": lambda pilot: [services.idle_timeout_s, services.idle_answer_s],
        "receipts_text": lambda pilot: [r.plain_text() for r in extra["printer"].receipts],  # the fake's
        "screen_keeper": lambda pilot, **expected: matches(
            {"state": pilot.app.keeper.state, "overlay": pilot.app.keeper.overlay is not None}, **expected
        ),
        "record_power": record_power,
        "power_calls": power_calls,
        "clock_behind": clock_behind,
        "text_scale": text_scale,
        "fake_hub": fake_hub,
        "printer_error": printer_error,
        "queue_cut_off": queue_cut_off,
        "ticket_paper": ticket_paper,
        "scroll_down": scroll_down,
        **speech_probes(out),
        **lesson_probes(services, out),
        **screen_probes(services, out),
    }


def speech_probes(app_out: Path) -> dict[str, Probe]:
    """Real espeak-ng speech (a private cache in the child's folder) and what it said."""
    made: dict[str, Any] = {}

    def speech(pilot: Any, on: bool = True) -> None:
        """Real speech (``on``), or a kiosk whose ``[speech]`` is off (the question shows, nothing said)."""
        from kiosk.config import SpeechConfig
        from kiosk.speech import Speech
        from kiosk.ui.speaker import Speaker

        if "real" not in made:
            made["real"] = Speaker(Speech(SpeechConfig(), app_out / "speech"), pilot.app.worker)
        pilot.app.speaker = made["real"] if on else Speaker(None, pilot.app.worker)

    def heard(pilot: Any, after: int | None = None, saying: str = "") -> dict[str, Any] | None:
        """What the speaker last said, once more than ``after`` texts were made into audio and the last
        says ``saying``: its text, the count, the WAV file and its length, and whether a sound plays."""
        from kiosk.speech import wav_seconds

        speaker = pilot.app.speaker
        wav = speaker.last_wav
        if after is not None and speaker.spoken <= after or saying not in speaker.last_text or wav is None:
            return None
        return {
            "text": speaker.last_text,
            "spoken": speaker.spoken,
            "asked": speaker._asked,  # readings asked or stopped: a tap that silences it counts
            "playing": speaker.sound is not None,
            "wav": str(wav),
            "seconds": wav_seconds(wav),
        }

    def spoken(pilot: Any) -> int:
        """How many texts were made into audio and handed to the sound card."""
        return pilot.app.speaker.spoken

    return {"speech": speech, "heard": heard, "spoken": spoken}


def lesson_probes(services: Services, out: Path) -> dict[str, Probe]:
    """A resident's touches on a lesson (tests/ui/lesson_touch.py: pages turned, clue words tapped where
    they are drawn, keys typed) and the lesson's state, for tests of whole lessons."""
    import lesson_touch as touch

    def lesson_of(pilot: Any) -> Any:
        return pilot.app.screen("lesson")

    def setup(pilot: Any, lessons_dir: str) -> str:
        """Lessons from ``lessons_dir``, real speech, « Ma fiche » printed as ESC/POS bytes: that file."""
        touch.setup(pilot, {"out_dir": str(out), "lessons_dir": lessons_dir}, services)
        return str(out / "memo.bin")

    async def open_lesson(pilot: Any, lesson_id: str) -> None:
        await touch.open_lesson(pilot, lesson_id)

    async def open_keyboard(pilot: Any, action: str) -> str:
        """Tap the field ``action``; the key the open keyboard lights first."""
        return (await touch.open_keyboard(pilot, lesson_of(pilot), action)).highlighted

    async def show(pilot: Any, action: str = "", clue: str = "") -> None:
        """Turn the lesson's pages to the button ``action`` or the clue's words (before a screenshot)."""
        lesson = lesson_of(pilot)

        def point() -> Any:
            if clue:
                return lesson.view.ref_point(clue)
            return pilot.find(action).to_window(*pilot.find(action).center)

        await touch.point_into_view(pilot, point)

    def state(pilot: Any, **expected: Any) -> dict[str, Any] | None:
        """The lesson as a resident sees it (once it ``matches`` ``expected``)."""
        lesson = lesson_of(pilot)
        view, panel, code = lesson.view, lesson.typing, lesson._code_label
        seen = {
            "open": lesson.lesson is not None,  # a lesson is under way (none once the session ended)
            "shown": view is not None,
            "step": None if lesson.finished or not lesson.steps else lesson.steps[lesson.index].id,
            "finished": bool(lesson.finished),
            "solved": bool(view is not None and view.solved),
            "found": list(getattr(view, "found", [])),
            "verdict": list(touch.verdict(lesson)),
            "keyboard": panel is not None,
            "highlighted": panel.highlighted if panel is not None else "",
            "memo": lesson.memo_state,
            "help": [lesson.help_state, lesson.help_ticket],
            "code_in_view": code is not None and touch.inside_view(lesson.ids.scroll, code),
            "code": lesson.resume_code() if code is not None and lesson.lesson is not None else "",
            "hints": getattr(view, "hints_shown", 0),  # rungs of the hint ladder shown
            "errors": dict(getattr(view, "errors", None) or {}),  # a form's errors by field
            "typed": panel.value if panel is not None else "",
            "resume_code": lesson.resume_code() if lesson.lesson is not None else "",  # on « Ma fiche »
        }
        return matches(seen, **expected)

    def run(pilot: Any, **expected: Any) -> dict[str, Any] | None:
        """The step's run (a gesture drill, a simulation, a call, a checkpoint): what it is at, once it
        ``matches`` ``expected``; None for what that kind of run does not have."""
        step_run = lesson_of(pilot).view.run
        names = ("current", "position", "screen", "turn", "score", "mastered")
        return matches({name: getattr(step_run, name, None) for name in names}, **expected)

    async def turn_to(pilot: Any, part: str = "") -> None:
        """Turn the lesson to the page where the step's ``part`` (its picture, phone, frame, card) starts,
        or to its first page, as before each screenshot."""
        lesson = lesson_of(pilot)
        await pilot.frames(2)
        lesson.scroll_to(getattr(lesson.view, part) if part else None)
        await pilot.frames(2)

    async def tap_zone(pilot: Any, zone: str) -> None:
        """Tap the middle of the picture's zone ``zone`` (a tap-target step)."""
        view = lesson_of(pilot).view
        await touch.into_view(pilot, view.picture)
        await touch.tap_xy(pilot, *view.zone_point(zone))

    async def gesture(pilot: Any, kind: str) -> int:
        """On the drill's phone: ``miss`` (a tap beside the target), ``tap``, ``long_press``, ``swipe_left``
        or ``scroll``; the drill's position then."""
        lesson = lesson_of(pilot)
        await touch.into_view(pilot, lesson.view.phone)
        phone = lesson.view.phone
        cx, cy = phone.to_window(*phone.center)
        far = pilot.app.theme.mm(25)
        if kind == "miss":
            await touch.tap_xy(
                pilot, *phone.to_window(phone.x + phone.width * 0.15, phone.y + phone.height * 0.12)
            )
        elif kind == "tap":
            await touch.tap_xy(pilot, cx, cy)
        elif kind == "long_press":
            await touch.tap_xy(pilot, cx, cy, hold_s=1.0)
            await pilot.until(lambda: lesson.view.phone is not phone, "the phone lit, then redrawn")
        elif kind == "swipe_left":
            await touch.tap_xy(pilot, cx + far / 2, cy, to=(cx - far / 2, cy))
        elif kind == "scroll":
            await touch.tap_xy(pilot, cx, cy - far / 2, to=(cx, cy + far / 2))
        else:
            raise ValueError(f"no gesture {kind!r}")
        return lesson.view.run.position

    def clue_texts(pilot: Any) -> dict[str, Any]:
        """A spot-the-clues step's words as read aloud (the step's and the screen's 🔊), and how many
        underlined spans each of its texts has."""
        lesson = lesson_of(pilot)
        return {
            "step": lesson.view.speech_text(),
            "screen": lesson.speech_text(),
            "underlined": [t.text.count("[u]") for t in lesson.view.texts],
        }

    def help_answered(pilot: Any) -> list[str] | None:
        """[state, ticket] once « Appeler le conseiller » was answered (sent, queued or failed)."""
        lesson = lesson_of(pilot)
        answered = lesson.help_state in ("sent", "queued", "failed")
        return [lesson.help_state, lesson.help_ticket] if answered else None

    async def typing_panel(pilot: Any, state: str) -> dict[str, Any]:
        """The open typing panel alone (the lesson under it is covered): its layout rows as ``state``
        (tests/ui/pilot.py's layout), its stage (« instruction » on its own page, or « keys ») and its
        instruction: text, shown, font and key sizes in mm."""
        from types import SimpleNamespace

        from pilot import Pilot

        panel, theme = lesson_of(pilot).typing, pilot.app.theme
        await pilot.frames(3)
        shim = SimpleNamespace(app=SimpleNamespace(overlay=panel, root=panel))
        return {
            "layout": Pilot.layout(shim, state),  # type: ignore[arg-type]
            "stage": panel.stage,
            "prompt": {
                "text": panel.text_label.text,
                "shown": panel.text_label.parent is not None and panel.text_label.opacity > 0,
                "font_mm": theme.to_mm(panel.text_label.font_size),
                "key_mm": theme.to_mm(min(panel.keyboard.keys["a"].size)),
            },
        }

    return {
        "lessons_setup": setup,
        "open_lesson": open_lesson,
        "press": touch.press,
        "next_step": lambda pilot: touch.next_step(pilot, lesson_of(pilot)),
        "type_keys": touch.type_keys,
        "open_keyboard": open_keyboard,
        "tap_clue": lambda pilot, clue: touch.tap_ref(pilot, lesson_of(pilot), clue),
        "tap_plain": lambda pilot: touch.tap_plain(pilot, lesson_of(pilot)),
        "show": show,
        "lesson": state,
        "help_answered": help_answered,
        "typing_panel": typing_panel,
        "run": run,
        "turn_to": turn_to,
        "tap_zone": tap_zone,
        "gesture": gesture,
        "clue_texts": clue_texts,
        "sim_value": lambda pilot, field: lesson_of(pilot).view.run.value(field),
        "lesson_summary": lambda pilot: lesson_of(pilot).progress.summary(),  # the hub's anonymous record
    }


def screen_probes(services: Services, out: Path) -> dict[str, Probe]:
    """The kiosk on a real X screen with no window manager (tests/ui/real_screen.py): what the screen shows,
    and taps where the resident sees a button (the content may be turned: ``[kiosk] rotation``)."""

    async def real_screen(pilot: Any) -> dict[str, Any]:
        """The screen's size, the window's geometry, Kivy's and the root widget's sizes, Kivy's own frame
        against a capture of the screen (pixels that differ), and the edge the top bar is drawn along."""
        from kivy.core.window import Window
        from PIL import Image, ImageChops
        from real_screen import capture, window_geometry

        await pilot.frames(5)
        shown = capture()
        shown.save(out / "screen.png")
        drawn = Image.open(await pilot.screenshot(out / "frame.png")).convert("RGB")
        differing = -1
        if drawn.size == shown.size:
            diff = ImageChops.difference(drawn, shown).convert("L").point(lambda v: 255 if v > 8 else 0)
            differing = sum(1 for v in diff.getdata() if v)
        root = pilot.app.root
        return {
            "screen": list(shown.size),
            "window": list(window_geometry()),
            "kivy_size": list(Window.size),
            "root_size": [root.width, root.height],
            "frame_size": list(drawn.size),
            "differing_pixels": differing,
            "top_bar_edge": _top_bar_edge(shown),
        }

    async def tap_on_screen(pilot: Any, action: str, finger: bool = False) -> dict[str, list[int]]:
        """A real tap where the screen shows the button ``action``: the X pointer pressed and released
        there, or (``finger``) a touchscreen's finger as SDL hands it to Kivy. Where the tap landed, and
        where it would have without the content's turn (screen pixels)."""
        from real_screen import capture, content_to_screen

        screen = capture().size
        button = pilot.find(action)
        cx, cy = button.to_window(*button.center)
        x, y = content_to_screen(cx, cy, screen, services.config.kiosk.rotation)
        await (_finger_tap(pilot, x, y, screen) if finger else _pointer_tap(pilot, x, y))
        return {"at": [x, y], "unturned": list(content_to_screen(cx, cy, screen, 0))}

    return {"real_screen": real_screen, "tap_on_screen": tap_on_screen}


async def _pointer_tap(pilot: Any, x: int, y: int) -> None:
    """A real tap at screen pixel (x, y): the X pointer moved there, pressed, released (XTest)."""
    from real_screen import XPointer

    from kiosk.ui.widgets.big_button import reset_debounce

    pointer = XPointer()
    try:
        reset_debounce()
        pointer.move(x, y)
        await pilot.frames(2)
        pointer.button(True)
        await pilot.frames(2)
        pointer.button(False)
        await pilot.frames(2)
    finally:
        pointer.close()


async def _finger_tap(pilot: Any, x: int, y: int, screen: tuple[int, int]) -> None:
    """A finger down and up at screen pixel (x, y), as Kivy's SDL2 provider hands it to the window."""
    from kivy.base import EventLoop
    from kivy.core.window.window_sdl2 import SDL2MotionEvent

    from kiosk.ui.widgets.big_button import reset_debounce

    width, height = screen
    reset_debounce()
    finger = SDL2MotionEvent("sdl", 4242, (x / (width - 1), 1 - y / (height - 1), 1.0))
    EventLoop._dispatch_input("begin", finger)
    await pilot.frames(2)
    finger.update_time_end()
    EventLoop._dispatch_input("end", finger)
    await pilot.frames(2)


def _top_bar_edge(image: Any) -> str:
    """The screen edge along which the top bar (the dark blue band) is drawn: where the content's top is."""
    from kiosk.ui import palette as P

    width, height = image.size
    bar = tuple(round(c * 255) for c in P.BAR[:3])
    strips = {
        "top": (0, 0, width, 20),
        "bottom": (0, height - 20, width, height),
        "left": (0, 0, 20, height),
        "right": (width - 20, 0, width, height),
    }

    def share(box: tuple[int, int, int, int]) -> float:
        pixels = list(image.crop(box).getdata())
        near = [p for p in pixels if max(abs(a - b) for a, b in zip(p, bar, strict=True)) < 12]
        return len(near) / len(pixels)

    return max(strips, key=lambda edge: share(strips[edge]))
