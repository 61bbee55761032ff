"""Old import path of kiosk.client.hub_client, kept only for tests/hub while kiosk/hub is restructured on
another branch; the merge points tests/hub at kiosk.client and deletes this file."""

from kiosk.client.hub_client import HubClient

__all__ = ["HubClient"]
