"""The pytest side of the remote pilot: a test taps and asserts in one function while the kiosk runs in its
own child process (Kivy allows one App per process), driven over a Unix socket (tests/ui/remote_child.py).

    def test_two_quick_taps_make_one_request(kiosk):
        ask_for_help(kiosk, "Zoé")
        kiosk.tap("help:validate")
        kiosk.tap("nav:home", fresh=False)
        kiosk.wait_for("help_ticket", state="ticket")
        assert kiosk.screen() == "help_ticket"

A command the child cannot carry out raises ``KioskError`` in the test with the child's traceback, the
screen it was on, its texts and a screenshot; every call has a deadline; a dead child fails the test with
the tail of its output; the child (and its Xvfb) is always ended when the fixture closes it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from driver import ROOT, child_command

START_TIMEOUT_S = 60.0
CALL_TIMEOUT_S = 30.0  # a command without its own deadline (a tap waits up to 10 s for its button)
MARGIN_S = 15.0  # on top of a command's own deadline: the answer still has to come back


class KioskError(Exception):
    """A command failed in the kiosk child, or the child stopped answering."""


class RemoteKiosk:
    """One kiosk app in a child process under its own X display, driven command by command.

    Not thread-safe: one test drives it. Values come back as JSON (lists, dicts, str, numbers).
    """

    def __init__(self, out_dir: Path, args: dict[str, Any], script: Path | None = None) -> None:
        self.out_dir = out_dir
        out_dir.mkdir(parents=True, exist_ok=True)
        name = f"\0kiosk-pilot-{uuid.uuid4().hex}"  # abstract socket: no file, no path-length limit
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(name)
        listener.listen(1)
        cmd, env = child_command(out_dir, {**args, "socket": name}, script)
        self._log_path = out_dir / "child.log"
        with open(self._log_path, "wb") as log:
            self.process = subprocess.Popen(
                cmd, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        try:
            self._sock = self._accept(listener)
        except BaseException:
            self.close()
            raise
        finally:
            listener.close()
        self._answers = self._sock.makefile("rb")

    def _accept(self, listener: socket.socket) -> socket.socket:
        listener.settimeout(0.2)
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                sock, _ = listener.accept()
                return sock
            except TimeoutError:
                if self.process.poll() is not None:
                    raise KioskError(self._died("while starting")) from None
                if time.monotonic() > deadline:
                    late = f"the kiosk did not start in {START_TIMEOUT_S:.0f} s\n{self.log_tail()}"
                    raise KioskError(late) from None

    def call(self, cmd: str, *args: Any, **kwargs: Any) -> Any:
        """Send one command and return its value; raises KioskError when it failed or nothing answered."""
        __tracebackhide__ = True  # pytest: the failure points at the test's line, not at this one
        limit = kwargs["timeout"] + MARGIN_S if "timeout" in kwargs else CALL_TIMEOUT_S
        what = f"{cmd}({', '.join([*map(repr, args), *(f'{k}={v!r}' for k, v in kwargs.items())])})"
        request = json.dumps({"cmd": cmd, "args": args, "kwargs": kwargs}, ensure_ascii=False)
        self._sock.settimeout(limit)
        try:
            self._sock.sendall(request.encode("utf-8") + b"\n")
            line = self._answers.readline()
        except TimeoutError:
            self.close()
            raise KioskError(f"no answer to {what} in {limit:.0f} s\n{self.log_tail()}") from None
        except OSError as exc:
            raise KioskError(self._died(f"at {what} ({exc})")) from None
        if not line:
            raise KioskError(self._died(f"at {what}"))
        answer = json.loads(line)
        if answer["ok"]:
            return answer["value"]
        raise KioskError(
            f"{what} failed on screen {answer.get('screen', '?')!r}\n"
            f"visible texts: {answer.get('texts', '?')}\nscreenshot: {answer.get('shot', '-')}\n"
            f"in the kiosk child:\n{answer['error']}"
        )

    def _died(self, when: str) -> str:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        return f"the kiosk child died {when} (status {self.process.returncode})\n{self.log_tail()}"

    def log_tail(self, chars: int = 5000) -> str:
        """The end of the child's stdout and stderr."""
        return self._log_path.read_text(encoding="utf-8", errors="replace")[-chars:]

    def close(self) -> None:
        """End the child's whole process group (the app, with_xvfb.py and its Xvfb): SIGTERM, which lets
        Xvfb remove its lock file, then SIGKILL for whatever is left after 5 s. Nothing of the child's
        state is wanted once the test is over, so the app is not asked to stop first (that took 1-2 s)."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=5)
            deadline = time.monotonic() + 5
            while self._group_alive() and time.monotonic() < deadline:
                time.sleep(0.05)  # Xvfb and the app are not our children: nothing to wait on but the group
            if not self._group_alive():
                break
        for stream in ("_answers", "_sock"):
            with contextlib.suppress(AttributeError, OSError):
                getattr(self, stream).close()

    def _group_alive(self) -> bool:
        """Whether a process of the child's group still runs (zombies, which the init process reaps in
        its own time, do not count). Linux: reads /proc."""
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                state, _ppid, group = stat.read_text().rsplit(")", 1)[1].split()[:3]
            except (OSError, IndexError, ValueError):
                continue  # gone meanwhile
            if int(group) == self.process.pid and state != "Z":
                return True
        return False

    # The commands (tests/ui/remote_child.py's Commands): each a line in the test.

    def tap(self, action: str, *, fresh: bool = True, scroll: bool = False) -> None:
        """Tap the button with ``action`` (waits up to 10 s for it); ``fresh=False`` keeps the debounce of
        the tap before; ``scroll`` first scrolls it into view as a finger would."""
        self.call("tap", action, fresh=fresh, scroll=scroll)

    def type(self, text: str) -> None:
        """Type ``text`` on the on-screen keyboard (« Maj » before a capital when it is not on) or keypad;
        « Écrire » first when the instruction has its own page."""
        self.call("type", text)

    def keyboard_stage(self) -> str | None:
        """« instruction » (its own page, small screens), « keys », or None without a keyboard page."""
        return self.call("keyboard_stage")

    def locate(self, action: str, *, scroll: bool = False) -> dict[str, Any]:
        """``{"uid": widget uid, "center": [x, y]}`` of the button (window pixels)."""
        return self.call("locate", action, scroll=scroll)

    def go(self, name: str) -> None:
        """Open the screen ``name`` as the app does, without a touch ("home": back home)."""
        self.call("go", name)

    def frames(self, count: int = 3) -> None:
        self.call("frames", count)

    def screen(self) -> str:
        """The current screen's name."""
        return self.call("screen")

    def texts(self) -> list[str]:
        """Every visible label's text, overlay included."""
        return self.call("texts")

    def buttons(self) -> list[str]:
        """The actions of every button in the window (hidden and disabled ones too), in widget order."""
        return self.call("buttons")

    def wait_screen(self, name: str, timeout: float = 10.0) -> None:
        self.call("wait_screen", name, timeout=timeout)

    def wait_text(self, part: str, timeout: float = 10.0, *, gone: bool = False) -> list[str]:
        """Wait until a visible text contains ``part`` (or none does, ``gone``); the visible texts then."""
        return self.call("wait_text", part, timeout=timeout, gone=gone)

    def read(self, screen: str, *names: str) -> Any:
        """Attributes of the screen called ``screen``: one name, its value; several, a dict."""
        return self.call("read", screen, *names)

    def layout(self, state: str) -> list[dict[str, Any]]:
        """Every visible button and label as tests/ui/test_layout.py's rows, tagged ``state``."""
        return self.call("layout", state)

    def set(self, screen: str, **values: Any) -> None:
        """Set attributes of the screen called ``screen``."""
        self.call("set", screen, **values)

    def wait_for(self, screen: str, timeout: float = 10.0, **expected: Any) -> dict[str, Any]:
        """Wait until the screen's attributes equal ``expected`` (a time-out says what they were)."""
        return self.call("wait_for", screen, timeout=timeout, **expected)

    def probe(self, name: str, **kwargs: Any) -> Any:
        """A named probe of the child (tests/ui/probes.py, tests/staff/kiosk_driver.py)."""
        return self.call("probe", name, **kwargs)

    def until(self, name: str, timeout: float = 10.0, **kwargs: Any) -> Any:
        """Wait until the named probe's value is truthy; that value."""
        return self.call("until", name, timeout=timeout, **kwargs)

    def do(self, name: str, **kwargs: Any) -> Any:
        """A named probe that changes something (the printer goes down, a worker lane is held)."""
        return self.call("do", name, **kwargs)

    def advance(self, seconds: float) -> None:
        """Move the fake monotonic clock (idle time-outs, debounce)."""
        self.call("advance", seconds)

    def screenshot(self, name: str) -> Path:
        """A PNG of the window, ``name``.png in the child's folder."""
        return Path(self.call("screenshot", name))

    def dispatch(self, event: str, *args: Any) -> bool:
        """Dispatch a Window event (``on_keyboard``, ``on_request_close``); whether a handler took it."""
        return self.call("dispatch", event, *args)


@contextlib.contextmanager
def kiosks(
    out_dir: Path, defaults: dict[str, Any], script: Path | None = None
) -> Iterator[Callable[..., RemoteKiosk]]:
    """A factory of kiosk children (``start(**args)``, ``defaults`` first), all ended on exit."""
    started: list[RemoteKiosk] = []

    def start(**args: Any) -> RemoteKiosk:
        kiosk = RemoteKiosk(out_dir / f"kiosk{len(started)}", {**defaults, **args}, script)
        started.append(kiosk)
        return kiosk

    try:
        yield start
    finally:
        for kiosk in started:
            kiosk.close()
