"""Issue 2's acceptance: the help journey by touch, the ticket printed on a network printer and read back.

The network printer is the TCP stand-in of tests/printing (the hardware edge); everything else is real:
the hub child process, the HubClient, the Kivy window under Xvfb and python-escpos's bytes.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

import advisor
import pytest
from conftest import ADVISOR
from journeys import ask_for_help

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "printing"))
from tcp_printer import TcpPrinter  # noqa: E402

pytestmark = pytest.mark.ui


def test_ticket_reaches_a_network_printer_and_reads_back_in_french(tmp_path, kiosk_factory):
    from kiosk.client.embedded_hub import EmbeddedHub
    from kiosk.config import load_config
    from kiosk.hub.admin.accounts import add_user_command
    from kiosk.printing.decode import decode_escpos

    with TcpPrinter("online") as printer:
        config_path = tmp_path / "kiosk.toml"
        config_path.write_text(
            '[site]\nname = "Médiathèque de la Côte des Roses"\n'
            '[kiosk]\nid = "cote-des-roses"\n'
            f'[hub]\ndata_dir = "{tmp_path / "data"}"\nlisten = "127.0.0.1:0"\n'
            f'[printer]\nuri = "{printer.uri}"\ntimeout_s = 3\n',
            encoding="utf-8",
        )
        config = load_config(config_path)
        assert add_user_command(config, ADVISOR["name"], "advisor", io.StringIO(ADVISOR["password"])) == 0
        hub = EmbeddedHub(config)
        url, token = hub.start(timeout=30)
        try:
            kiosk = kiosk_factory(
                hub_url=url, token=token, config_path=str(config_path), real_printer=True, poll_interval_s=0.5
            )
            ask_for_help(kiosk, "Zoé")
            kiosk.tap("help:validate")
            kiosk.wait_for("help_ticket", state="ticket", print_state="printed", timeout=15)
            ticket, request_id = kiosk.read("help_ticket", "ticket", "request_id").values()
            advisor.call(url, ADVISOR, request_id)  # as the help flow goes on: the advisor calls it
            kiosk.wait_for("help_ticket", state="called", timeout=15)
        finally:
            hub.stop()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not any(b"\x1dV" in job for job in printer.jobs):
            time.sleep(0.05)
        jobs = [job for job in printer.jobs if b"\x1dV" in job]  # the connection that printed and cut

    assert len(jobs) == 1, "exactly one ticket printed"
    printed = decode_escpos(jobs[0])
    text = " ".join(printed.text.split())
    assert ticket in text
    assert "Médiathèque de la Côte des Roses" in text
    assert "Mes papiers en ligne" in text
    assert "Vous êtes le prochain." in text
    assert "Zoé" not in text
    assert printed.qr == [f"kiosk:ticket:{request_id}"]
    assert printed.cuts == 1
