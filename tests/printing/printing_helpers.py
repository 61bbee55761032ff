"""Receipts and golden-file checks shared by the printing tests."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image, ImageChops

from kiosk.domain.receipts import Receipt, help_ticket, test_page

PARIS = ZoneInfo("Europe/Paris")
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("KIOSK_UPDATE_GOLDEN") == "1"
TICKET_QR = "http://192.168.1.20:8470/t/3f9c2a71"


def make_ticket(**changes: object) -> Receipt:
    fields: dict = dict(
        site_name="Médiathèque de la Côte des Roses",
        ticket="P07",
        topic_label="Mes papiers en ligne",
        ahead=2,
        wait_minutes=(20, 40),
        issued_at=datetime(2026, 12, 4, 16, 5, tzinfo=PARIS),
        bring="votre carte Vitale, vos identifiants et votre téléphone.",
        qr_data=TICKET_QR,
    )
    fields.update(changes)
    return help_ticket(**fields)


def make_test_page() -> Receipt:
    return test_page(
        site_name="Médiathèque de la Côte des Roses",
        printed_at=datetime(2026, 12, 4, 16, 5, tzinfo=PARIS),
        printer_uri="network://192.168.1.50:9100",
    )


def assert_golden_bytes(name: str, data: bytes) -> None:
    """Exact comparison with golden/<name>; KIOSK_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / name
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail(f"{path} is missing: run with KIOSK_UPDATE_GOLDEN=1 and review it")
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
    expected = path.read_bytes()
    if data != expected:
        at = next(
            (i for i, (a, b) in enumerate(zip(data, expected, strict=False)) if a != b),
            min(len(data), len(expected)),
        )
        pytest.fail(
            f"{name}: bytes differ from offset {at}: got {data[at : at + 24]!r}, "
            f"golden {expected[at : at + 24]!r} (KIOSK_UPDATE_GOLDEN=1 after review)"
        )


def assert_golden_image(name: str, image: Image.Image, tmp_path: Path, *, tolerance: float = 0.02) -> None:
    """Loose comparison with golden/<name>: same size, and pixels that differ much stay under
    ``tolerance`` of the golden's ink (its dark pixels).

    Fonts rasterise a little differently across FreeType versions (anti-aliased edges); a layout
    change moves words or lines and fails. On failure a diff image is saved under tmp_path.
    """
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        image.save(path)
    if not path.exists():
        pytest.fail(f"{path} is missing: run with KIOSK_UPDATE_GOLDEN=1 and look at it")
    with Image.open(path) as stored:
        expected = stored.convert("L")
    assert image.size == expected.size, f"{name}: size {image.size}, golden {expected.size}"
    diff = ImageChops.difference(image.convert("L"), expected)
    differing = sum(diff.point(lambda v: 255 if v > 96 else 0).histogram()[255:])
    ink = sum(expected.point(lambda v: 255 if v < 128 else 0).histogram()[255:])
    share = differing / max(ink, 1)
    if share > tolerance:
        diff_path = tmp_path / f"diff-{name}"
        diff.save(diff_path)
        pytest.fail(f"{name}: {share:.1%} of pixels differ (of the ink; diff image: {diff_path})")
