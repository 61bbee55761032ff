"""The hub: the shared help queue, its JSON API, SSE stream and advisor dashboard (`kiosk hub`)."""
