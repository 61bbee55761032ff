"""What the kiosk does before its first frame, and what a revisit of « Apprendre » costs: the services are
wired without importing the lesson reader or the hub client, and the lessons are parsed again only when a
file of their folder changed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

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
