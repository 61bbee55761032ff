"""Pictures of lesson 06's search practice: « Trouvetout », an invented search engine (no real engine's
logo or look), and its results for « renouveler carte identité ».

Each function returns (image, tap zones); zones are computed from the drawing itself. Single-threaded.
Addresses are invented (``.info``) except the official site the lesson recommends (service-public.gouv.fr).
"""

from __future__ import annotations

from art import (
    BLUE,
    DARK_GREY,
    GREEN,
    GREY,
    INK,
    RED,
    WHITE,
    Art,
    Box,
    browser,
    canvas,
    font,
    practice_band,
    rect,
)

QUERY = "renouveler carte identité"

# (zone id, address line, title, last line): an advert, a paid look-alike, the official site, a forum.
RESULTS = (
    (
        "annonce",
        "Annonce · www.carte-identite-rapide.info",
        "Votre carte d'identité en 24 h",
        "Aide payante : 39,90 €.",
    ),
    (
        "sosie",
        "www.demarches-officielles-fr.info",
        "Renouveler sa carte : dossier officiel",
        "Frais de dossier : 29 €.",
    ),
    (
        "officiel",
        "www.service-public.gouv.fr",
        "Carte d'identité : la démarche officielle",
        "Site officiel. Gratuit.",
    ),
    ("forum", "www.forum-entraide-exemple.info", "Carte d'identité : mon avis", "Le message d'un inconnu."),
)

ADVERT_FILL = (255, 246, 214)


def _engine_bar(draw, page: Box) -> int:
    """The engine's name and its search box with the query; returns the y where results start."""
    x0, y0, x1, _ = page
    draw.text((x0 + 20, y0 + 34), "Trouvetout", font=font(34, bold=True), fill=BLUE, anchor="lm")
    box = (x0 + 230, y0 + 8, x1 - 20, y0 + 60)
    draw.rounded_rectangle(box, radius=26, fill=WHITE, outline=BLUE, width=3)
    draw.text((box[0] + 24, y0 + 34), QUERY, font=font(28), fill=INK, anchor="lm")
    # A magnifying glass drawn with two shapes (a generic symbol, not a logo).
    cx, cy = box[2] - 40, y0 + 30
    draw.ellipse((cx - 14, cy - 14, cx + 10, cy + 10), outline=BLUE, width=4)
    draw.line((cx + 7, cy + 7, cx + 20, cy + 20), fill=BLUE, width=5)
    return y0 + 68


def resultats_recherche() -> Art:
    """The results page: an advert, a paid look-alike, the official site, a forum — one tap zone each."""
    image, draw = canvas()
    window = (20, 6, 940, 552)
    page = browser(draw, window, "www.trouvetout.info")
    x0, _, x1, _ = page
    top = _engine_bar(draw, page)
    zones: dict[str, Box] = {}
    height, gap = 88, 5
    for index, (key, address, title, line) in enumerate(RESULTS):
        y = top + index * (height + gap)
        box = (x0 + 16, y, x1 - 16, y + height)
        draw.rounded_rectangle(
            box, radius=12, fill=ADVERT_FILL if key == "annonce" else WHITE, outline=GREY, width=3
        )
        draw.text(
            (box[0] + 18, y + 5),
            address,
            font=font(22, bold=key in ("annonce", "officiel")),
            fill=GREEN if key == "officiel" else DARK_GREY,
        )
        draw.text((box[0] + 18, y + 29), title, font=font(30, bold=True), fill=BLUE)
        draw.text((box[0] + 18, y + 61), line, font=font(22), fill=RED if "€" in line else INK)
        zones[key] = box
    practice_band(draw)
    return image, {name: rect(box) for name, box in zones.items()}
