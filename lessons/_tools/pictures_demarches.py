"""Pictures of the « Mes démarches » lessons (20–25): a health account, a quarterly declaration, a
pre-filled tax return, a job-seeker's monthly question, the official titles site, a booking page.

Each function returns (image, tap zones); zones are computed from the drawing itself. Single-threaded.
Every site is fictional (« Exemple »); no real service's logo or screenshot is drawn.
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
    font,
    practice_band,
    rect,
    text_in,
)


def page_buttons(draw, page: Box, title: str, labels: tuple[str, ...], *, top: int = 24) -> list[Box]:
    """A page title, then one wide light-blue button per label; returns the buttons' boxes."""
    x0, y0, x1, _ = page
    draw.text((x0 + 40, y0 + top), title, font=font(36, bold=True), fill=INK)
    boxes = []
    for n, label in enumerate(labels):
        box = (x0 + 40, y0 + top + 70 + n * 96, x1 - 40, y0 + top + 146 + n * 96)
        draw.rounded_rectangle(box, radius=14, fill=LIGHT_BLUE, outline=BLUE, width=3)
        draw.text(
            (box[0] + 28, (box[1] + box[3]) // 2), label, font=font(32, bold=True), fill=INK, anchor="lm"
        )
        boxes.append(box)
    return boxes


def compte_sante() -> Art:
    """A fictional health account: three big entries."""
    image, draw = canvas()
    page = browser(draw, (20, 10, 940, 556), "www.compte-sante-exemple.fr")
    page_buttons(draw, page, "Mon compte santé", ("Mes paiements", "Mes démarches", "Ma messagerie"))
    practice_band(draw)
    return image, {}


def trimestre() -> Art:
    """Three months of a calendar, each with a box for the amount earned."""
    image, draw = canvas()
    draw.text((480, 50), "Mes ressources du trimestre", font=font(40, bold=True), fill=INK, anchor="mm")
    for n, (month, amount) in enumerate((("Octobre", "850 €"), ("Novembre", "900 €"), ("Décembre", "0 €"))):
        left = 50 + n * 300
        draw.rounded_rectangle((left, 110, left + 260, 470), radius=18, fill=WHITE, outline=INK, width=3)
        draw.rounded_rectangle((left, 110, left + 260, 180), radius=18, fill=BLUE)
        text_in(draw, (left, 110, left + 260, 180), month, size=34, bold=True, fill=WHITE)
        for row in range(3):
            for col in range(5):
                x, y = left + 24 + col * 46, 200 + row * 46
                draw.rounded_rectangle((x, y, x + 36, y + 36), radius=6, fill=GREY)
        box = (left + 30, 360, left + 230, 440)
        draw.rounded_rectangle(box, radius=10, fill=WHITE, outline=GREEN, width=4)
        text_in(draw, box, amount, size=40, bold=True)
    draw.text((480, 520), "Tous les trois mois", font=font(34), fill=DARK_GREY, anchor="mm")
    return image, {}


DECLARATION_LINES = (
    ("salaires", "Salaires", "0 €", False),
    ("retraites", "Pensions, retraites", "0 €", True),
    ("adresse", "Adresse", "2 rue Exemple, Thionville", False),
)


def declaration() -> Art:
    """A fictional pre-filled tax return: the pensions line says 0 € (the mistake to find)."""
    image, draw = canvas()
    page = browser(draw, (20, 10, 940, 556), "www.impots-exemple.fr")
    x0, y0, x1, _ = page
    draw.text((x0 + 40, y0 + 16), "Déclaration déjà remplie", font=font(34, bold=True), fill=INK)
    zones: dict[str, Box] = {}
    for n, (key, label, value, _wrong) in enumerate(DECLARATION_LINES):
        top = y0 + 76 + n * 100
        box = (x0 + 40, top, x1 - 40, top + 84)
        draw.rounded_rectangle(box, radius=10, fill=WHITE, outline=DARK_GREY, width=3)
        draw.text((box[0] + 20, top + 42), label, font=font(30, bold=True), fill=INK, anchor="lm")
        draw.text((box[2] - 20, top + 42), value, font=font(30), fill=INK, anchor="rm")
        zones[key] = box
    button = (x1 - 340, y0 + 390, x1 - 40, y0 + 450)
    draw.rounded_rectangle(button, radius=14, fill=BLUE)
    text_in(draw, button, "Étape suivante", size=30, bold=True, fill=WHITE)
    zones["suivant"] = button
    practice_band(draw)
    return image, {key: rect(box, pad=4) for key, box in zones.items()}


def actualisation() -> Art:
    """A fictional job-seeker site asks « Avez-vous travaillé ce mois-ci ? » with Oui / Non."""
    image, draw = canvas()
    page = browser(draw, (20, 10, 940, 556), "www.emploi-exemple.fr")
    x0, y0, x1, _ = page
    draw.text((x0 + 40, y0 + 24), "Actualisation du mois", font=font(36, bold=True), fill=INK)
    draw.text((x0 + 40, y0 + 110), "Avez-vous travaillé ce mois-ci ?", font=font(34), fill=INK)
    for n, label in enumerate(("Oui", "Non")):
        box = (x0 + 40 + n * 300, y0 + 200, x0 + 300 + n * 300, y0 + 290)
        draw.rounded_rectangle(box, radius=16, fill=BLUE)
        text_in(draw, box, label, size=40, bold=True, fill=WHITE)
    draw.text((x0 + 40, y0 + 340), "Du 28 au 15 du mois suivant", font=font(30), fill=DARK_GREY)
    practice_band(draw)
    return image, {}


def ants() -> Art:
    """The official titles site (drawn, not copied): its address ends with gouv.fr."""
    image, draw = canvas()
    page = browser(draw, (20, 10, 940, 556), "ants.gouv.fr")
    x0, y0, x1, _ = page
    draw.text((x0 + 40, y0 + 20), "Mes titres en ligne", font=font(36, bold=True), fill=INK)
    labels = ("Carte d'identité", "Passeport", "Permis de conduire", "Carte grise")
    for n, label in enumerate(labels):
        row, col = divmod(n, 2)
        box = (x0 + 40 + col * 440, y0 + 90 + row * 140, x0 + 420 + col * 440, y0 + 200 + row * 140)
        draw.rounded_rectangle(box, radius=16, fill=LIGHT_BLUE, outline=BLUE, width=3)
        text_in(draw, box, label, size=32, bold=True)
    draw.text((x0 + 40, y0 + 390), "L'adresse finit par gouv.fr", font=font(30, bold=True), fill=GREEN)
    return image, {}


def rendez_vous() -> Art:
    """A fictional booking page: a doctor and three time slots."""
    image, draw = canvas()
    page = browser(draw, (20, 10, 940, 556), "www.rendez-vous-exemple.fr")
    x0, y0, x1, _ = page
    draw.ellipse((x0 + 40, y0 + 24, x0 + 140, y0 + 124), fill=LIGHT_BLUE, outline=BLUE, width=3)
    draw.text((x0 + 170, y0 + 40), "Docteur Martin Exemple", font=font(34, bold=True), fill=INK)
    draw.text((x0 + 170, y0 + 88), "Dentiste, Thionville", font=font(28), fill=DARK_GREY)
    for n, slot in enumerate(("Mardi 10 h", "Mercredi 14 h", "Jeudi 9 h")):
        box = (x0 + 40 + n * 290, y0 + 190, x0 + 300 + n * 290, y0 + 280)
        draw.rounded_rectangle(box, radius=14, fill=YELLOW if n == 0 else WHITE, outline=INK, width=3)
        text_in(draw, box, slot, size=30, bold=True)
    draw.text((x0 + 40, y0 + 330), "Un rappel par SMS la veille", font=font(30), fill=INK)
    practice_band(draw)
    return image, {}


INVOICE_ROWS = (("Pain de campagne x 20", "60,00 €"), ("Gâteau d'anniversaire", "35,00 €"))


def facture() -> Art:
    """A fictional invoice with its number, an empty date box (in red), the customer, the prices."""
    image, draw = canvas()
    draw.rounded_rectangle((120, 10, 840, 590), radius=10, fill=WHITE, outline=INK, width=3)
    zones: dict[str, Box] = {}
    draw.text((160, 40), "Boulangerie Exemple", font=font(30, bold=True), fill=INK)
    draw.text((160, 80), "SIRET 000 000 000 00000", font=font(24), fill=DARK_GREY)
    number = (520, 34, 810, 84)
    draw.text((number[0] + 10, 59), "Facture 2025-012", font=font(30, bold=True), fill=INK, anchor="lm")
    zones["numero"] = number
    date = (520, 100, 810, 160)
    draw.rounded_rectangle(date, radius=8, outline=RED, width=5)
    draw.text((date[0] + 16, 130), "Date : ……", font=font(28, bold=True), fill=RED, anchor="lm")
    zones["date"] = date
    client = (160, 180, 800, 270)
    draw.text((client[0], client[1] + 6), "Client : Camille Exemple", font=font(28, bold=True), fill=INK)
    draw.text((client[0], client[1] + 48), "2 rue Exemple, 57100 Thionville", font=font(26), fill=INK)
    zones["client"] = client
    for n, (label, price) in enumerate(INVOICE_ROWS):
        y = 300 + n * 56
        draw.line((160, y, 800, y), fill=GREY, width=2)
        draw.text((170, y + 28), label, font=font(26), fill=INK, anchor="lm")
        draw.text((790, y + 28), price, font=font(26), fill=INK, anchor="rm")
    total = (480, 440, 800, 510)
    draw.rounded_rectangle(total, radius=10, fill=LIGHT_BLUE)
    draw.text((total[0] + 16, 475), "Total : 95,00 €", font=font(32, bold=True), fill=INK, anchor="lm")
    zones["total"] = total
    draw.text((160, 530), "TVA non applicable", font=font(22), fill=DARK_GREY)
    return image, {key: rect(box, pad=6) for key, box in zones.items()}
