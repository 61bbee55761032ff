"""Issue 2's acceptance: the help journey by touch, the ticket printed on a network printer and read back.

The network printer is the TCP stand-in of tests/printing (the hardware edge); everything else is real:
the hub child process, the HubClient, the Kivy window under Xvfb and python-escpos's bytes.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

import pytest
from conftest import ADVISOR, run_driver

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "printing"))
from tcp_printer import TcpPrinter  # noqa: E402

pytestmark = pytest.mark.ui


def test_ticket_reaches_a_network_printer_and_reads_back_in_french(tmp_path):
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
            seen = run_driver(
                tmp_path / "driver",
                scenario="help_flow",
                hub_url=url,
                token=token,
                config_path=str(config_path),
                real_printer=True,
                advisor=ADVISOR,
                poll_interval_s=0.5,
            )
        finally:
            hub.stop()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not any(b"\x1dV" in job for job in printer.jobs):
            time.sleep(0.05)
        jobs = [job for job in printer.jobs if b"\x1dV" in job]  # the connection that printed and cut

    assert seen["print_state"] == "printed"
    assert len(jobs) == 1, "exactly one ticket printed"
    printed = decode_escpos(jobs[0])
    text = " ".join(printed.text.split())
    assert seen["ticket"] in text
    assert "Médiathèque de la Côte des Roses" in text
    assert "Mes papiers en ligne" in text
    assert "Vous êtes le prochain." in text
    assert "Zoé" not in text
    assert printed.qr == [f"kiosk:ticket:{seen['request_id']}"]
    assert printed.cuts == 1
