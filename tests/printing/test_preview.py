"""The on-screen preview: paper-sized at 203 dpi, the same layout as the print, compared with goldens."""

from __future__ import annotations

import pytest
from printing_helpers import assert_golden_image

from kiosk.printing.preview import render_preview


@pytest.mark.parametrize(("paper", "width"), [(80, 576), (58, 384)])
def test_preview_is_as_wide_as_the_printed_paper(ticket, page, paper, width):
    for receipt in (ticket, page):
        image = render_preview(receipt, paper_width_mm=paper)
        assert image.mode == "L" and image.width == width
        assert 600 < image.height < 1400


def test_ticket_number_is_drawn_very_large(ticket):
    image = render_preview(ticket, paper_width_mm=80)
    # Rows holding black pixels in the third text line (the number) span well over 100 px (≈ 13 mm).
    dark_rows = [y for y in range(90, 320) if min(image.crop((0, y, image.width, y + 1)).getdata()) < 128]
    assert dark_rows and dark_rows[-1] - dark_rows[0] > 100


@pytest.mark.parametrize(("name", "paper"), [("ticket", 80), ("ticket", 58), ("test_page", 80)])
def test_preview_matches_the_golden_image(tmp_path, ticket, page, name, paper):
    receipt = ticket if name == "ticket" else page
    assert_golden_image(f"{name}_{paper}mm.png", render_preview(receipt, paper_width_mm=paper), tmp_path)


def test_unknown_paper_width_is_refused(ticket):
    with pytest.raises(ValueError, match="58 or 80"):
        render_preview(ticket, paper_width_mm=110)
