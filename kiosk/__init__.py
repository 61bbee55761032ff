"""Self-service station for French public libraries (médiathèques)."""

__version__ = "0.1.0"
# The day this version was made: a clock reading earlier is wrong (kiosk.device.clock_watch). Bump on release.
__released__ = "2026-12-01"
