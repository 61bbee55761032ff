"""Pictures of the « E-mail » and « Se protéger » lessons: an address, a mailbox, a fake SMS, a fake e-mail.

Each function returns (image, tap zones); zones are computed from the drawing itself. Single-threaded.
Senders and addresses are invented; no real brand or logo.
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
    Art,
    Box,
    button,
    canvas,
    font,
    numbered_mark,
    phone,
    rect,
    text_in,
    warning_sign,
)
from PIL import ImageDraw

# -- lesson 08: an e-mail address ------------------------------------------------------------------------


def adresse_mail() -> Art:
    """« camille.exemple@exemple.fr » cut into its three parts, each named below."""
    image, draw = canvas()
    parts = (
        ("camille.exemple", BLUE, "Votre nom"),
        ("@", RED, "« arobase » : chez"),
        ("exemple.fr", GREEN, "Le fournisseur"),
    )
    big = font(64, bold=True)
    widths = [draw.textlength(text, font=big) for text, _, _ in parts]
    x = (960 - sum(widths) - 40) / 2
    for (text, colour, label), width in zip(parts, widths, strict=True):
        draw.text((x, 200), text, font=big, fill=colour, anchor="ls")
        draw.line((x + 4, 230, x + width - 4, 230), fill=colour, width=8)
        centre = x + width / 2
        draw.line((centre, 236, centre, 300 + (80 if text == "@" else 0)), fill=colour, width=4)
        y = 330 + (80 if text == "@" else 0)
        draw.text((centre, y), label, font=font(34, bold=True), fill=colour, anchor="mm")
        x += width + 20
    draw.text((480, 540), "Pas d'espace, pas d'accent.", font=font(36, bold=True), fill=INK, anchor="mm")
    return image, {}


# -- lesson 09: reading and answering ----------------------------------------------------------------------

INBOX = (
    ("Médiathèque", "Votre livre est arrivé", True),
    ("Mairie", "Fête du village samedi", True),
    ("Camille", "Photos de Noël", False),
    ("Lettre d'info", "Nouveautés du mois", False),
)


def _mail_frame(draw: ImageDraw.ImageDraw, title: str) -> tuple[int, int, int, int]:
    """A mail window with a blue title bar; returns its content box."""
    draw.rounded_rectangle((30, 20, 930, 580), radius=16, fill=WHITE, outline=INK, width=4)
    draw.rounded_rectangle((32, 22, 928, 96), radius=14, fill=BLUE)
    draw.text((60, 59), title, font=font(34, bold=True), fill=WHITE, anchor="lm")
    return (34, 100, 926, 576)


def boite_mail() -> Art:
    """An inbox: unread messages in bold with a blue dot."""
    image, draw = canvas()
    x0, y0, x1, _ = _mail_frame(draw, "Boîte de réception")
    for index, (sender, subject, unread) in enumerate(INBOX):
        top = y0 + 10 + index * 112
        draw.line((x0 + 20, top + 108, x1 - 20, top + 108), fill=GREY, width=3)
        if unread:
            draw.ellipse((x0 + 24, top + 30, x0 + 48, top + 54), fill=BLUE)
        draw.text((x0 + 70, top + 22), sender, font=font(32, bold=unread), fill=INK)
        draw.text((x0 + 70, top + 62), subject, font=font(28, bold=unread), fill=INK if unread else DARK_GREY)
    return image, {}


def message_ouvert() -> Art:
    """An opened message with its action buttons: Répondre, Transférer, Supprimer."""
    image, draw = canvas()
    x0, y0, x1, _ = _mail_frame(draw, "Message")
    keys: dict[str, Box] = {
        "repondre": (x0 + 20, y0 + 14, x0 + 300, y0 + 90),
        "transferer": (x0 + 320, y0 + 14, x0 + 600, y0 + 90),
        "supprimer": (x0 + 620, y0 + 14, x1 - 20, y0 + 90),
    }
    colours = {"repondre": BLUE, "transferer": DARK_GREY, "supprimer": RED}
    labels = {"repondre": "Répondre", "transferer": "Transférer", "supprimer": "Supprimer"}
    for key, box in keys.items():
        draw.rounded_rectangle(box, radius=14, fill=colours[key])
        text_in(draw, box, labels[key], size=34, bold=True, fill=WHITE)
    draw.text((x0 + 30, y0 + 130), "De : Médiathèque", font=font(30, bold=True), fill=INK)
    draw.text((x0 + 30, y0 + 175), "Objet : Votre livre est arrivé", font=font(30), fill=INK)
    draw.line((x0 + 20, y0 + 225, x1 - 20, y0 + 225), fill=GREY, width=3)
    for index, line in enumerate(("Bonjour,", "Votre livre vous attend à l'accueil.", "Bonne journée !")):
        draw.text((x0 + 30, y0 + 250 + index * 50), line, font=font(30), fill=INK)
    return image, {key: rect(box, pad=4) for key, box in keys.items()}


# -- lesson 10: attachments --------------------------------------------------------------------------------


def paperclip(draw: ImageDraw.ImageDraw, centre: tuple[int, int], colour=INK) -> None:
    """A paperclip, the usual sign of an attachment."""
    cx, cy = centre
    draw.rounded_rectangle((cx - 14, cy - 34, cx + 14, cy + 34), radius=14, outline=colour, width=6)
    draw.rounded_rectangle((cx - 6, cy - 20, cx + 6, cy + 22), radius=6, outline=colour, width=5)


def nouveau_message() -> Art:
    """A new message: To, Subject, the paperclip to attach a file, and Send."""
    image, draw = canvas()
    x0, y0, x1, y1 = _mail_frame(draw, "Nouveau message")
    keys: dict[str, Box] = {
        "a": (x0 + 20, y0 + 20, x1 - 20, y0 + 90),
        "objet": (x0 + 20, y0 + 110, x1 - 20, y0 + 180),
        "texte": (x0 + 20, y0 + 200, x1 - 20, y0 + 360),
        "trombone": (x0 + 20, y1 - 100, x0 + 320, y1 - 20),
        "envoyer": (x1 - 300, y1 - 100, x1 - 20, y1 - 20),
    }
    for key, label in (("a", "À : camille.exemple@exemple.fr"), ("objet", "Objet : Mon CV")):
        box = keys[key]
        draw.rounded_rectangle(box, radius=10, fill=WHITE, outline=DARK_GREY, width=3)
        draw.text((box[0] + 20, (box[1] + box[3]) // 2), label, font=font(30), fill=INK, anchor="lm")
    box = keys["texte"]
    draw.rounded_rectangle(box, radius=10, fill=WHITE, outline=DARK_GREY, width=3)
    draw.text((box[0] + 20, box[1] + 20), "Bonjour, voici mon CV.", font=font(30), fill=INK)
    box = keys["trombone"]
    draw.rounded_rectangle(box, radius=14, fill=LIGHT_BLUE, outline=BLUE, width=4)
    paperclip(draw, (box[0] + 50, (box[1] + box[3]) // 2), BLUE)
    draw.text(
        (box[0] + 90, (box[1] + box[3]) // 2), "Joindre", font=font(34, bold=True), fill=BLUE, anchor="lm"
    )
    button(draw, keys["envoyer"], "Envoyer", fill=GREEN, size=36)
    return image, {key: rect(box, pad=4) for key, box in keys.items()}


# The fake SMS, line by line (no real sender, brand or address): (text, clue it shows or "").
FAKE_SMS = (
    ("URGENT !", "urgence"),
    ("Votre colis est bloqué.", ""),
    ("Payez 1,99 €", "argent"),
    ("avant ce soir :", "urgence"),
    ("http://colis-envoi-fr.info", "lien"),
)
FAKE_SENDER = "+33 7 00 00 00 00"


def sms_screen(draw: ImageDraw.ImageDraw, display: Box) -> dict[str, list[Box]]:
    """A fake SMS on a phone display. Returns the boxes of the words that give the scam away, by clue."""
    x0, y0, x1, _ = display
    draw.rectangle((x0, y0, x1, y0 + 70), fill=GREY)
    draw.text(((x0 + x1) // 2, y0 + 35), FAKE_SENDER, font=font(26, bold=True), fill=INK, anchor="mm")
    body, link = font(28), font(26, bold=True)
    left, top = x0 + 16, y0 + 100
    draw.rounded_rectangle((left, top, x1 - 24, top + 56 * len(FAKE_SMS) + 24), radius=22, fill=GREY)
    clues: dict[str, list[Box]] = {}
    for number, (text, clue) in enumerate(FAKE_SMS):
        y = top + 24 + 56 * number
        is_link = text.startswith("http")
        draw.text((left + 18, y), text, font=link if is_link else body, fill=BLUE if is_link else INK)
        box = draw.textbbox((left + 18, y), text, font=link if is_link else body)
        if is_link:
            draw.line((box[0], box[3] + 4, box[2], box[3] + 4), fill=BLUE, width=3)
        if clue:
            clues.setdefault(clue, []).append(box)
    return clues


# -- lesson 11: a fake SMS ---------------------------------------------------------------------------


def faux_sms() -> Art:
    image, draw = canvas()
    display = phone(draw, (300, 20, 660, 580))
    sms_screen(draw, display)
    warning_sign(draw, (800, 300), size=150)
    warning_sign(draw, (160, 300), size=150)
    return image, {}


def indices() -> Art:
    image, draw = canvas()
    display = phone(draw, (30, 20, 480, 580))
    clues = sms_screen(draw, display)
    legend = [
        ("urgence", "On vous presse."),
        ("argent", "On veut de l'argent."),
        ("lien", "Un lien bizarre."),
    ]
    for number, (clue, text) in enumerate(legend, start=1):
        for x0, y0, x1, y1 in clues[clue]:
            draw.rounded_rectangle((x0 - 10, y0 - 8, x1 + 10, y1 + 10), radius=14, outline=RED, width=5)
            if clue != "lien":  # the link fills its line: its number goes beside the phone only
                numbered_mark(draw, (x1 + 44, (y0 + y1) // 2), number)
        legend_y = 170 + (number - 1) * 120
        numbered_mark(draw, (540, legend_y), number)
        draw.text((580, legend_y), text, font=font(36, bold=True), fill=INK, anchor="lm")
    x0, y0, x1, y1 = clues["lien"][0]
    draw.line((x1 + 12, (y0 + y1) // 2, 514, 410), fill=RED, width=4)
    return image, {}


def signaler() -> Art:
    image, draw = canvas()
    display = phone(draw, (300, 20, 660, 580))
    x0, y0, x1, _ = display
    draw.rectangle((x0, y0, x1, y0 + 70), fill=GREY)
    draw.text(((x0 + x1) // 2, y0 + 35), "Transférer à :", font=font(28, bold=True), fill=INK, anchor="mm")
    draw.rounded_rectangle(
        (x0 + 30, y0 + 100, x1 - 30, y0 + 190), radius=16, fill=LIGHT_BLUE, outline=BLUE, width=4
    )
    draw.text(((x0 + x1) // 2, y0 + 145), "33700", font=font(64, bold=True), fill=BLUE, anchor="mm")
    draw.rounded_rectangle((x0 + 16, y0 + 230, x1 - 16, y0 + 360), radius=22, fill=GREY)
    for y in (y0 + 262, y0 + 298, y0 + 334):
        draw.line((x0 + 40, y, x1 - 60, y), fill=DARK_GREY, width=8)
    button(draw, (x0 + 60, y0 + 390, x1 - 60, y0 + 450), "Envoyer", fill=GREEN, size=32)
    draw.ellipse((730, 200, 890, 360), fill=GREEN)
    draw.line([(770, 282), (802, 316), (856, 244)], fill=WHITE, width=20, joint="curve")
    draw.text((160, 300), "Gratuit", font=font(44, bold=True), fill=GREEN, anchor="mm")
    return image, {}


# -- lesson 12: a fake e-mail ------------------------------------------------------------------------------


def faux_mail() -> Art:
    """A fake e-mail: a trusted name, but a strange address; a threat and a button « Rembourser »."""
    image, draw = canvas()
    x0, y0, x1, _ = _mail_frame(draw, "Message")
    name_box = draw.textbbox((x0 + 30, y0 + 20), "Service des remboursements", font=font(32, bold=True))
    draw.text((x0 + 30, y0 + 20), "Service des remboursements", font=font(32, bold=True), fill=INK)
    address = "<contact@rembourse-ment-sante.info>"
    address_at = (x0 + 30, y0 + 66)
    draw.text(address_at, address, font=font(28), fill=DARK_GREY)
    address_box = draw.textbbox(address_at, address, font=font(28))
    draw.text((x0 + 30, y0 + 118), "Objet : Remboursement en attente", font=font(30, bold=True), fill=INK)
    draw.line((x0 + 20, y0 + 168, x1 - 20, y0 + 168), fill=GREY, width=3)
    lines = ("Bonjour,", "Vous avez droit à 148,50 €.", "Sans réponse sous 24 h, le droit est perdu.")
    for index, line in enumerate(lines):
        draw.text((x0 + 30, y0 + 190 + index * 46), line, font=font(30), fill=INK)
    pay = (x0 + 30, y0 + 340, x0 + 430, y0 + 420)
    draw.rounded_rectangle(pay, radius=14, fill=GREEN)
    text_in(draw, pay, "Recevoir mon argent", size=32, bold=True, fill=WHITE)
    zones = {"adresse": address_box, "nom": name_box, "bouton": pay}
    return image, {key: rect(box, pad=8) for key, box in zones.items()}
