"""Receipt → ESC/POS bytes through python-escpos: explicit code page, sizes, native or image QR, cut."""

from __future__ import annotations

import contextlib
import copy
from dataclasses import dataclass
from functools import lru_cache

import qrcode
from escpos.capabilities import CAPABILITIES, BaseProfile, get_profile
from escpos.constants import CODEPAGE_CHANGE, QR_ECLEVEL_M
from escpos.printer import Dummy

from kiosk.domain.receipts import Align, Receipt
from kiosk.printing.layout import Blank, Line, QRCode, RuleLine, layout, paper_columns
from kiosk.printing.text import can_encode

# The first of these the profile knows is selected with ESC t; CP1252 holds every French letter, Œ œ and €.
CODE_PAGE_PREFERENCE = ("CP1252", "ISO_8859-15", "CP858", "CP850", "CP437")
EPSON_NUMBERS = {"CP437": 0, "CP850": 2, "CP1252": 16, "CP858": 19, "ISO_8859-15": 40}
# QR module size in dots: about 0.9 mm at 203 dpi on 80 mm paper, 0.6 mm on 58 mm.
QR_MODULE_DOTS = {80: 7, 58: 5}
PAPER_DOTS = {80: 576, 58: 384}


@dataclass(frozen=True)
class CodePage:
    """A code page as the printer numbers it (``ESC t number``) and as Python encodes it."""

    name: str
    number: int
    codec: str


def load_profile(name: str) -> BaseProfile:
    """The python-escpos capability profile ``name``; ValueError naming the choices when unknown."""
    try:
        return get_profile(name)
    except KeyError:
        known = ", ".join(sorted(CAPABILITIES["profiles"]))
        raise ValueError(f"unknown printer profile {name!r}; known profiles: {known}") from None


def code_page(profile: BaseProfile) -> CodePage:
    """The code page to select for ``profile``: CP1252 when it has it, else the best French fallback.

    When the profile lists a code page under several numbers, Epson's (CP1252 = 16) wins, else the
    smallest.
    """
    numbers: dict[str, list[int]] = {}
    for number, name in profile.codePages.items():
        numbers.setdefault(name, []).append(int(number))
    for name in CODE_PAGE_PREFERENCE:
        if name in numbers:
            candidates = sorted(numbers[name])
            epson = EPSON_NUMBERS.get(name)
            number = epson if epson in candidates else candidates[0]
            return CodePage(name, number, CAPABILITIES["encodings"][name]["python_encode"])
    raise ValueError(f"printer profile {profile.name!r} has no Latin code page ({', '.join(numbers)})")


def profile_code_pages(profile_name: str) -> dict[int, str]:
    """ESC t number → Python codec for a profile (to decode its bytes)."""
    pages = {}
    for number, name in load_profile(profile_name).codePages.items():
        codec = CAPABILITIES["encodings"].get(name, {}).get("python_encode")
        if codec:
            pages[int(number)] = codec
    return pages


def printer_columns(profile: BaseProfile, paper_width_mm: int) -> int:
    """Font A columns: the paper's, or fewer when the profile's printer has fewer (TM-T88V: 42).

    The profile database has a few implausible column counts (12 at 80 mm); those are ignored.
    """
    columns = paper_columns(paper_width_mm)
    candidates = [columns]
    with contextlib.suppress(KeyError, ValueError, TypeError):
        candidates.append(int(profile.media["width"]["pixels"]) // 12)
    try:
        font_columns = int(profile.get_columns("a"))
        if font_columns * 4 >= columns * 3:
            candidates.append(font_columns)
    except (KeyError, ValueError, TypeError, AssertionError):
        pass
    return min(candidates)


def _printable_dots(profile: BaseProfile, paper_width_mm: int) -> int:
    try:
        return min(PAPER_DOTS[paper_width_mm], int(profile.media["width"]["pixels"]))
    except (KeyError, ValueError, TypeError):
        return PAPER_DOTS[paper_width_mm]


@lru_cache(maxsize=32)
def _with_media_width(name: str, paper_width_mm: int) -> BaseProfile:
    """The profile ``name`` with its printable width filled in when the database says "Unknown"
    (python-escpos would otherwise print a warning on stdout for every image)."""
    profile = load_profile(name)
    try:
        int(profile.media["width"]["pixels"])
        return profile
    except (KeyError, ValueError, TypeError):
        data = copy.deepcopy(profile.profile_data)
        data.setdefault("media", {})["width"] = {"mm": paper_width_mm, "pixels": PAPER_DOTS[paper_width_mm]}
        return type(type(profile).__name__, (BaseProfile,), {"profile_data": data})()


def qr_module_dots(data: str, *, paper_width_mm: int, max_dots: int) -> int:
    """The module size (dots) for a QR of ``data``: the paper's default, smaller if it would not fit."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=1)
    code.add_data(data)
    code.make(fit=True)
    return max(1, min(QR_MODULE_DOTS[paper_width_mm], max_dots // (code.modules_count + 2)))


class _Writer:
    """Sends only the style changes a line needs (ESC @ leaves: size 1, bold off, left aligned)."""

    def __init__(self, printer: Dummy) -> None:
        self.printer = printer
        self.scale, self.bold = 1, False
        self.align: Align = "left"

    def style(self, *, scale: int = 1, bold: bool = False, align: Align = "left") -> None:
        if scale != self.scale:
            self.printer.set(custom_size=True, width=scale, height=scale)
            self.scale = scale
        if bold != self.bold:
            self.printer.set(bold=bold)
            self.bold = bold
        if align != self.align:
            self.printer.set(align=align)
            self.align = align


def render_escpos(receipt: Receipt, *, profile: str, paper_width_mm: int) -> bytes:
    """The exact bytes to send to the printer for ``receipt``.

    Pure function, thread-safe. ESC @, then ESC t with the profile's number for CP1252 (or the best
    Latin fallback it has, with transliteration), text wrapped to the printer's columns, ``huge`` as
    the largest GS ! size that fits, QR codes native when the profile supports them (an image
    otherwise), and a partial cut.

    Raises:
        ValueError: unknown profile or paper width.
    """
    prof = load_profile(profile)
    page = code_page(prof)
    columns = printer_columns(prof, paper_width_mm)
    max_dots = _printable_dots(prof, paper_width_mm)
    native_qr = bool(prof.supports("qrCode"))
    rule = ("—" if can_encode("—", page.codec) else "-") * columns

    # The encoder is pinned to the page (no automatic switching); ESC t n is sent by us, with our number.
    printer = Dummy(profile=profile, magic_encode_args={"encoding": page.name, "disabled": True})
    printer.profile = _with_media_width(profile, paper_width_mm)
    printer.hw("INIT")
    printer._raw(CODEPAGE_CHANGE + bytes([page.number]))
    out = _Writer(printer)
    for row in layout(receipt, columns=columns, encoding=page.codec):
        if isinstance(row, Line):
            out.style(scale=row.scale, bold=row.bold, align=row.align)
            printer.text(row.text + "\n")
        elif isinstance(row, RuleLine):
            out.style()
            printer.text(rule + "\n")
        elif isinstance(row, Blank):
            out.style(align=out.align)
            printer.text("\n" * row.lines)
        elif isinstance(row, QRCode):
            out.style(align="center")
            size = qr_module_dots(row.data, paper_width_mm=paper_width_mm, max_dots=max_dots)
            printer.qr(row.data, ec=QR_ECLEVEL_M, size=size, native=native_qr)
    out.style()
    printer.cut(mode="PART")
    return printer.output
