"""Old import path of kiosk.client.outbox, kept only for tests/hub while kiosk/hub is restructured on
another branch; the merge points tests/hub at kiosk.client and deletes this file."""

from kiosk.client.outbox import Outbox

__all__ = ["Outbox"]
