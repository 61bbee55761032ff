"""The kiosk's colours (hex and Kivy RGBA) and WCAG contrast arithmetic; pure Python, no Kivy."""

from __future__ import annotations


def rgba(hex_colour: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    """'#0b3d91' -> (r, g, b, a) floats in 0..1, as Kivy wants them."""
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (r, g, b, alpha)


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b, _ = rgba(hex_colour)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio between two colours (1.0 to 21.0)."""
    a, b = relative_luminance(foreground), relative_luminance(background)
    light, dark = max(a, b), min(a, b)
    return (light + 0.05) / (dark + 0.05)


# Hex values (the single source of truth; tests check every text/background pair below).
HEX = {
    "background": "#ffffff",
    "text": "#1a1a1a",
    "text_muted": "#3a3a3a",
    "primary": "#0b3d91",  # dark blue: primary buttons, pictograms
    "primary_pressed": "#062457",
    "on_primary": "#ffffff",
    "tile": "#e9effa",  # light blue: tiles, topic buttons, keyboard keys
    "tile_pressed": "#b9cbec",
    "tile_border": "#0b3d91",
    "bar": "#0b3d91",  # top bar of every screen
    "success": "#0a5a2c",  # « C'est à vous ! »
    "warning_bg": "#fff1c7",  # hub unreachable, printer failed
    "error_text": "#8a1212",
    "overlay": "#0b3d91",
}

# Every (text, background) pair the UI draws; each must reach 7:1 (WCAG AAA).
TEXT_PAIRS = (
    ("text", "background"),
    ("text_muted", "background"),
    ("text", "tile"),
    ("text", "tile_pressed"),
    ("primary", "tile"),
    ("primary", "background"),
    ("on_primary", "primary"),
    ("on_primary", "primary_pressed"),
    ("on_primary", "bar"),
    ("on_primary", "success"),
    ("text", "warning_bg"),
    ("error_text", "background"),
    ("error_text", "warning_bg"),
    ("on_primary", "overlay"),
)

BACKGROUND = rgba(HEX["background"])
TEXT = rgba(HEX["text"])
TEXT_MUTED = rgba(HEX["text_muted"])
PRIMARY = rgba(HEX["primary"])
PRIMARY_PRESSED = rgba(HEX["primary_pressed"])
ON_PRIMARY = rgba(HEX["on_primary"])
TILE = rgba(HEX["tile"])
TILE_PRESSED = rgba(HEX["tile_pressed"])
TILE_BORDER = rgba(HEX["tile_border"])
BAR = rgba(HEX["bar"])
SUCCESS = rgba(HEX["success"])
WARNING_BG = rgba(HEX["warning_bg"])
ERROR_TEXT = rgba(HEX["error_text"])
OVERLAY = rgba(HEX["overlay"])
