"""Pictures of the « Internet » lessons: a browser, a page of search results, a viral post.

Each function returns (image, tap zones); zones are computed from the drawing itself. Single-threaded.
Addresses are invented (``.info``) except the official sites the lessons recommend.
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
    numbered_mark,
    phone,
    rect,
    warning_sign,
)

# -- lesson 05: browsing ------------------------------------------------------------------------------


def _page(draw, page: Box) -> dict[str, Box]:
    """The médiathèque's fictional web page; returns the boxes of its link and its menu."""
    x0, y0, x1, _ = page
    draw.rectangle((x0, y0, x1, y0 + 70), fill=BLUE)
    draw.text((x0 + 90, y0 + 35), "Médiathèque de la Côte", font=font(34, bold=True), fill=WHITE, anchor="lm")
    draw.text((x0 + 30, y0 + 110), "Bienvenue !", font=font(40, bold=True), fill=INK, anchor="lm")
    draw.text((x0 + 30, y0 + 170), "Ouverte du mardi au samedi.", font=font(30), fill=INK, anchor="lm")
    link_text = "Voir les horaires"
    draw.text((x0 + 30, y0 + 240), link_text, font=font(34, bold=True), fill=BLUE, anchor="lm")
    box = draw.textbbox((x0 + 30, y0 + 240), link_text, font=font(34, bold=True), anchor="lm")
    draw.line((box[0], box[3] + 4, box[2], box[3] + 4), fill=BLUE, width=4)
    for y in (y0 + 310, y0 + 350):
        draw.rounded_rectangle((x0 + 30, y, x1 - 200, y + 22), radius=8, fill=GREY)
    return {"lien": box}


def navigateur() -> Art:
    """A browser on the médiathèque's fictional site: back arrow, address bar, a link."""
    image, draw = canvas()
    window = (30, 30, 930, 570)
    page = browser(draw, window, "www.mediatheque-exemple.fr")
    zones = _page(draw, page)
    zones["retour"] = (window[0] + 10, window[1] + 10, window[0] + 78, window[1] + 80)
    zones["adresse"] = (window[0] + 90, window[1] + 18, window[2] - 24, window[1] + 70)
    return image, {name: rect(box, pad=8) for name, box in zones.items()}


def navigateur_parties() -> Art:
    """The same browser with its three parts numbered: back arrow, address bar, a link."""
    image, draw = canvas()
    window = (30, 30, 930, 570)
    page = browser(draw, window, "www.mediatheque-exemple.fr")
    link = _page(draw, page)["lien"]
    numbered_mark(draw, (window[0] + 44, window[1] + 118), 1)
    numbered_mark(draw, (window[2] - 60, window[1] + 44), 2)
    numbered_mark(draw, (link[2] + 40, (link[1] + link[3]) // 2), 3)
    legend = ((1, "Revenir"), (2, "L'adresse"), (3, "Un lien"))
    draw.rounded_rectangle((600, 330, 910, 550), radius=16, fill=LIGHT_BLUE)
    for index, (number, label) in enumerate(legend):
        y = 370 + index * 66
        numbered_mark(draw, (640, y), number)
        draw.text((680, y), label, font=font(34, bold=True), fill=INK, anchor="lm")
    return image, {}


# -- lesson 06: searching --------------------------------------------------------------------------------

RESULTS = (
    (
        "annonce",
        "Annonce · www.papiers-express-fr.info",
        "Carte grise en 5 minutes",
        "Service payant : 49 €.",
    ),
    (
        "officiel",
        "www.service-public.gouv.fr",
        "Carte grise : la démarche officielle",
        "Site officiel. Gratuit.",
    ),
    ("forum", "www.forum-voitures-exemple.info", "Carte grise : mon avis", "Un message d'un inconnu."),
)


def resultats() -> Art:
    """Search results for « carte grise »: an advert first, then the official site, then a forum."""
    image, draw = canvas()
    window = (20, 10, 940, 590)
    page = browser(draw, window, "Recherche : carte grise")
    x0, y0, x1, _ = page
    zones: dict[str, Box] = {}
    for index, (key, address, title, line) in enumerate(RESULTS):
        top = y0 + 14 + index * 158
        box = (x0 + 20, top, x1 - 20, top + 146)
        draw.rounded_rectangle(
            box, radius=12, fill=(255, 246, 214) if key == "annonce" else WHITE, outline=GREY, width=3
        )
        draw.text(
            (box[0] + 20, top + 14),
            address,
            font=font(24, bold=key == "annonce"),
            fill=GREEN if key == "officiel" else DARK_GREY,
        )
        draw.text((box[0] + 20, top + 50), title, font=font(36, bold=True), fill=BLUE)
        draw.text((box[0] + 20, top + 100), line, font=font(26), fill=INK)
        zones[key] = box
    return image, {name: rect(box) for name, box in zones.items()}


# -- lesson 07: fake news ----------------------------------------------------------------------------------


def fausse_info() -> Art:
    """A shared post on a phone: a shocking title, no source, « Partagez vite ! »."""
    image, draw = canvas()
    display = phone(draw, (300, 10, 660, 590))
    x0, y0, x1, y1 = display
    draw.rectangle((x0, y0, x1, y0 + 60), fill=GREY)
    draw.text((x0 + 20, y0 + 30), "Partagé par un ami", font=font(24), fill=DARK_GREY, anchor="lm")
    draw.text((x0 + 20, y0 + 90), "INCROYABLE !!!", font=font(38, bold=True), fill=RED, anchor="lm")
    for index, line in enumerate(("Le citron guérit", "toutes les maladies.", "On vous le cache !")):
        draw.text((x0 + 20, y0 + 150 + index * 42), line, font=font(28, bold=True), fill=INK, anchor="lm")
    draw.rectangle((x0 + 20, y0 + 260, x1 - 20, y0 + 370), fill=YELLOW)
    draw.ellipse((x0 + 120, y0 + 275, x0 + 200, y0 + 355), fill=(250, 230, 60), outline=INK, width=3)
    draw.text((x0 + 20, y0 + 410), "PARTAGEZ VITE !", font=font(32, bold=True), fill=RED, anchor="lm")
    warning_sign(draw, (160, 300), size=150)
    warning_sign(draw, (800, 300), size=150)
    return image, {}
