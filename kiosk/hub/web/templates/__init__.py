"""Jinja2 templates of the advisor dashboard (French)."""
