"""Our ESC/POS decoder reads what printers read, and refuses garbage in strict mode."""

from __future__ import annotations

import pytest
from escpos.printer import Dummy
from PIL import Image, ImageChops, ImageDraw

from kiosk.printing.decode import DecodeError, decode_escpos


def test_code_pages_follow_esc_t_and_reset_with_esc_at():
    data = b"\x82t\x1bt\x02\x82t\x1bt\x10\x80 \x9c\x8c\x1b@\x82\n"
    assert decode_escpos(data).text == "étét€ œŒé\n"


def test_commands_are_consumed_with_their_arguments():
    data = (
        b"\x1b@\x1bE\x01\x1ba\x01\x1d!\x33A\x1d!\x00\x1bd\x02\x10\x04\x01\x1b!\x30B\n\x1dV\x41\x03\x1dV\x00"
    )
    decoded = decode_escpos(data)
    assert decoded.text == "A\n\nB\n"
    assert decoded.cuts == 2
    assert "DLE EOT 1" in decoded.commands
    first, second = decoded.spans
    assert (first.text, first.width, first.height, first.bold, first.align) == ("A", 4, 4, True, "center")
    assert (second.text, second.width, second.height) == ("B", 2, 2)


def test_native_qr_payload_is_read_back():
    printer = Dummy()
    printer.qr("https://exemple.fr/é?a=1", native=True, size=6)
    assert decode_escpos(printer.output).qr == ["https://exemple.fr/é?a=1"]


@pytest.mark.parametrize("impl", ["bitImageRaster", "graphics"])
def test_raster_images_round_trip(impl):
    image = Image.new("1", (40, 20), 1)
    ImageDraw.Draw(image).rectangle((5, 3, 20, 12), fill=0)
    printer = Dummy()
    printer.image(image, impl=impl)
    (decoded,) = decode_escpos(printer.output).images
    assert decoded.size[1] == 20
    back = decoded.crop((0, 0, 40, 20)).convert("1")
    assert ImageChops.difference(back.convert("L"), image.convert("L")).getbbox() is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x1d(k\x10\x001P0abc", "truncated"),
        (b"\x1dv0\x00\x02\x00\x05\x00\xff", "truncated"),
        (b"\x1b", "truncated"),
        (b"\x1bt", "truncated"),
    ],
)
def test_truncated_commands_always_raise(data, message):
    for strict in (True, False):
        with pytest.raises(DecodeError, match=message):
            decode_escpos(data, strict=strict)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"ab\x07cd", "control byte 0x07"),
        (b"\x1b\xf0", "unknown command ESC"),
        (b"\x1d\xf0", "unknown command GS"),
        (b"\x1bt\x63", "ESC t 99"),
        (b"\x1bt\x10\x81", "0x81 is not defined"),
    ],
)
def test_strict_mode_refuses_garbage_and_lenient_mode_skips_it(data, message):
    with pytest.raises(DecodeError, match=message):
        decode_escpos(data)
    decode_escpos(data, strict=False)


def test_custom_code_page_numbers():
    assert decode_escpos(b"\x1bt\x20\x80", code_pages={32: "cp1252"}).text == "€"
