"""What the UI talks to (hub client, printer, lessons, agenda, clocks), wired for real or injected by tests.

No Kivy here. Thread-safety: ``HubHandle`` and ``PrinterHandle`` are safe to use from worker threads;
everything they return is blocking and must be called from the worker, never from the UI thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo

from kiosk.config import Config

if TYPE_CHECKING:  # these load after the first frame (tests/ui/test_startup_work.py)
    from kiosk.client.port import HubPort
    from kiosk.device.clock_watch import ClockWatch
    from kiosk.domain.receipts import Receipt
    from kiosk.printing.errors import PrinterStatus

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent.parent


class HubNotReady(RuntimeError):
    """The hub client could not be made (embedded hub failed to start)."""


class HubHandle:
    """The hub client, once it exists. The embedded hub starts in the worker: ``get`` waits for it."""

    def __init__(self, client: HubPort | None = None) -> None:
        self._ready = threading.Event()
        self._client = client
        self._error: BaseException | None = None
        if client is not None:
            self._ready.set()

    def set(self, client: HubPort) -> None:
        self._client = client
        self._ready.set()

    def fail(self, error: BaseException) -> None:
        self._error = error
        self._ready.set()

    @property
    def ready(self) -> bool:
        return self._ready.is_set() and self._client is not None

    def get(self, timeout: float = 30.0) -> HubPort:
        """The client; blocks up to ``timeout`` s while the embedded hub starts. Raises HubNotReady."""
        if not self._ready.wait(timeout):
            raise HubNotReady("the hub is still starting")
        if self._client is None:
            raise HubNotReady(str(self._error or "no hub"))
        return self._client


class Printer(Protocol):
    """What the kiosk needs of a printer (kiosk.printing.printer.ReceiptPrinter; FakePrinter in tests)."""

    @property
    def uri(self) -> str: ...

    def print_receipt(self, receipt: Receipt) -> None: ...

    def status(self) -> PrinterStatus | None: ...


class PrinterHandle:
    """Opens the printer on first use (from the printer lane) and keeps it. With a ``clock`` (a
    ClockWatch), receipts printed while the clock is wrong leave today's date out."""

    def __init__(
        self,
        opener: Callable[[], Printer] | None = None,
        printer: Printer | None = None,
        clock: ClockWatch | None = None,
    ) -> None:
        self._opener = opener
        self._printer = printer
        self._lock = threading.Lock()
        self.clock = clock

    def get(self) -> Printer:
        with self._lock:
            if self._printer is None:
                if self._opener is None:
                    raise RuntimeError("no printer configured")
                self._printer = self._opener()
            return self._printer if self.clock is None else DateGuard(self._printer, self.clock)


class DateGuard:
    """A printer that prints receipts without today's date while ``clock.verdict()`` is not ok."""

    def __init__(self, printer: Printer, clock: ClockWatch) -> None:
        self.printer = printer
        self.clock = clock

    @property
    def uri(self) -> str:
        return self.printer.uri

    def status(self) -> PrinterStatus | None:
        return self.printer.status()

    def print_receipt(self, receipt: Receipt) -> None:
        from kiosk.domain.receipts import undated

        if not self.clock.verdict().ok:
            log.warning("clock not believed: printing %s without today's date", receipt.kind)
            receipt = undated(receipt, self.clock.now())
        self.printer.print_receipt(receipt)


@dataclass
class Services:
    """Everything a screen may call. Tests build one with fakes; ``real_services`` wires the real ones."""

    config: Config
    hub: HubHandle
    printer: PrinterHandle
    lessons_dir: Path
    load_lessons: Callable[[Path], Any]
    sessions: Callable[[datetime], list[Any]]
    now: Callable[[], datetime]
    monotonic: Callable[[], float] = time.monotonic
    start_hub: Callable[[], Any] | None = None  # run once in the worker when ``hub`` is not ready
    idle_timeout_s: float = 120.0
    idle_answer_s: float = 60.0
    poll_interval_s: float = 3.0
    print_fallback_s: float = 5.0  # never wait longer than this for the printer
    called_home_s: float = 90.0  # after « C'est à vous ! », back home
    flush_interval_s: float = 30.0
    health_interval_s: float = 60.0  # printer and kiosk health to the hub
    print_jobs_interval_s: float = 5.0  # slips staff send from the dashboard
    clock: ClockWatch | None = None  # None: the clock is believed (tests, demo fakes)
    screen_power: str = "none"  # [kiosk] screen_power (used in kiosk mode only)
    started: float = field(default_factory=time.monotonic)  # for the uptime reported to the hub
    closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        """Stop what the services started (embedded hub). Idempotent."""
        while self.closers:
            closer = self.closers.pop()
            try:
                closer()
            except Exception:  # closing must never prevent the next closer
                log.exception("closing %s failed", closer)


def _lessons_dir() -> Path:
    # kiosk.content.lessons.DEFAULT_LESSONS_DIR, without importing kiosk.content.lessons (ruamel.yaml, the
    # lesson models: 0.15 s) before the first frame; the « Apprendre » screen imports it when opened.
    return REPO_ROOT / "lessons"


class LessonShelf:
    """`kiosk.content.lessons.load_lessons`, read again only when a file of the folder changed (its name, size
    or modification time): each visit to « Apprendre » used to parse every lesson anew (15 MiB more RSS a
    visit for the first few, measured). Thread-safety: safe from the worker's threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: dict[Path, tuple[tuple[tuple[str, int, int], ...], Any]] = {}

    def load(self, folder: Path) -> Any:
        from kiosk.content.lessons import load_lessons

        signature = _signature(folder)
        with self._lock:
            kept = self._kept.get(folder)
            if kept is not None and kept[0] == signature:
                return kept[1]
            index = load_lessons(folder)
            self._kept[folder] = (signature, index)
            return index


def _signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    found = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        try:
            stat = path.stat()
        except OSError:
            continue
        found.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


def _make_client(config: Config, base_url: str, token: str, ca_file: str = "") -> Any:
    from kiosk.client.hub_client import HubClient
    from kiosk.client.outbox import Outbox

    config.data_dir.mkdir(parents=True, exist_ok=True)
    outbox = Outbox(config.data_dir / "outbox.sqlite3")
    return HubClient(base_url, token, outbox=outbox, timeout=5.0, ca_file=ca_file or config.kiosk.hub_ca)


def real_services(config: Config) -> Services:
    """The real services: HubClient (embedded hub when hub_url is empty), printer, lessons, agenda."""
    zone = ZoneInfo(config.site.timezone)
    holder = HubHandle()
    services: Services

    def start_hub() -> Any:
        if config.kiosk.hub_url:
            return _make_client(config, config.kiosk.hub_url, config.kiosk.hub_token)
        from kiosk.client.embedded_hub import EmbeddedHub

        hub = EmbeddedHub(config)
        base_url, token = hub.start()
        services.closers.append(hub.stop)
        return _make_client(config, base_url, token, hub.ca_file)

    def open_printer() -> Printer:
        from kiosk import printing

        printing.prepare()
        from kiosk.printing.printer import open_printer as opener

        preview = config.data_dir / "previews"
        preview.mkdir(parents=True, exist_ok=True)
        return opener(config.printer, preview_dir=preview)

    def sessions(now: datetime) -> list[Any]:
        from kiosk.content.agenda_source import upcoming_sessions

        return upcoming_sessions(config, now)

    from kiosk.device.clock_watch import ClockWatch

    clock = ClockWatch(config.data_dir / "kiosk-time-seen.txt", lambda: datetime.now(zone))
    services = Services(
        config=config,
        hub=holder,
        printer=PrinterHandle(open_printer, clock=clock),
        clock=clock,
        screen_power=config.kiosk.screen_power,
        lessons_dir=_lessons_dir(),
        load_lessons=LessonShelf().load,
        sessions=sessions,
        now=lambda: datetime.now(zone),
        start_hub=start_hub,
        idle_timeout_s=config.kiosk.idle_timeout_s,
        idle_answer_s=config.kiosk.idle_answer_s,
        print_fallback_s=min(5.0, config.printer.timeout_s + 0.5),
    )
    return services
