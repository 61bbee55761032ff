"""Pictures of the « Mon entreprise », « Ma sécurité », « Mes e-mails » and « Mon téléphone » lessons
(26–35): a shop's map listing and page, a turnover declaration, an update, a fake call, a payment to
confirm, mail folders, sharing a photo and a QR code, a tablet.

Each function returns (image, tap zones); these pictures have none. Single-threaded. Every shop, site and
person is fictional (« Exemple »); no real service's logo or screenshot is drawn.
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
    browser,
    canvas,
    card,
    font,
    phone,
    practice_band,
    text_in,
)


def stars(draw, x: int, y: int, count: int, size: int = 22) -> None:
    """``count`` yellow stars out of five, left to right from (x, y)."""
    for n in range(5):
        cx = x + n * (size * 2 + 6)
        points = []
        for k in range(10):
            angle = math.pi / 2 + k * math.pi / 5
            radius = size if k % 2 == 0 else size * 0.45
            points.append((cx + radius * math.cos(angle), y - radius * math.sin(angle)))
        draw.polygon(points, fill=YELLOW if n < count else GREY, outline=INK)


def fiche_commerce() -> Art:
    """A map with a red pin, and the shop's listing: hours, photos, stars."""
    image, draw = canvas()
    draw.rounded_rectangle((20, 20, 440, 580), radius=16, fill=(214, 236, 214), outline=INK, width=3)
    for x in (120, 300):
        draw.line((x, 20, x, 580), fill=WHITE, width=14)
    for y in (180, 420):
        draw.line((20, y, 440, y), fill=WHITE, width=14)
    draw.ellipse((190, 230, 250, 290), fill=RED, outline=INK, width=3)
    draw.polygon([(196, 272), (244, 272), (220, 330)], fill=RED, outline=INK)
    draw.ellipse((208, 248, 232, 272), fill=WHITE)
    card(draw, (470, 20, 940, 580))
    draw.text((495, 50), "Boulangerie Exemple", font=font(32, bold=True), fill=INK)
    stars(draw, 520, 120, 4)
    draw.text((495, 160), "Lundi au samedi : 7 h - 19 h", font=font(26), fill=INK)
    draw.text((495, 200), "Dimanche : fermé", font=font(26), fill=INK)
    for n in range(3):
        x = 495 + n * 145
        draw.rounded_rectangle((x, 260, x + 130, 380), radius=10, fill=LIGHT_BLUE, outline=BLUE, width=3)
        draw.ellipse((x + 30, 290, x + 100, 350), fill=YELLOW, outline=INK, width=2)
    box = (495, 420, 915, 490)
    draw.rounded_rectangle(box, radius=14, fill=BLUE)
    text_in(draw, box, "Modifier la fiche", size=30, bold=True, fill=WHITE)
    practice_band(draw)
    return image, {}


def page_commerce() -> Art:
    """A fictional social network page of the shop: a bread photo and a short post."""
    image, draw = canvas()
    page = browser(draw, (20, 10, 940, 556), "www.reseau-exemple.fr")
    x0, y0, x1, _ = page
    draw.ellipse((x0 + 30, y0 + 20, x0 + 130, y0 + 120), fill=YELLOW, outline=INK, width=3)
    draw.text((x0 + 150, y0 + 40), "Boulangerie Exemple", font=font(34, bold=True), fill=INK)
    draw.text((x0 + 150, y0 + 86), "Page d'un commerce", font=font(26), fill=DARK_GREY)
    card(draw, (x0 + 30, y0 + 150, x1 - 30, y0 + 440))
    draw.rounded_rectangle((x0 + 50, y0 + 170, x0 + 330, y0 + 420), radius=10, fill=LIGHT_BLUE)
    draw.ellipse((x0 + 90, y0 + 240, x0 + 290, y0 + 360), fill=(214, 160, 90), outline=INK, width=3)
    draw.text((x0 + 360, y0 + 200), "Ouvert dimanche matin !", font=font(30, bold=True), fill=INK)
    draw.text((x0 + 360, y0 + 250), "Nouveau : pain aux noix.", font=font(28), fill=INK)
    draw.text((x0 + 360, y0 + 370), "12 j'aime · 3 commentaires", font=font(24), fill=DARK_GREY)
    practice_band(draw)
    return image, {}


def chiffre_affaires() -> Art:
    """A fictional declaration: sales of 1 200 € and the contributions computed below."""
    image, draw = canvas()
    page = browser(draw, (20, 10, 940, 556), "www.micro-entreprise-exemple.fr")
    x0, y0, x1, _ = page
    draw.text((x0 + 40, y0 + 20), "Déclaration de mars", font=font(36, bold=True), fill=INK)
    for n, (label, value) in enumerate((("Ventes", "1 200 €"), ("Services", "0 €"))):
        top = y0 + 90 + n * 100
        draw.text((x0 + 40, top + 40), label, font=font(32, bold=True), fill=INK, anchor="lm")
        box = (x0 + 340, top, x1 - 40, top + 80)
        draw.rounded_rectangle(box, radius=10, fill=WHITE, outline=DARK_GREY, width=3)
        draw.text((box[2] - 20, top + 40), value, font=font(32), fill=INK, anchor="rm")
    box = (x0 + 40, y0 + 320, x1 - 40, y0 + 400)
    draw.rounded_rectangle(box, radius=10, fill=LIGHT_BLUE)
    draw.text(
        (box[0] + 20, y0 + 360), "Cotisations à payer : calculées", font=font(30), fill=INK, anchor="lm"
    )
    practice_band(draw)
    return image, {}


def phone_card(draw, box, lines: tuple[tuple[str, int, bool], ...], button: str | None = None, colour=BLUE):
    """A phone whose display shows ``lines`` (text, size, bold) and optionally one button."""
    x0, y0, x1, y1 = phone(draw, box)
    y = y0 + 50
    for text, size, bold in lines:
        draw.text(((x0 + x1) // 2, y), text, font=font(size, bold=bold), fill=INK, anchor="mm")
        y += size + 24
    if button:
        target = (x0 + 20, y1 - 110, x1 - 20, y1 - 30)
        draw.rounded_rectangle(target, radius=14, fill=colour)
        text_in(draw, target, button, size=30, bold=True, fill=WHITE)


def mise_a_jour() -> Art:
    """A phone says an update is available, with « Installer »; the charger is plugged in."""
    image, draw = canvas()
    phone_card(
        draw,
        (300, 10, 660, 590),
        (
            ("Mise à jour", 34, True),
            ("disponible", 34, True),
            ("Sécurité du", 28, False),
            ("téléphone", 28, False),
        ),
        "Installer",
    )
    draw.rounded_rectangle((700, 420, 860, 520), radius=14, fill=GREY, outline=INK, width=3)
    draw.line((700, 470, 660, 560), fill=INK, width=8)
    text_in(draw, (700, 420, 860, 520), "Chargeur", size=26, bold=True)
    return image, {}


def faux_appel() -> Art:
    """A phone rings with « Service fraude »; a speech bubble asks for the SMS code."""
    image, draw = canvas()
    phone_card(
        draw,
        (40, 10, 400, 590),
        (("Appel entrant", 28, False), ("Service fraude", 32, True)),
        "Raccrocher",
        RED,
    )
    draw.rounded_rectangle((450, 120, 930, 360), radius=30, fill=WHITE, outline=INK, width=4)
    draw.polygon([(450, 260), (400, 300), (470, 300)], fill=WHITE, outline=INK)
    for n, line in enumerate(("« Donnez-moi", "le code reçu", "par SMS. »")):
        draw.text((690, 170 + n * 60), line, font=font(38, bold=True), fill=RED, anchor="mm")
    draw.text((690, 430), "Ne le donnez jamais.", font=font(34, bold=True), fill=INK, anchor="mm")
    return image, {}


def paiement() -> Art:
    """The bank app asks to confirm a 42,90 € payment to a fictional bookshop: Confirmer / Refuser."""
    image, draw = canvas()
    x0, y0, x1, y1 = phone(draw, (300, 10, 660, 590))
    lines = ("Confirmez-vous", "le paiement de", "42,90 €", "à Librairie", "Exemple ?")
    for n, line in enumerate(lines):
        draw.text(((x0 + x1) // 2, y0 + 40 + n * 48), line, font=font(30, bold=n == 2), fill=INK, anchor="mm")
    for n, (label, colour) in enumerate((("Confirmer", GREEN), ("Refuser", RED))):
        box = (x0 + 20, y1 - 190 + n * 90, x1 - 20, y1 - 115 + n * 90)
        draw.rounded_rectangle(box, radius=14, fill=colour)
        text_in(draw, box, label, size=30, bold=True, fill=WHITE)
    practice_band(draw)
    return image, {}


def folder_list(draw, box, names: tuple[str, ...]) -> None:
    """A grey column of mail folders, the first one selected."""
    x0, y0, x1, y1 = box
    draw.rectangle((x0, y0, x1, y1), fill=GREY)
    for n, name in enumerate(names):
        top = y0 + 26 + n * 90
        if n == 0:
            draw.rounded_rectangle((x0 + 10, top - 10, x1 - 10, top + 64), radius=10, fill=LIGHT_BLUE)
        draw.rectangle((x0 + 24, top + 12, x0 + 64, top + 42), fill=YELLOW, outline=INK, width=2)
        draw.text((x0 + 80, top + 27), name, font=font(28, bold=n == 0), fill=INK, anchor="lm")


def dossiers_mail() -> Art:
    """A fictional mailbox: the folders on the left, messages on the right."""
    image, draw = canvas()
    draw.rounded_rectangle((20, 10, 940, 556), radius=16, fill=WHITE, outline=INK, width=4)
    folder_list(draw, (24, 14, 330, 552), ("Réception", "Envoyés", "Indésirables", "Corbeille", "Démarches"))
    for n, (who, subject) in enumerate(
        (
            ("Mairie Exemple", "Votre rendez-vous"),
            ("Médiathèque", "Livre disponible"),
            ("Lucie", "Photos du week-end"),
        )
    ):
        top = 40 + n * 120
        draw.rounded_rectangle((360, top, 910, top + 100), radius=10, fill=GREY)
        draw.text((380, top + 30), who, font=font(28, bold=True), fill=INK, anchor="lm")
        draw.text((380, top + 70), subject, font=font(26), fill=INK, anchor="lm")
    practice_band(draw)
    return image, {}


def photo_qr() -> Art:
    """Left: a photo with « Partager ». Right: a phone reads a QR code and shows its address."""
    image, draw = canvas()
    x0, y0, x1, y1 = phone(draw, (60, 10, 400, 590))
    draw.rounded_rectangle((x0 + 20, y0 + 30, x1 - 20, y0 + 260), radius=10, fill=LIGHT_BLUE)
    draw.ellipse((x0 + 80, y0 + 80, x1 - 80, y0 + 220), fill=(214, 160, 90), outline=INK, width=3)
    box = (x0 + 20, y1 - 110, x1 - 20, y1 - 30)
    draw.rounded_rectangle(box, radius=14, fill=BLUE)
    text_in(draw, box, "Partager", size=30, bold=True, fill=WHITE)
    x0, y0, x1, y1 = phone(draw, (560, 10, 900, 590))
    size, left, top = 15, x0 + 50, y0 + 30
    pattern = ("1110111", "1010001", "1110101", "0001010", "1101111", "1000101", "1110111")
    for r, row in enumerate(pattern):
        for c, cell in enumerate(row):
            if cell == "1":
                draw.rectangle(
                    (
                        left + c * size * 2,
                        top + r * size * 2,
                        left + (c + 1) * size * 2 - 2,
                        top + (r + 1) * size * 2 - 2,
                    ),
                    fill=INK,
                )
    draw.text(((x0 + x1) // 2, y0 + 270), "mediatheque-", font=font(26, bold=True), fill=INK, anchor="mm")
    draw.text(((x0 + x1) // 2, y0 + 305), "exemple.fr", font=font(26, bold=True), fill=INK, anchor="mm")
    box = (x0 + 20, y1 - 110, x1 - 20, y1 - 30)
    draw.rounded_rectangle(box, radius=14, fill=GREEN)
    text_in(draw, box, "Ouvrir", size=30, bold=True, fill=WHITE)
    return image, {}


def tablette() -> Art:
    """A tablet lying wide: power and volume buttons on its edge, battery and Wi-Fi, app tiles."""
    image, draw = canvas()
    draw.rounded_rectangle((80, 60, 880, 560), radius=40, fill=INK)
    draw.rounded_rectangle((120, 100, 840, 520), radius=10, fill=WHITE)
    for n, label in enumerate(("Marche", "Son +", "Son -")):
        x = 220 + n * 170
        draw.rounded_rectangle((x, 40, x + 110, 62), radius=8, fill=DARK_GREY)
        draw.text((x + 55, 24), label, font=font(24, bold=True), fill=INK, anchor="mm")
    draw.text((820, 130), "Batterie 80 %", font=font(26, bold=True), fill=GREEN, anchor="rm")
    draw.text((140, 130), "Wi-Fi", font=font(26, bold=True), fill=BLUE, anchor="lm")
    for n, label in enumerate(("Réglages", "Contacts", "Photos", "Appel vidéo")):
        x = 160 + n * 170
        draw.rounded_rectangle((x, 230, x + 130, 360), radius=24, fill=LIGHT_BLUE, outline=BLUE, width=3)
        draw.text((x + 65, 400), label, font=font(24, bold=True), fill=INK, anchor="mm")
    return image, {}
