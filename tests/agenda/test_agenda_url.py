"""The agenda published at an http(s) URL: a tiny loopback HTTP server with an ETag; conditional GETs,
the cached copy, and offline use from the last good copy (« mis à jour le … »)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest

from kiosk.config import AgendaConfig, Config, HubConfig
from kiosk.content.agenda_fetch import REFRESH_EVERY
from kiosk.content.agenda_source import agenda_between

PARIS = ZoneInfo("Europe/Paris")
ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//FR\r\nBEGIN:VEVENT\r\nUID:p@t\r\n"
    "DTSTART;TZID=Europe/Paris:20261204T160000\r\nDTEND;TZID=Europe/Paris:20261204T170000\r\n"
    "SUMMARY:Permanence numérique\r\nLOCATION:{place}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


class Calendar:
    """What the server publishes, and what it was asked."""

    def __init__(self) -> None:
        self.place, self.etag, self.status = "Médiathèque", '"v1"', 200
        self.requests: list[dict[str, str]] = []


@pytest.fixture
def server():
    published = Calendar()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            published.requests.append({k: v for k, v in self.headers.items()})
            if published.status != 200:
                self.send_response(published.status)
                self.end_headers()
                return
            if self.headers.get("If-None-Match") == published.etag:
                self.send_response(304)
                self.send_header("ETag", published.etag)
                self.end_headers()
                return
            body = ICS.format(place=published.place).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar; charset=utf-8")
            self.send_header("ETag", published.etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield published, f"http://127.0.0.1:{httpd.server_address[1]}/agenda.ics", httpd
    httpd.shutdown()
    httpd.server_close()


def _agenda(url, tmp_path, now):
    config = Config(agenda=AgendaConfig(source=url), hub=HubConfig(data_dir=str(tmp_path)))
    start = datetime(2026, 12, 1, tzinfo=PARIS)
    return agenda_between(config, start, start + timedelta(days=10), fetched_at=now)


def test_fetched_cached_and_asked_again_with_the_etag(server, tmp_path):
    published, url, _httpd = server
    now = datetime(2026, 11, 30, 9, tzinfo=UTC)
    first = _agenda(url, tmp_path, now)
    assert [s.place for s in first.sessions] == ["Médiathèque"]
    assert (first.updated_at, first.stale) == (now, False)
    # Within the refresh period the copy is used without asking.
    _agenda(url, tmp_path, now + timedelta(minutes=1))
    assert len(published.requests) == 1
    # Later: a conditional GET; the server says 304, the copy is kept and is fresh again.
    later = now + REFRESH_EVERY + timedelta(seconds=1)
    again = _agenda(url, tmp_path, later)
    assert published.requests[-1].get("If-None-Match") == '"v1"'
    assert (again.updated_at, again.stale, [s.place for s in again.sessions]) == (
        later,
        False,
        ["Médiathèque"],
    )
    # The calendar changes: a new ETag, a 200, the new content.
    published.place, published.etag = "Salle 2", '"v2"'
    changed = _agenda(url, tmp_path, later + REFRESH_EVERY * 2)
    assert [s.place for s in changed.sessions] == ["Salle 2"]


def test_offline_uses_the_last_good_copy_and_says_since_when(server, tmp_path):
    published, url, httpd = server
    fetched = datetime(2026, 11, 30, 9, tzinfo=UTC)
    _agenda(url, tmp_path, fetched)
    published.status = 503
    broken = _agenda(url, tmp_path, fetched + timedelta(hours=1))
    assert (broken.stale, broken.updated_at, [s.place for s in broken.sessions]) == (
        True,
        fetched,
        ["Médiathèque"],
    )
    httpd.shutdown()
    httpd.server_close()  # the network is gone: connection refused
    offline = _agenda(url, tmp_path, fetched + timedelta(hours=2))
    assert (offline.stale, offline.updated_at, len(offline.sessions)) == (True, fetched, 1)


def test_no_copy_and_no_network_gives_an_empty_agenda(tmp_path, caplog):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    agenda = _agenda(f"http://127.0.0.1:{port}/agenda.ics", tmp_path, datetime(2026, 11, 30, tzinfo=UTC))
    assert (agenda.sessions, agenda.stale) == ([], True)
    assert "no earlier copy" in caplog.text
