"""Pictures of the « Premiers pas » and « Smartphone » lessons: kiosk screen, keyboard, phone, store.

Each function returns (image, tap zones); zones are computed from the drawing itself. Single-threaded.
"""

from __future__ import annotations

import math

from art import (
    BLUE,
    DARK_GREY,
    GREEN,
    GREY,
    INK,
    LIGHT_BLUE,
    RED,
    WHITE,
    YELLOW,
    Art,
    Box,
    canvas,
    font,
    hand,
    phone,
    rect,
    ripples,
    screen,
    text_in,
)

# -- lesson 01: the touchscreen ---------------------------------------------------------------------


def toucher() -> Art:
    image, draw = canvas()
    screen(draw, (120, 50, 840, 470))
    draw.text((480, 140), "Bienvenue", font=font(48, bold=True), fill=INK, anchor="mm")
    draw.rounded_rectangle((280, 210, 680, 400), radius=18, fill=BLUE)
    draw.text((480, 258), "Commencer", font=font(44, bold=True), fill=WHITE, anchor="mm")
    ripples(draw, (480, 340))
    hand(image, (480, 340), angle=14)
    return image, {}


def attendre() -> Art:
    image, draw = canvas()
    screen(draw, (120, 50, 840, 550))
    centre, radius = (480, 260), 90
    for i in range(12):
        angle = math.tau * i / 12
        x, y = centre[0] + radius * math.sin(angle), centre[1] - radius * math.cos(angle)
        shade = int(230 - 190 * (i / 11))
        draw.ellipse((x - 18, y - 18, x + 18, y + 18), fill=(shade, shade, min(255, shade + 30)))
    draw.text((480, 440), "Un instant…", font=font(52, bold=True), fill=INK, anchor="mm")
    return image, {}


def retour() -> Art:
    image, draw = canvas()
    screen(draw, (120, 50, 840, 550))
    draw.rectangle((142, 72, 818, 190), fill=LIGHT_BLUE)
    draw.rounded_rectangle((160, 86, 400, 176), radius=18, fill=BLUE, outline=YELLOW, width=8)
    draw.polygon([(190, 131), (226, 103), (226, 159)], fill=WHITE)
    draw.rectangle((222, 121, 250, 141), fill=WHITE)
    draw.text((266, 131), "Retour", font=font(40, bold=True), fill=WHITE, anchor="lm")
    for y in (250, 320, 390):
        draw.rounded_rectangle((200, y, 760, y + 40), radius=12, fill=GREY)
    hand(image, (300, 150), angle=8, scale=0.9)
    return image, {}


def aide() -> Art:
    image, draw = canvas()
    screen(draw, (60, 50, 640, 550))
    draw.rounded_rectangle((110, 190, 590, 410), radius=18, fill=GREEN)
    draw.text((350, 240), "Demander de l'aide", font=font(42, bold=True), fill=WHITE, anchor="mm")
    ripples(draw, (350, 340))
    hand(image, (350, 340), angle=12, scale=0.85)
    # A printed ticket beside the screen.
    draw.polygon(
        [
            (700, 90),
            (900, 90),
            (900, 470),
            (880, 490),
            (860, 470),
            (840, 490),
            (820, 470),
            (800, 490),
            (780, 470),
            (760, 490),
            (740, 470),
            (720, 490),
            (700, 470),
        ],
        fill=WHITE,
        outline=INK,
    )
    draw.text((800, 140), "Votre numéro", font=font(26), fill=INK, anchor="mm")
    draw.text((800, 240), "P07", font=font(96, bold=True), fill=INK, anchor="mm")
    for y in (330, 370, 410):
        draw.line((725, y, 875, y), fill=DARK_GREY, width=6)
    return image, {}


def boutons_borne() -> Art:
    """The kiosk's lesson screen: « Retour » top left, « Aide » top right, « Suivant » bottom right."""
    image, draw = canvas()
    screen(draw, (60, 30, 900, 570))
    draw.rectangle((82, 52, 878, 150), fill=LIGHT_BLUE)
    keys: dict[str, Box] = {
        "retour": (100, 64, 330, 138),
        "aide": (560, 64, 860, 138),
        "suivant": (600, 440, 860, 530),
    }
    draw.rounded_rectangle(keys["retour"], radius=16, fill=WHITE, outline=BLUE, width=5)
    draw.polygon([(124, 101), (152, 79), (152, 123)], fill=BLUE)
    draw.text((166, 101), "Retour", font=font(36, bold=True), fill=BLUE, anchor="lm")
    draw.rounded_rectangle(keys["aide"], radius=16, fill=GREEN)
    text_in(draw, keys["aide"], "Demander de l'aide", size=30, bold=True, fill=WHITE)
    draw.text((110, 200), "Leçon : l'écran tactile", font=font(38, bold=True), fill=INK)
    for y in (280, 330, 380):
        draw.rounded_rectangle((110, y, 700, y + 26), radius=10, fill=GREY)
    draw.rounded_rectangle(keys["suivant"], radius=16, fill=BLUE)
    text_in(draw, keys["suivant"], "Suivant", size=40, bold=True, fill=WHITE)
    return image, {name: rect(box, pad=8) for name, box in keys.items()}


# -- lesson 02: the on-screen keyboard ----------------------------------------------------------------

# The kiosk's own AZERTY rows (kiosk/ui/widgets/keyboard.py), with the labels it shows.
LETTER_ROWS = (
    tuple("azertyuiop"),
    tuple("qsdfghjklm"),
    ("Maj", *"wxcvbn'-"),
    tuple("éèêëàâçîïô"),
    ("û", "ù", "œ", "123", "Espace", "Effacer"),
)
DIGIT_ROWS = (tuple("1234567890"), ("@", ".", "_", ",", ":", "/", "+", "#", "(", ")"))
WEIGHTS = {"Maj": 1.6, "123": 1.6, "abc": 1.6, "Espace": 3.0, "Effacer": 2.6}


def keyboard(draw, top: int, rows, *, typed: str, marked: str = "") -> dict[str, Box]:
    """The kiosk keyboard under a typing field; returns the box of every key by its label."""
    draw.rounded_rectangle((20, top, 940, top + 70), radius=6, fill=WHITE, outline=INK, width=4)
    draw.text((40, top + 35), typed, font=font(40, bold=True), fill=INK, anchor="lm")
    keys: dict[str, Box] = {}
    gap, height = 10, 78
    y = top + 90
    for row in rows:
        total = sum(WEIGHTS.get(k, 1.0) for k in row)
        unit = (920 - gap * (len(row) - 1)) / total
        x = 20.0
        for key in row:
            width = unit * WEIGHTS.get(key, 1.0)
            box = (round(x), y, round(x + width), y + height)
            special = key in WEIGHTS
            colour = YELLOW if key == marked else LIGHT_BLUE
            draw.rounded_rectangle(box, radius=10, fill=colour, outline=BLUE, width=4)
            text_in(draw, box, key, size=30 if special else 36, bold=not special)
            keys[key] = box
            x += width + gap
        y += height + gap
    return keys


def clavier() -> Art:
    """The letters keyboard, as on the kiosk; zones on the special keys."""
    image, draw = canvas()
    keys = keyboard(draw, 20, LETTER_ROWS, typed="Bonjour")
    zones = {
        "maj": keys["Maj"],
        "chiffres": keys["123"],
        "espace": keys["Espace"],
        "effacer": keys["Effacer"],
    }
    return image, {name: rect(box, pad=4) for name, box in zones.items()}


def clavier_123() -> Art:
    """The « 123 » keyboard: digits and the signs of an e-mail address, the @ key highlighted."""
    image, draw = canvas()
    rows = (*DIGIT_ROWS, *LETTER_ROWS[2:4], ("û", "ù", "œ", "abc", "Espace", "Effacer"))
    keys = keyboard(draw, 20, rows, typed="camille@", marked="@")
    x0, y0, x1, y1 = keys["@"]
    draw.rounded_rectangle((x0 - 8, y0 - 8, x1 + 8, y1 + 8), radius=14, outline=RED, width=6)
    return image, {}


# -- lesson 03: the smartphone ---------------------------------------------------------------------------


def telephone_boutons() -> Art:
    """A phone seen from the front, its side buttons named."""
    image, draw = canvas()
    body = (330, 30, 630, 570)
    for box in ((630, 130, 648, 230), (630, 250, 648, 350)):  # volume + and -
        draw.rounded_rectangle(box, radius=6, fill=INK)
    draw.rounded_rectangle((312, 160, 330, 260), radius=6, fill=INK)  # power
    display = phone(draw, body)
    x0, y0, x1, y1 = display
    draw.text(((x0 + x1) // 2, y0 + 90), "10:30", font=font(64, bold=True), fill=INK, anchor="mm")
    draw.text(((x0 + x1) // 2, y0 + 150), "lundi 3 mars", font=font(28), fill=DARK_GREY, anchor="mm")
    labels = (
        ((648, 180), (700, 180), "Volume +", "lm"),
        ((648, 300), (700, 300), "Volume −", "lm"),
        ((312, 210), (260, 210), "Marche / arrêt", "rm"),
    )
    for start, end, label, anchor in labels:
        draw.line((start, end), fill=RED, width=5)
        draw.text(
            (end[0] + (10 if anchor == "lm" else -10), end[1]),
            label,
            font=font(36, bold=True),
            fill=INK,
            anchor=anchor,
        )
    return image, {}


APPS = (
    ("Téléphone", GREEN),
    ("Messages", BLUE),
    ("Photos", YELLOW),
    ("Appareil photo", DARK_GREY),
    ("Réglages", (120, 120, 128)),
    ("Boutique", (120, 60, 160)),
)


def app_icon(draw, box: Box, name: str, colour) -> None:
    """A square app icon with a simple symbol and its name below."""
    x0, y0, x1, y1 = box
    draw.rounded_rectangle(box, radius=22, fill=colour)
    cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
    if name == "Réglages":  # a cog
        for i in range(8):
            a = math.tau * i / 8
            draw.line((cx, cy, cx + 34 * math.cos(a), cy + 34 * math.sin(a)), fill=WHITE, width=14)
        draw.ellipse((cx - 24, cy - 24, cx + 24, cy + 24), fill=WHITE)
        draw.ellipse((cx - 10, cy - 10, cx + 10, cy + 10), fill=colour)
    elif name == "Téléphone":
        draw.arc((cx - 30, cy - 30, cx + 30, cy + 30), start=100, end=260, fill=WHITE, width=16)
    elif name == "Messages":
        draw.rounded_rectangle((cx - 32, cy - 24, cx + 32, cy + 18), radius=12, fill=WHITE)
        draw.polygon([(cx - 16, cy + 14), (cx - 24, cy + 32), (cx, cy + 14)], fill=WHITE)
    elif name == "Photos":
        draw.polygon([(cx - 34, cy + 26), (cx - 8, cy - 14), (cx + 14, cy + 26)], fill=WHITE)
        draw.polygon([(cx, cy + 26), (cx + 18, cy - 2), (cx + 36, cy + 26)], fill=INK)
        draw.ellipse((cx + 8, cy - 34, cx + 28, cy - 14), fill=WHITE)
    elif name == "Appareil photo":
        draw.rounded_rectangle((cx - 36, cy - 20, cx + 36, cy + 28), radius=8, fill=WHITE)
        draw.ellipse((cx - 16, cy - 12, cx + 16, cy + 20), fill=colour)
    else:  # the store: a shopping bag
        draw.rounded_rectangle((cx - 30, cy - 14, cx + 30, cy + 32), radius=6, fill=WHITE)
        draw.arc((cx - 16, cy - 36, cx + 16, cy - 4), start=180, end=360, fill=WHITE, width=7)
    draw.text((cx, y1 + 22), name, font=font(26, bold=True), fill=INK, anchor="mm")


def accueil_telephone() -> Art:
    """A phone's home screen with six apps (no real brand), in two columns so that every name fits."""
    image, draw = canvas()
    display = phone(draw, (230, 5, 730, 595))
    x0, y0, x1, _ = display
    ids = {
        "Téléphone": "telephone",
        "Messages": "messages",
        "Photos": "photos",
        "Appareil photo": "appareil-photo",
        "Réglages": "reglages",
        "Boutique": "boutique",
    }
    zones: dict[str, Box] = {}
    size, column = 100, (x1 - x0) // 2
    for index, (name, colour) in enumerate(APPS):
        row, col = divmod(index, 2)
        left = x0 + col * column + (column - size) // 2
        top = y0 + 24 + row * 145
        app_icon(draw, (left, top, left + size, top + size), name, colour)
        zones[ids[name]] = (left - 30, top - 8, left + size + 30, top + size + 42)
    return image, {name: rect(box) for name, box in zones.items()}


# -- lesson 04: installing an app ----------------------------------------------------------------------


def stars(draw, left: int, y: int, count: int) -> None:
    for i in range(5):
        cx = left + i * 34
        points = [
            (
                cx + 14 * math.sin(math.tau * k / 10) * (1 if k % 2 == 0 else 0.45),
                y - 14 * math.cos(math.tau * k / 10) * (1 if k % 2 == 0 else 0.45),
            )
            for k in range(10)
        ]
        draw.polygon(points, fill=YELLOW if i < count else GREY, outline=DARK_GREY)


def boutique() -> Art:
    """The store page of a fictional app: the real « Installer » button, and an advert that imitates it."""
    image, draw = canvas()
    display = phone(draw, (250, 10, 710, 590))
    x0, y0, x1, y1 = display
    draw.rounded_rectangle((x0 + 20, y0 + 20, x0 + 120, y0 + 120), radius=22, fill=BLUE)
    draw.ellipse((x0 + 46, y0 + 40, x0 + 96, y0 + 90), fill=YELLOW)
    draw.text((x0 + 140, y0 + 40), "Météo Facile", font=font(34, bold=True), fill=INK)
    draw.text((x0 + 140, y0 + 84), "Éditeur : Météo Facile", font=font(22), fill=DARK_GREY)
    stars(draw, x0 + 40, y0 + 150, 4)
    draw.text((x0 + 210, y0 + 150), "1 million · Gratuit", font=font(24), fill=INK, anchor="lm")
    keys: dict[str, Box] = {"installer": (x0 + 20, y0 + 180, x1 - 20, y0 + 255)}
    draw.rounded_rectangle(keys["installer"], radius=14, fill=GREEN)
    text_in(draw, keys["installer"], "Installer", size=38, bold=True, fill=WHITE)
    # An advert below, flashy, which imitates a download button.
    advert = (x0 + 10, y0 + 280, x1 - 10, y1 - 10)
    draw.rectangle(advert, fill=(255, 236, 160), outline=RED, width=4)
    draw.text((advert[0] + 10, advert[1] + 8), "Annonce", font=font(20, bold=True), fill=DARK_GREY)
    draw.text(
        ((advert[0] + advert[2]) // 2, advert[1] + 50),
        "VOTRE TÉLÉPHONE EST LENT !",
        font=font(24, bold=True),
        fill=RED,
        anchor="mm",
    )
    fake = (advert[0] + 30, advert[1] + 85, advert[2] - 30, advert[1] + 155)
    draw.rounded_rectangle(fake, radius=14, fill=RED)
    text_in(draw, fake, "TÉLÉCHARGER", size=32, bold=True, fill=WHITE)
    keys["annonce"] = advert
    return image, {name: rect(box, pad=4) for name, box in keys.items()}
