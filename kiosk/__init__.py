"""Self-service station for French public libraries (médiathèques)."""

__version__ = "0.1.0"
