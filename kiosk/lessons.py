"""Old import path of kiosk.content.lessons, kept only for kiosk/hub while it is restructured on another
branch; the merge points kiosk/hub at kiosk.content.lessons and deletes this file."""

from kiosk.content.lessons import DEFAULT_LESSONS_DIR, load_lessons

__all__ = ["DEFAULT_LESSONS_DIR", "load_lessons"]
