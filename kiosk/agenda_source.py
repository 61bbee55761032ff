"""Old import path of kiosk.content.agenda_source, kept only for kiosk/hub while it is restructured on another
branch; the merge points kiosk/hub at kiosk.content.agenda_source and deletes this file."""

from kiosk.content.agenda_source import agenda_between, upcoming_sessions

__all__ = ["agenda_between", "upcoming_sessions"]
