"""The kiosk's only way to talk to the hub: blocking JSON calls over requests, with an offline outbox.

Thread-safety: a HubClient is used from one worker thread at a time (never from the Kivy UI thread);
it shares one requests.Session, which is not safe for concurrent use. ``flush_outbox`` additionally takes a
lock, so a periodic flush and a new request in the same process never send one outbox item twice at once
(and the hub's idempotency keys make a repeat harmless anyway).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import requests

from kiosk.client.outbox import Outbox
from kiosk.client.port import (
    AgendaPage,
    HelpTicket,
    HubRefused,
    HubUnavailable,
    PrintJob,
    Queued,
    QueueStatus,
    Registration,
)
from kiosk.domain.help_requests import clean_first_name

log = logging.getLogger(__name__)

HELP_REQUEST = "help_request"
# Delivered or refused outbox rows (no personal data left) are kept this long, for the logs, then deleted.
OUTBOX_KEEP = timedelta(days=7)
# Answers that mean "not now", not "never": the item stays in the outbox.
_RETRYABLE_4XX = frozenset({408, 425, 429})
# Answers about the kiosk itself (its token), not about one item: keep items, stop flushing.
_KIOSK_REFUSED = frozenset({401, 403})


class HubClient:
    """Blocking client of the hub's JSON API. One worker thread at a time (see module doc).

    Args:
        base_url: the hub's address, e.g. ``http://127.0.0.1:8470``.
        token: this kiosk's token (sent as ``Authorization: Bearer``).
        outbox: where requests go while the hub is unreachable.
        timeout: seconds allowed to connect, and then between bytes of the answer, for every call.
        ca_file: the hub's certificate authority (``[kiosk] hub_ca``): an ``https://`` hub must present a
            certificate it signed (the system's authorities are not used, nor the environment's).
    """

    def __init__(
        self, base_url: str, token: str, *, outbox: Outbox, timeout: float = 5.0, ca_file: str = ""
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.outbox = outbox
        self.timeout = timeout
        self._session = requests.Session()
        if urlsplit(self.base_url).hostname in ("127.0.0.1", "localhost", "::1"):
            self._session.trust_env = False  # an embedded hub: never through a proxy from the environment
        if ca_file:
            self._session.verify = ca_file
            self._session.trust_env = False  # REQUESTS_CA_BUNDLE would otherwise replace the hub's authority
        self._session.headers.update({"Authorization": f"Bearer {token}", "Accept": "application/json"})
        self._flush_lock = threading.Lock()
        self.hub_time: datetime | None = None  # the hub's clock in its last health answer

    def close(self) -> None:
        """Close pooled connections."""
        self._session.close()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- raw calls -----------------------------------------------------------------------------------

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> requests.Response:
        """One HTTP call. Raises HubUnavailable (network, timeout, 5xx, 408/429) or HubRefused (other 4xx)."""
        url = self.base_url + path
        try:
            response = self._session.request(method, url, json=body, timeout=self.timeout)
        except requests.Timeout as exc:
            raise HubUnavailable(f"{method} {url}: no answer within {self.timeout} s") from exc
        except requests.RequestException as exc:
            raise HubUnavailable(f"{method} {url}: {exc.__class__.__name__}: {exc}") from exc
        status = response.status_code
        if status >= 500 or status in _RETRYABLE_4XX:
            raise HubUnavailable(f"{method} {url}: HTTP {status}")
        if status >= 400:
            raise HubRefused(status, _detail(response))
        return response

    def _json(self, response: requests.Response) -> Any:
        try:
            return response.json()
        except ValueError as exc:
            raise HubUnavailable(f"{response.url}: answer is not JSON") from exc

    # -- API -----------------------------------------------------------------------------------------

    def healthy(self) -> bool:
        """True when ``GET /healthz`` answers ``{"status": "ok"}`` in time. Never raises."""
        try:
            data = self._json(self._call("GET", "/healthz"))
        except (HubUnavailable, HubRefused):
            return False
        return isinstance(data, dict) and data.get("status") == "ok"

    def topics(self) -> list[dict[str, Any]]:
        """The help topics: ``[{"id", "label", "prefix", "pictogram"}]``. Raises HubUnavailable/HubRefused."""
        data = self._json(self._call("GET", "/api/topics"))
        if not isinstance(data, list):
            raise HubUnavailable("/api/topics: expected a JSON list")
        return data

    def help_request(self, request_id: int | str) -> HelpTicket:
        """The current state of a request this kiosk made. Raises HubUnavailable/HubRefused."""
        return self._ticket(self._call("GET", f"/api/help-requests/{request_id}"))

    def request_help(
        self,
        topic: str,
        first_name: str = "",
        needs: Iterable[str] = (),
        *,
        lesson_id: str | None = None,
        step_id: str | None = None,
    ) -> HelpTicket | Queued:
        """Join the advisor's queue.

        Older outbox items are delivered first, so requests reach the hub in the order residents made them;
        if some cannot be, this one is queued behind them without trying.

        Returns:
            HelpTicket when the hub answered; Queued when it was unreachable (the request is in the outbox).

        Raises:
            HubRefused: the hub refused this request (4xx: unknown topic, bad token…); it is not queued.
        """
        key = uuid.uuid4().hex
        payload = {
            "topic": topic,
            "first_name": clean_first_name(first_name),
            "needs": list(needs),
            "idempotency_key": key,
        }
        if lesson_id is not None:  # « Appeler le conseiller » from a lesson: where the resident is stuck
            payload["lesson_id"] = lesson_id
        if step_id is not None:
            payload["step_id"] = step_id
        if self.outbox.count_pending():
            self.flush_outbox()
            if self.outbox.count_pending():
                return self._queue(payload, "older requests are still waiting")
        try:
            return self._ticket(self._call("POST", "/api/help-requests", payload))
        except HubUnavailable as exc:
            return self._queue(payload, str(exc))

    def _queue(self, payload: dict[str, Any], reason: str) -> Queued:
        key = payload["idempotency_key"]
        self.outbox.add(HELP_REQUEST, payload, key)
        log.warning("hub unavailable, help request %s kept in the outbox: %s", key, reason)
        return Queued(idempotency_key=key, topic=payload["topic"])

    def flush_outbox(self) -> int:
        """Deliver pending outbox items, oldest first, each exactly once (idempotency key).

        Stops at the first unavailability (the rest waits for the next flush) and when the hub refuses this
        kiosk's token (401/403: a set-up problem, the items are kept). Any other 4xx marks that item failed
        (logged, never retried) and goes on with the next.

        Returns:
            How many items the hub now has.
        """
        delivered = 0
        with self._flush_lock:
            for item in self.outbox.pending():
                try:
                    response = self._call("POST", "/api/help-requests", item.payload)
                    ticket = self._ticket(response)
                except HubUnavailable as exc:
                    self.outbox.record_attempt(item.idempotency_key, str(exc))
                    log.info("outbox: hub still unavailable (%s)", exc)
                    break
                except HubRefused as exc:
                    if exc.status_code in _KIOSK_REFUSED:
                        self.outbox.record_attempt(item.idempotency_key, str(exc))
                        log.error(
                            "outbox: the hub refuses this kiosk's token (%s); check [kiosk] hub_token",
                            exc.status_code,
                        )
                        break
                    self.outbox.mark_failed(item.idempotency_key, str(exc))
                    log.error(
                        "outbox: %s %s refused by the hub, dropped: %s", item.kind, item.idempotency_key, exc
                    )
                    continue
                self.outbox.mark_delivered(
                    item.idempotency_key, result_id=str(ticket.id), result_ticket=ticket.ticket
                )
                delivered += 1
                log.info(
                    "outbox: delivered %s %s as ticket %s", item.kind, item.idempotency_key, ticket.ticket
                )
            if delivered:
                self.outbox.purge(OUTBOX_KEEP)
        return delivered

    def _ticket(self, response: requests.Response) -> HelpTicket:
        data = self._json(response)
        try:
            return HelpTicket.from_json(data)
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise HubUnavailable(f"{response.url}: unexpected answer: {exc!r}") from exc

    def send_learning_run(self, run: dict[str, Any]) -> bool:
        """Send one anonymous lesson run (kiosk.domain.progress.LessonRun.summary()) to the hub.

        Best effort, never queued: statistics lost while the hub is down are acceptable. Resending the same
        ``run_key`` replaces the earlier copy. Returns True when the hub stored it; never raises.
        """
        try:
            self._call("POST", "/api/learning-runs", run)
        except (HubUnavailable, HubRefused) as exc:
            log.info("learning statistics not sent: %s", exc)
            return False
        return True

    # -- agenda, registrations, print jobs, printer health ---------------------------------------------

    def agenda(self, first: str, last: str) -> AgendaPage:
        """``GET /api/agenda`` from ``first`` to ``last`` (YYYY-MM-DD). Raises HubUnavailable/HubRefused."""
        data = self._json(self._call("GET", f"/api/agenda?from={first}&to={last}"))
        if not isinstance(data, dict) or not isinstance(data.get("sessions"), list):
            raise HubUnavailable("/api/agenda: unexpected answer")
        page = AgendaPage.from_json(data)
        if page.skipped:
            log.warning("agenda: %d session(s) of the hub's answer skipped (unreadable)", page.skipped)
        return page

    def register(
        self, session_id: str, first_name: str, phone: str, *, no_phone: bool, idempotency_key: str
    ) -> Registration:
        """Register for a workshop. Not queued offline (the seat is decided by the hub); the same key again
        is harmless. Raises HubUnavailable/HubRefused."""
        body = {
            "session_id": session_id,
            "first_name": first_name,
            "phone": phone,
            "no_phone": no_phone,
            "idempotency_key": idempotency_key,
        }
        data = self._json(self._call("POST", "/api/registrations", body))
        try:
            return Registration.from_json(data)
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise HubUnavailable(f"/api/registrations: unexpected answer: {exc!r}") from exc

    def next_print_job(self) -> PrintJob | None:
        """The next slip staff sent to this kiosk (now marked printing), or None. Raises HubUnavailable."""
        response = self._call("GET", "/api/print-jobs/next")
        if response.status_code == 204:
            return None
        data = self._json(response)
        try:
            return PrintJob.from_json(data)
        except (AttributeError, KeyError, TypeError, ValueError):
            log.warning("print job unreadable: %.300r", data)
            return None

    def print_job_result(self, job_id: int, *, ok: bool, error: str = "") -> None:
        """Acknowledge a print job. Raises HubUnavailable/HubRefused."""
        self._call("POST", f"/api/print-jobs/{job_id}/result", {"ok": ok, "error": error[:300]})

    def report_health(
        self,
        *,
        printer_uri: str,
        online: bool | None,
        paper: str | None,
        last_error: str = "",
        itself: dict[str, Any] | None = None,
    ) -> bool:
        """Tell the hub how the printer is and (``itself``: version, uptime_s, screen, clock) how the
        kiosk is. Best effort: True when stored; never raises. The hub's clock from its answer is kept
        in ``hub_time`` (None until one answer came)."""
        body = {"printer_uri": printer_uri, "online": online, "paper": paper, "last_error": last_error[:300]}
        body.update({k: v for k, v in (itself or {}).items() if v is not None})
        try:
            answer = self._json(self._call("POST", "/api/kiosks/health", body))
        except (HubUnavailable, HubRefused) as exc:
            log.info("printer health not sent: %s", exc)
            return False
        with contextlib.suppress(KeyError, TypeError, ValueError):
            self.hub_time = datetime.fromisoformat(str(answer["reported_at"]))
        return True

    # -- queue console ---------------------------------------------------------------------------------

    def queue_status(self) -> QueueStatus:
        """``GET /api/queue`` for this kiosk's site. Raises HubUnavailable/HubRefused."""
        data = self._json(self._call("GET", "/api/queue"))
        try:
            return QueueStatus.from_json(data)
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise HubUnavailable(f"/api/queue: unexpected answer: {exc!r}") from exc

    def cancel_help(self, request_id: int | str) -> HelpTicket:
        """« Annuler ma demande »: cancel this kiosk's own request. Raises HubUnavailable/HubRefused
        (409 when it was already called or closed)."""
        return self._ticket(self._call("POST", f"/api/help-requests/{request_id}/cancel"))


def _detail(response: requests.Response) -> str:
    """The error text of a 4xx answer: FastAPI's ``detail`` when there is one."""
    try:
        data = response.json()
    except ValueError:
        return response.text[:300]
    detail = data.get("detail", data) if isinstance(data, dict) else data
    return str(detail)[:300]
