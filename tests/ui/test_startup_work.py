"""What the kiosk does before its first frame, and what a revisit of « Apprendre » costs: the services are
wired without importing the lesson reader or the hub client, no thread imports the agenda, the hub
client or pydantic before the first frame is drawn, and the lessons are parsed again only when a file of
their folder changed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ui_only_config import ui_only_env, write_ui_only_config

from kiosk.content.lessons import DEFAULT_LESSONS_DIR
from kiosk.ui.services import LessonShelf, _lessons_dir

WIRING = """
import sys
from kiosk.config import Config, HubConfig, KioskConfig
from kiosk.ui.services import real_services
config = Config(hub=HubConfig(data_dir=sys.argv[1]), kiosk=KioskConfig(hub_url="http://127.0.0.1:9"))
real_services(config)
HEAVY = ("kiosk.content.lessons", "ruamel.yaml", "kiosk.client.hub_client", "requests", "escpos")
heavy = [m for m in HEAVY if m in sys.modules]
print(",".join(heavy))
"""


def test_wiring_the_services_imports_nothing_the_first_screen_does_not_need(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", WIRING, str(tmp_path)], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == ""
    assert _lessons_dir() == DEFAULT_LESSONS_DIR.resolve()


# The real `kiosk run`, stopped at its first frame (KIOSK_EXIT_AFTER_FIRST_FRAME): which modules any
# thread had imported by then. `print` is wrapped because the kiosk announces that frame with it.
FIRST_FRAME = """
import builtins, sys
HEAVY = ("kiosk.content.agenda_source", "icalendar", "holidays", "kiosk.client.hub_client", "requests",
         "kiosk.client.port", "kiosk.content.lessons", "escpos", "pydantic", "PIL.PngImagePlugin")
shown = builtins.print
def print_(*args, **kwargs):
    if args and str(args[0]).startswith("FIRST_FRAME"):
        shown("HEAVY " + ",".join(m for m in HEAVY if m in sys.modules), flush=True)
    return shown(*args, **kwargs)
builtins.print = print_
from kiosk.cli import main
sys.exit(main(["run", "--windowed", "--config", sys.argv[1]]))
"""


@pytest.mark.ui
def test_no_thread_imports_the_agenda_or_the_hub_client_before_the_first_frame(tmp_path):
    # A worker importing icalendar or requests holds the GIL while the main thread opens the window;
    # pydantic (the lessons' schema, not the config's) was ~100 ms of the start (kiosk/config.py); the
    # hub client's types and the agenda's, 7 ms (kiosk/ui/screen_keeper.py); Pillow decoding the home
    # screen's pictograms, 13 ms (kiosk/ui/widgets/icon_texture.py).
    config = write_ui_only_config(tmp_path)
    env = ui_only_env(tmp_path)
    root = Path(__file__).resolve().parents[2]
    with_xvfb = str(root / "scripts" / "with_xvfb.py")
    done = subprocess.run(
        [sys.executable, with_xvfb, sys.executable, "-c", FIRST_FRAME, str(config)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=root,
    )
    heavy = [line for line in done.stdout.splitlines() if line.startswith("HEAVY ")]
    assert heavy, f"no first frame (exit {done.returncode}):\n{done.stderr[-3000:]}"
    assert heavy[0] == "HEAVY "


def test_lessons_are_parsed_again_only_when_their_folder_changed(tmp_path):
    folder = tmp_path / "lessons"
    shutil.copytree(DEFAULT_LESSONS_DIR, folder)
    shelf = LessonShelf()
    first = shelf.load(folder)
    assert first.lessons
    assert shelf.load(folder) is first
    lesson = next(p for p in sorted(folder.rglob("*.yaml")) if "_schema" not in p.parts)
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    second = shelf.load(folder)
    assert second is not first and len(second.lessons) == len(first.lessons)
    shutil.rmtree(lesson.parent)  # one lesson folder gone
    third = shelf.load(folder)
    assert len(third.lessons) == len(first.lessons) - 1
    assert shelf.load(Path(tmp_path / "nowhere")) is not None
