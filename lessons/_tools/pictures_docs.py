"""Pictures of the « Documents » and « Démarches » lessons: codes, folders, letter, printer, forms, CV.

Each function returns (image, tap zones); zones are computed from the drawing itself. Single-threaded.
The « portail » and its identity (Camille Exemple) are fictional; no real logo is drawn.
"""

from __future__ import annotations

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
    browser,
    canvas,
    card,
    font,
    numbered_mark,
    phone,
    practice_band,
    rect,
    screen,
    text_in,
)

# -- lesson 13: two-step verification --------------------------------------------------------------


def double_verification() -> Art:
    """A site asks for a code; the phone receives it by SMS, with « ne le donnez à personne »."""
    image, draw = canvas()
    screen(draw, (20, 60, 540, 460))
    draw.text((280, 150), "Entrez le code", font=font(38, bold=True), fill=INK, anchor="mm")
    draw.text((280, 200), "reçu par SMS", font=font(32), fill=INK, anchor="mm")
    for index in range(6):
        x = 90 + index * 66
        draw.rounded_rectangle((x, 250, x + 54, 320), radius=8, fill=WHITE, outline=BLUE, width=4)
    draw.rounded_rectangle((140, 350, 420, 420), radius=14, fill=BLUE)
    text_in(draw, (140, 350, 420, 420), "Valider", size=32, bold=True, fill=WHITE)
    display = phone(draw, (600, 20, 930, 580))
    x0, y0, x1, _ = display
    draw.rounded_rectangle((x0 + 12, y0 + 40, x1 - 12, y0 + 300), radius=18, fill=GREY)
    lines = (("Votre code :", False), ("482 913", True), ("Ne le donnez", False), ("à personne.", False))
    for index, (line, bold) in enumerate(lines):
        draw.text(
            ((x0 + x1) // 2, y0 + 80 + index * 56),
            line,
            font=font(44 if bold else 28, bold=True),
            fill=RED if not bold else INK,
            anchor="mm",
        )
    draw.line((545, 285, 610, 285), fill=DARK_GREY, width=5)
    draw.polygon([(545, 285), (565, 272), (565, 298)], fill=DARK_GREY)
    return image, {}


# -- lesson 14: files and photos -------------------------------------------------------------------

FOLDERS = (
    ("documents", "Documents"),
    ("photos", "Photos"),
    ("telechargements", "Téléchargements"),
    ("musique", "Musique"),
)


def folder_icon(draw, box: Box, colour=YELLOW) -> None:
    x0, y0, x1, y1 = box
    draw.rounded_rectangle(
        (x0, y0, x0 + (x1 - x0) // 2, y0 + 30), radius=8, fill=colour, outline=INK, width=3
    )
    draw.rounded_rectangle((x0, y0 + 18, x1, y1), radius=10, fill=colour, outline=INK, width=3)


def fichiers() -> Art:
    """A file manager showing four folders."""
    image, draw = canvas()
    draw.rounded_rectangle((30, 20, 930, 580), radius=16, fill=WHITE, outline=INK, width=4)
    draw.rounded_rectangle((32, 22, 928, 96), radius=14, fill=GREY)
    draw.text((60, 59), "Mes fichiers", font=font(34, bold=True), fill=INK, anchor="lm")
    zones: dict[str, Box] = {}
    for index, (key, label) in enumerate(FOLDERS):
        row, col = divmod(index, 2)
        left, top = 150 + col * 430, 130 + row * 220
        folder_icon(draw, (left, top, left + 150, top + 120))
        draw.text((left + 75, top + 160), label, font=font(32, bold=True), fill=INK, anchor="mm")
        zones[key] = (left - 110, top - 10, left + 260, top + 190)
    return image, {key: rect(box) for key, box in zones.items()}


# -- lesson 15: a letter ---------------------------------------------------------------------------

LETTER_PARTS = (
    (1, "Vos nom et adresse"),
    (2, "Le destinataire"),
    (3, "Le lieu et la date"),
    (4, "L'objet"),
    (5, "Le texte"),
    (6, "La signature"),
)


def lettre() -> Art:
    """A letter on a sheet, its six parts numbered and named beside it."""
    image, draw = canvas()
    sheet = (40, 10, 460, 590)
    card(draw, sheet)
    grey = lambda box: draw.rounded_rectangle(box, radius=6, fill=GREY)  # noqa: E731
    marks = {}
    for y in (40, 62, 84):
        grey((70, y, 220, y + 14))
    marks[1] = (250, 62)
    for y in (120, 142, 164):
        grey((290, y, 430, y + 14))
    marks[2] = (262, 142)
    grey((290, 200, 430, 214))
    marks[3] = (262, 207)
    draw.rounded_rectangle((70, 240, 300, 258), radius=6, fill=DARK_GREY)
    marks[4] = (330, 249)
    for y in range(290, 450, 26):
        grey((70, y, 430 if y < 420 else 300, y + 14))
    marks[5] = (440, 360)
    draw.line([(300, 520), (330, 500), (350, 530), (380, 505), (410, 525)], fill=BLUE, width=4)
    marks[6] = (270, 515)
    for number, centre in marks.items():
        numbered_mark(draw, centre, number)
    for index, (number, label) in enumerate(LETTER_PARTS):
        y = 70 + index * 86
        numbered_mark(draw, (530, y), number)
        draw.text((570, y), label, font=font(32, bold=True), fill=INK, anchor="lm")
    return image, {}


TOOLS = (
    ("gras", "G", "Gras"),
    ("souligner", "S", "Souligner"),
    ("enregistrer", "", "Enregistrer"),
    ("imprimer", "", "Imprimer"),
)


def barre_outils() -> Art:
    """A word processor's toolbar above a blank page: Bold, Italic, Save, Print, each with its name."""
    image, draw = canvas()
    draw.rounded_rectangle((20, 20, 940, 580), radius=14, fill=GREY, outline=INK, width=4)
    zones: dict[str, Box] = {}
    for index, (key, letter, label) in enumerate(TOOLS):
        left = 50 + index * 220
        box = (left, 44, left + 200, 214)
        draw.rounded_rectangle(box, radius=14, fill=WHITE, outline=BLUE, width=4)
        cx, cy = left + 100, 110
        if key == "enregistrer":  # a floppy disk, the usual sign
            draw.polygon(
                [
                    (cx - 36, cy - 36),
                    (cx + 24, cy - 36),
                    (cx + 36, cy - 24),
                    (cx + 36, cy + 36),
                    (cx - 36, cy + 36),
                ],
                fill=BLUE,
            )
            draw.rectangle((cx - 18, cy - 36, cx + 16, cy - 14), fill=WHITE)
            draw.rectangle((cx + 4, cy - 32, cx + 12, cy - 18), fill=BLUE)
            draw.rectangle((cx - 26, cy + 2, cx + 26, cy + 30), fill=WHITE)
        elif key == "imprimer":
            draw.rectangle((cx - 24, cy - 40, cx + 24, cy - 10), fill=WHITE, outline=INK, width=3)
            draw.rounded_rectangle((cx - 42, cy - 14, cx + 42, cy + 22), radius=8, fill=DARK_GREY)
            draw.rectangle((cx - 24, cy + 10, cx + 24, cy + 40), fill=WHITE, outline=INK, width=3)
        else:
            style = font(64, bold=key == "gras")
            draw.text((cx, cy), letter, font=style, fill=INK, anchor="mm")
            if key == "souligner":
                draw.line((cx - 24, cy + 40, cx + 24, cy + 40), fill=INK, width=5)
        draw.text((cx, 182), label, font=font(28, bold=True), fill=INK, anchor="mm")
        zones[key] = box
    draw.rectangle((160, 240, 800, 580), fill=WHITE)
    draw.text((210, 290), "Madame, Monsieur,", font=font(32), fill=INK)
    for y in (360, 400, 440):
        draw.rounded_rectangle((210, y, 740, y + 16), radius=6, fill=GREY)
    return image, {key: rect(box, pad=4) for key, box in zones.items()}


# -- lesson 16: printing and scanning --------------------------------------------------------------


def imprimante() -> Art:
    """A multifunction printer, lid open: the glass to scan, the screen and its button, the paper out."""
    image, draw = canvas()
    zones: dict[str, Box] = {}
    draw.polygon([(200, 40), (760, 40), (800, 170), (160, 170)], fill=DARK_GREY)  # the lid, open
    zones["vitre"] = (210, 180, 750, 250)
    draw.rectangle((150, 170, 810, 260), fill=INK)
    draw.rectangle(zones["vitre"], fill=(150, 200, 235))
    draw.text((480, 215), "Vitre", font=font(30, bold=True), fill=INK, anchor="mm")
    draw.rounded_rectangle((120, 260, 840, 500), radius=20, fill=GREY, outline=INK, width=4)
    zones["ecran"] = (610, 290, 810, 400)
    draw.rounded_rectangle(zones["ecran"], radius=10, fill=WHITE, outline=INK, width=3)
    draw.text((710, 320), "Copies : 1", font=font(24), fill=INK, anchor="mm")
    start = (660, 345, 760, 390)
    draw.rounded_rectangle(start, radius=10, fill=GREEN)
    text_in(draw, start, "OK", size=26, bold=True, fill=WHITE)
    zones["sortie"] = (170, 400, 560, 480)
    draw.rectangle(zones["sortie"], fill=INK)
    draw.rectangle((220, 380, 510, 440), fill=WHITE, outline=DARK_GREY, width=2)
    draw.rectangle((160, 500, 800, 540), fill=DARK_GREY)
    draw.text((365, 300), "Sortie du papier", font=font(28, bold=True), fill=INK, anchor="mm")
    draw.line((365, 320, 365, 370), fill=INK, width=4)
    draw.polygon([(365, 378), (355, 362), (375, 362)], fill=INK)
    return image, {key: rect(box, pad=8) for key, box in zones.items()}


# -- lesson 17: an online form ---------------------------------------------------------------------


def formulaire_erreur() -> Art:
    """A fake form after « Valider »: the date field in red with the site's message under it."""
    image, draw = canvas()
    page = browser(draw, (20, 10, 940, 556), "www.demarches-exemple.fr")
    x0, y0, x1, _ = page
    zones: dict[str, Box] = {}
    fields = (
        ("nom", "Nom *", "Exemple", None),
        ("date", "Date de naissance *", "3 mars 1950", "Format attendu : JJ/MM/AAAA"),
        ("ville", "Ville *", "Thionville", None),
    )
    top = y0 + 14
    for key, label, value, error in fields:
        draw.text((x0 + 40, top), label, font=font(28, bold=True), fill=INK)
        box = (x0 + 40, top + 38, x1 - 300, top + 96)
        draw.rounded_rectangle(
            box, radius=8, fill=WHITE, outline=RED if error else DARK_GREY, width=5 if error else 3
        )
        draw.text((box[0] + 16, (box[1] + box[3]) // 2), value, font=font(28), fill=INK, anchor="lm")
        zones[key] = (box[0], top, box[2], box[3])
        top = box[3] + 10
        if error:
            draw.text((x0 + 40, top), error, font=font(26, bold=True), fill=RED)
            zones[key] = (box[0], zones[key][1], box[2], top + 34)
            top += 44
        top += 10
    return_box = (x1 - 260, y0 + 60, x1 - 40, y0 + 140)
    draw.rounded_rectangle(return_box, radius=14, fill=BLUE)
    text_in(draw, return_box, "Valider", size=34, bold=True, fill=WHITE)
    zones["valider"] = return_box
    practice_band(draw)
    return image, {key: rect(box, pad=6) for key, box in zones.items()}


# -- lesson 18: FranceConnect ----------------------------------------------------------------------


def portail() -> Art:
    """The fictional « Portail des démarches »: the FranceConnect button, or an account of its own."""
    image, draw = canvas()
    page = browser(draw, (20, 10, 940, 556), "www.portail-exemple.gouv.fr")
    x0, y0, x1, _ = page
    draw.text((x0 + 40, y0 + 40), "Portail des démarches", font=font(38, bold=True), fill=INK, anchor="lm")
    zones: dict[str, Box] = {}
    zones["franceconnect"] = (x0 + 40, y0 + 90, x0 + 440, y0 + 190)
    draw.rounded_rectangle(zones["franceconnect"], radius=10, fill=BLUE)
    text_in(draw, (x0 + 40, y0 + 90, x0 + 440, y0 + 140), "S'identifier avec", size=28, fill=WHITE)
    text_in(draw, (x0 + 40, y0 + 134, x0 + 440, y0 + 180), "FranceConnect", size=36, bold=True, fill=WHITE)
    draw.text((x0 + 40, y0 + 230), "ou", font=font(28), fill=DARK_GREY, anchor="lm")
    zones["identifiant"] = (x0 + 40, y0 + 270, x0 + 440, y0 + 330)
    draw.rounded_rectangle(zones["identifiant"], radius=8, fill=WHITE, outline=DARK_GREY, width=3)
    draw.text((x0 + 56, y0 + 300), "Identifiant du portail", font=font(26), fill=DARK_GREY, anchor="lm")
    zones["creer"] = (x0 + 40, y0 + 350, x0 + 440, y0 + 410)
    draw.rounded_rectangle(zones["creer"], radius=10, fill=WHITE, outline=BLUE, width=3)
    text_in(draw, zones["creer"], "Créer un compte", size=28, bold=True, fill=BLUE)
    draw.rounded_rectangle((x0 + 500, y0 + 90, x1 - 40, y0 + 410), radius=14, fill=LIGHT_BLUE)
    for index, line in enumerate(("Un seul compte", "pour beaucoup", "de sites publics.")):
        draw.text((x0 + 530, y0 + 150 + index * 50), line, font=font(30, bold=True), fill=INK, anchor="lm")
    practice_band(draw)
    return image, {key: rect(box, pad=6) for key, box in zones.items()}


# -- lesson 19: a CV -------------------------------------------------------------------------------

CV_PARTS = (
    (1, "Nom et contact"),
    (2, "Le poste voulu"),
    (3, "Expériences"),
    (4, "Formations"),
    (5, "Compétences"),
)


def cv() -> Art:
    """A CV on one page, its five parts numbered and named beside it."""
    image, draw = canvas()
    card(draw, (40, 10, 460, 590))
    draw.text((70, 40), "Camille Exemple", font=font(32, bold=True), fill=INK)
    draw.rounded_rectangle((70, 86, 300, 100), radius=6, fill=GREY)
    draw.rounded_rectangle((70, 140, 380, 162), radius=6, fill=BLUE)
    blocks = {1: (40 + 8, 66), 2: (40 + 8, 151)}
    for number, top in ((3, 200), (4, 330), (5, 450)):
        draw.rounded_rectangle((70, top, 240, top + 20), radius=6, fill=DARK_GREY)
        for y in range(top + 36, top + 100, 26):
            draw.rounded_rectangle((90, y, 420, y + 12), radius=5, fill=GREY)
        blocks[number] = (48, top + 10)
    for number, (x, y) in blocks.items():
        numbered_mark(draw, (x + 390, y), number)
    for index, (number, label) in enumerate(CV_PARTS):
        y = 90 + index * 100
        numbered_mark(draw, (530, y), number)
        draw.text((570, y), label, font=font(34, bold=True), fill=INK, anchor="lm")
    return image, {}
