"""The dashboard's one stylesheet and one script, served as they are (no build step)."""
