"""Printing benchmarks: ESC/POS bytes and render times of every receipt kind (ticket, test page, next
dates, confirmation, waitlist, appointment)."""

from __future__ import annotations

import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk import printing
from kiosk.domain.receipts import test_page

printing.prepare()  # as the kiosk does: escpos's printer database from the cache
from kiosk.printing.escpos_render import render_escpos  # noqa: E402
from kiosk.printing.preview import render_preview  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "printing"))
from printing_helpers import make_ticket  # noqa: E402  (tests/printing: the same sample ticket)

PARIS = ZoneInfo("Europe/Paris")
PROFILE = "TM-T88V"


def _median_ms(call, runs: int) -> float:
    call()  # warm caches (profiles, fonts)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _slip_rows() -> list[dict]:
    from slip_samples import samples

    rows = []
    for kind, receipt in samples().items():
        rows += [
            {
                "name": f"{kind} ESC/POS bytes ({PROFILE}, 80 mm)",
                "value": len(render_escpos(receipt, profile=PROFILE, paper_width_mm=80)),
                "unit": "bytes",
                "target": "<= 4096",
            },
            {
                "name": f"render_escpos({kind}), median of 20",
                "value": _median_ms(
                    lambda r=receipt: render_escpos(r, profile=PROFILE, paper_width_mm=80), 20
                ),
                "unit": "ms",
                "target": "< 50",
            },
            {
                "name": f"render_preview({kind}, 80 mm), median of 10",
                "value": _median_ms(lambda r=receipt: render_preview(r, paper_width_mm=80), 10),
                "unit": "ms",
                "target": "< 500",
            },
        ]
    return rows


def run() -> list[dict]:
    """Rows {"name", "value", "unit", "target"}."""
    ticket = make_ticket()
    page = test_page(
        site_name="Médiathèque de la Côte des Roses",
        printed_at=datetime(2026, 12, 4, 16, 5, tzinfo=PARIS),
        printer_uri="network://192.168.1.50:9100",
    )
    return [
        {
            "name": f"ticket ESC/POS bytes ({PROFILE}, 80 mm, native QR)",
            "value": len(render_escpos(ticket, profile=PROFILE, paper_width_mm=80)),
            "unit": "bytes",
            "target": "<= 1024",
        },
        {
            "name": "ticket ESC/POS bytes (simple profile, image QR)",
            "value": len(render_escpos(ticket, profile="simple", paper_width_mm=80)),
            "unit": "bytes",
            "target": "",
        },
        {
            "name": f"test page ESC/POS bytes ({PROFILE}, 80 mm)",
            "value": len(render_escpos(page, profile=PROFILE, paper_width_mm=80)),
            "unit": "bytes",
            "target": "",
        },
        {
            "name": "render_escpos(ticket), median of 50",
            "value": _median_ms(lambda: render_escpos(ticket, profile=PROFILE, paper_width_mm=80), 50),
            "unit": "ms",
            "target": "< 50",
        },
        {
            "name": "render_preview(ticket, 80 mm), median of 20",
            "value": _median_ms(lambda: render_preview(ticket, paper_width_mm=80), 20),
            "unit": "ms",
            "target": "< 500",
        },
        *_slip_rows(),
    ]


if __name__ == "__main__":
    for row in run():
        print(f"{row['name']}: {row['value']:.4g} {row['unit']} (target {row['target'] or '-'})")
