"""The kiosk's voice and controls, tapped through with real espeak-ng audio: 🔊 and « A+ » on home and the
first-name screen (layouts at 200 %), the spoken inactivity question, the spoken call and its repeats,
and the failed help ticket shown on screen with its QR code."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import fakes

from kiosk.config import SpeechConfig
from kiosk.speech import Speech, wav_seconds
from kiosk.ui.services import HubHandle, Services
from kiosk.ui.speaker import Speaker


def _heard(speaker: Speaker) -> dict[str, Any]:
    wav = speaker.last_wav
    return {
        "text": speaker.last_text,
        "spoken": speaker.spoken,
        "wav": str(wav) if wav else "",
        "seconds": wav_seconds(wav) if wav else 0.0,
    }


async def _speak_and_wait(pilot: Any, speaker: Speaker, action: str = "speak") -> dict[str, Any]:
    """Tap 🔊 and wait until its audio is made and handed to the sound card."""
    before = speaker.spoken
    await pilot.tap(action)
    await pilot.until(lambda: speaker.spoken > before, "audio made", timeout=30)
    return _heard(speaker)


async def voice(pilot: Any, args: dict[str, Any], services: Services, extra: dict[str, Any]) -> dict:
    from scenarios import _to_name, ticket_topic

    from kiosk.ui.widgets.ticket_views import call_speech

    app, out = pilot.app, Path(args["out_dir"])
    seen: dict[str, Any] = {"layout": [], "out_dir": str(out)}
    speaker = Speaker(Speech(SpeechConfig(), out / "speech"), app.worker)
    app.speaker = speaker  # real espeak-ng, a private cache

    async def capture(state: str) -> None:
        await pilot.frames(3)
        seen["layout"].extend(pilot.layout(state))
        seen[f"texts_{state}"] = pilot.texts()
        await pilot.screenshot(out / f"{state}.png")

    await pilot.until(lambda: app.hub_state == "ready", "hub ready")
    # Home: 🔊 reads the screen; « A+ » four times is 200 %.
    await capture("home")
    seen["home_heard"] = await _speak_and_wait(pilot, speaker)
    for _ in range(4):
        await pilot.tap("text:bigger")
    await pilot.until(lambda: app.theme.text_scale == 2.0, "200 %")
    await capture("home_200")
    # The first-name screen at 200 %: 🔊 says the instructions and the count of letters, not the name.
    seen["tiles_in_view_200"] = all(
        _in_view(pilot.find(a)) for a in ("home:learn", "home:help", "home:agenda")
    )
    await _to_name(pilot, "Zoé")
    seen["scale_on_name"] = app.theme.text_scale
    await capture("help_name_200")
    seen["name_heard"] = await _speak_and_wait(pilot, speaker)
    await pilot.tap("text:bigger")  # after 200 %: back to 100 %
    await pilot.until(lambda: app.theme.text_scale == 1.0, "100 %")
    await capture("help_name_100")
    board = app.screen("help_name").ids.board
    if board.paged:  # « Retour »: the instruction's own page, then the keys again
        await pilot.tap("nav:back")
        await pilot.until(lambda: board.stage == "instruction", "instruction page")
        await capture("help_name_page_100")
        await pilot.tap("help:write")
        await pilot.until(lambda: board.stage == "keys", "keys again")
    # Inactivity: the question is said aloud; « Je continue » silences it.
    extra["clock"].advance(services.idle_timeout_s + 1)
    await pilot.until(lambda: app.overlay is not None, "idle question")
    await pilot.until(lambda: speaker.spoken and "toujours là" in speaker.last_text, "question said", 30)
    await pilot.until(lambda: speaker.last_wav is not None and "toujours" in app.overlay.spoken_text, "wav")
    seen["idle_heard"] = _heard(speaker)
    asked = speaker._asked
    await pilot.tap("idle:continue")
    await pilot.until(lambda: app.overlay is None, "question gone")
    seen["idle_silenced"] = speaker._asked > asked and speaker.sound is None
    # The same with speech switched off: the question shows, nothing is said.
    app.speaker = Speaker(None, app.worker)
    extra["clock"].advance(services.idle_timeout_s + 1)
    await pilot.until(lambda: app.overlay is not None, "idle question, speech off")
    await pilot.frames(10)
    seen["idle_off_spoken"] = app.speaker.spoken
    await pilot.tap("idle:continue")
    await pilot.until(lambda: app.overlay is None, "question gone again")
    app.speaker = speaker
    # The call: chime, then the number said aloud; said again once; again on « Rappeler ».
    hub = fakes.FakeHub()
    services.hub = HubHandle(hub)
    await pilot.tap("help:validate")
    ticket = app.screen("help_ticket")
    ticket.call_repeat_s = 3.0
    await pilot.until(lambda: ticket.state == "ticket" and ticket.print_state == "printed", "ticket printed")
    plays = app.chime.plays
    hub.status = "called"
    await pilot.until(lambda: ticket.state == "called", "called", timeout=10)
    await pilot.until(lambda: speaker.last_text == call_speech("P07") and speaker.spoken, "call said", 30)
    await pilot.until(lambda: str(speaker.last_wav).endswith(".wav"), "call audio")
    seen["call_heard"] = _heard(speaker)
    seen["texts_called"] = pilot.texts()
    await pilot.until(lambda: ticket.announcements == 2, "said again", timeout=15)
    seen["announcements_after_repeat"] = ticket.announcements
    hub.recall_count = 1  # the advisor presses « Rappeler »
    await pilot.until(lambda: ticket.announcements == 3, "recall announced", timeout=10)
    await pilot.frames(30)
    seen["announcements_after_recall"] = ticket.announcements
    seen["chime_plays"] = app.chime.plays - plays
    # The printer out of paper: the ticket, and the paper itself on screen with its QR code.
    hub.status = "waiting"
    hub.recall_count = 0
    extra["printer"].error = RuntimeError("paper out")
    app.go("help_ticket", topic=ticket_topic(), first_name="")
    await pilot.until(lambda: ticket.print_state == "failed" and ticket.slip.preview, "paper on screen", 15)
    await capture("help_ticket_paper")
    ticket.ids.body.parent.scroll_y = 0  # scrolled down, as the resident is told to
    await pilot.screenshot(out / "help_ticket_paper_scrolled.png")
    (out / "paper.png").write_bytes(ticket.slip.preview)
    seen["request_id"] = ticket.request_id
    seen["paper_on_screen"] = any(
        type(w).__name__ == "Image" and w.texture is not None for w in _walk(ticket.ids.body)
    )
    app.go_home()
    return seen


async def keyboards(pilot: Any, args: dict[str, Any], services: Services, extra: dict[str, Any]) -> dict:
    """The lesson's typing panel at 100 % and 200 % (instruction shown, 🔊 reads it), then a wrong
    resume code at 200 % and 100 % (🔊 and « A+ » stay with the message)."""
    from lesson_touch import next_step, open_lesson, press, setup, type_keys
    from pilot import Pilot

    out = setup(pilot, args, services)
    app = pilot.app
    speaker = app.speaker
    seen: dict[str, Any] = {"layout": [], "out_dir": str(out)}

    async def capture(state: str, root: Any = None) -> None:
        await pilot.frames(3)
        if root is None:
            seen["layout"].extend(pilot.layout(state))
        else:  # only the panel: the lesson under it is covered
            shim = SimpleNamespace(app=SimpleNamespace(overlay=root, root=root))
            seen["layout"].extend(Pilot.layout(shim, state))  # type: ignore[arg-type]
        seen[f"texts_{state}"] = pilot.texts()
        await pilot.screenshot(out / f"{state}.png")

    lesson = await open_lesson(pilot, "essai-ecrire-adresse")
    await next_step(pilot, lesson)
    await pilot.until(lambda: lesson.steps[lesson.index].id == "ecrire", "type_text step")
    for scale, taps in ((1.0, 0), (2.0, 4)):
        for _ in range(taps):
            await press(pilot, "text:bigger")
        await pilot.until(lambda s=scale: app.theme.text_scale == s, f"text at {scale}")
        await press(pilot, "type:field")
        panel = await pilot.until(lambda: lesson.typing, "keyboard")
        await pilot.frames(2)
        state = f"typing_{round(scale * 100)}"
        label = panel.text_label
        seen[f"{state}_prompt"] = {  # the instruction's own page, first (7-inch screen)
            "stage": panel.stage,
            "text": label.text,
            "shown": label.parent is not None and label.opacity > 0,
            "font_mm": app.theme.to_mm(label.font_size),
        }
        await capture(f"{state}_page", panel)
        seen[f"{state}_page_heard"] = await _speak_and_wait(pilot, speaker, "typing:speak")
        await type_keys(pilot, "zo")  # « Écrire », then the keys
        await capture(state, panel)
        seen[f"{state}_key_mm"] = app.theme.to_mm(min(panel.keyboard.keys["a"].size))
        seen[f"{state}_heard"] = await _speak_and_wait(pilot, speaker, "typing:speak")
        await press(pilot, "typing:cancel")  # the keys → the instruction's own page → the lesson
        if lesson.typing is not None and lesson.typing.stage == "instruction":
            await press(pilot, "typing:cancel")
        await pilot.until(lambda: lesson.typing is None, "panel closed")
    # A wrong resume code at 200 %, then back to 100 % with « A+ » on the message.
    app.go_home()  # a new session: back to 100 %
    await press(pilot, "home:learn")
    await pilot.until(lambda: app.screen("learn").lessons, "lessons listed")
    await press(pilot, "learn:code")
    code = app.screen("lesson_code")
    for _ in range(4):
        await press(pilot, "text:bigger")
    await pilot.until(lambda: app.theme.text_scale == 2.0, "code screen at 200 %")
    for char in "ZZZZZZ":
        await press(pilot, f"code:{char}")
    await capture("code_keys_200")
    await press(pilot, "code:validate")
    await pilot.until(lambda: code.error, "wrong code")
    await capture("code_wrong_200")
    seen["code_heard"] = await _speak_and_wait(pilot, speaker)
    await press(pilot, "text:bigger")  # after 200 %: back to 100 %
    await pilot.until(lambda: app.theme.text_scale == 1.0, "100 %")
    await capture("code_wrong_100")
    seen["code_after"] = [code.typed, code.error]
    app.go_home()
    return seen


def _in_view(button: Any) -> bool:
    """Whether ``button`` is wholly inside the window (not scrolled away)."""
    from kivy.core.window import Window

    x0, y0 = button.to_window(button.x, button.y)
    x1, y1 = button.to_window(button.right, button.top)
    return x0 >= 0 and y0 >= 0 and x1 <= Window.width and y1 <= Window.height


def _walk(widget: Any):
    yield widget
    for child in widget.children:
        yield from _walk(child)


SCENARIOS = {"keyboards": keyboards, "voice": voice}
