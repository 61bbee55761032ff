"""Reusable touch widgets (big buttons, the AZERTY keyboard, the idle overlay, text blocks)."""
