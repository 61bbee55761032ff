"""JSON API of print jobs (staff create, kiosks pull and acknowledge) and kiosks' printer health.

Thread-safety: routes run in FastAPI's thread pool; PrintJobs is thread-safe.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Response, status
from pydantic import BaseModel, ConfigDict, Field

from kiosk.domain.appointments import Appointment
from kiosk.hub.auth.deps import AdvisorCaller, Hub, KioskCaller
from kiosk.hub.print_jobs.sql import KioskHealth, KioskSelf, PrintJob
from kiosk.hub.web.errors import NotFound
from kiosk.i18n import _

router = APIRouter(tags=["printing"])
JobId = Annotated[int, Path(ge=1, le=2**62)]


class PrintJobIn(BaseModel):
    """A slip to print on a kiosk (staff)."""

    model_config = ConfigDict(extra="forbid")

    kiosk_id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]
    kind: Literal["appointment"] = "appointment"
    appointment: Appointment


class PrintJobOut(BaseModel):
    """A job as kiosks and staff see it; ``payload`` holds the appointment fields."""

    id: int
    kiosk_id: str
    kind: str
    payload: dict[str, Any]
    status: Literal["pending", "printing", "done", "failed"]
    error: str
    created_by: str
    created_at: str
    finished_at: str | None

    @classmethod
    def of(cls, job: PrintJob) -> PrintJobOut:
        """The API view of a stored job (the dataclass's fields of the same names)."""
        return cls.model_validate(job, from_attributes=True)


class PrintResultIn(BaseModel):
    """The kiosk's answer: printed, or not with the printer's reason."""

    ok: bool
    error: Annotated[str, Field(max_length=300)] = ""


class HealthIn(BaseModel):
    """What a kiosk knows of its printer (``online``/``paper`` null when it cannot tell) and of itself:
    ``version``, ``uptime_s``, ``screen`` and ``clock`` (null or absent: not said, the previous value
    stays; kiosks of older versions send none of them)."""

    printer_uri: Annotated[str, Field(max_length=200)] = ""
    online: bool | None = None
    paper: Literal["ok", "near_end", "out"] | None = None
    last_error: Annotated[str, Field(max_length=300)] = ""
    version: Annotated[str, Field(max_length=40)] | None = None
    uptime_s: Annotated[int, Field(ge=0)] | None = None
    screen: Literal["on", "off", "attract"] | None = None
    clock: Literal["ok", "wrong"] | None = None


class HealthOut(HealthIn):
    """A kiosk's last report."""

    kiosk_id: str
    last_error_at: str | None
    reported_at: str

    @classmethod
    def of(cls, health: KioskHealth) -> HealthOut:
        """The API view of a kiosk's stored report (the dataclass's fields of the same names)."""
        return cls.model_validate(health, from_attributes=True)


@router.post("/api/print-jobs", status_code=status.HTTP_201_CREATED)
def create_job(body: PrintJobIn, hub: Hub, who: AdvisorCaller) -> PrintJobOut:
    """Queue a slip for a kiosk's printer (staff)."""
    assert who.user is not None
    payload = body.appointment.model_dump(mode="json")
    return PrintJobOut.of(
        hub.print_jobs.create(body.kiosk_id, body.kind, payload, who.user.name, hub.clock())
    )


@router.get("/api/print-jobs")
def list_jobs(hub: Hub, _who: AdvisorCaller) -> list[PrintJobOut]:
    """The 50 newest jobs (staff), failures with their reason."""
    return [PrintJobOut.of(j) for j in hub.print_jobs.recent()]


@router.get("/api/print-jobs/next", responses={204: {"description": "nothing to print"}})
def next_job(hub: Hub, who: KioskCaller) -> Any:
    """The next job for the calling kiosk, now marked printing; 204 when there is none."""
    assert who.kiosk_id is not None
    job = hub.print_jobs.claim(who.kiosk_id, hub.clock())
    if job is None:
        return Response(status_code=status.HTTP_204_NO_CONTENT)
    return PrintJobOut.of(job)


@router.post("/api/print-jobs/{job_id}/result")
def job_result(job_id: JobId, body: PrintResultIn, hub: Hub, who: KioskCaller) -> PrintJobOut:
    """The kiosk says whether the job printed (404 when it is not this kiosk's job)."""
    assert who.kiosk_id is not None
    job = hub.print_jobs.finish(job_id, who.kiosk_id, ok=body.ok, error=body.error, now=hub.clock())
    if job is None:
        raise NotFound(_("Impression introuvable."))
    return PrintJobOut.of(job)


@router.post("/api/print-jobs/{job_id}/retry")
def retry_job(job_id: JobId, hub: Hub, _who: AdvisorCaller) -> PrintJobOut:
    """A failed job back to pending (staff)."""
    job = hub.print_jobs.retry(job_id)
    if job is None:
        raise NotFound(_("Impression introuvable."))
    return PrintJobOut.of(job)


@router.post("/api/kiosks/health")
def report_health(body: HealthIn, hub: Hub, who: KioskCaller) -> HealthOut:
    """A kiosk reports its printer's state (periodically, and after each failure)."""
    assert who.kiosk_id is not None
    health = hub.print_jobs.report_health(
        who.kiosk_id,
        printer_uri=body.printer_uri,
        online=body.online,
        paper=body.paper,
        last_error=body.last_error,
        now=hub.clock(),
        itself=KioskSelf(body.version, body.uptime_s, body.screen, body.clock),
    )
    return HealthOut.of(health)


@router.get("/api/kiosks/health")
def kiosks_health(hub: Hub, _who: AdvisorCaller) -> list[HealthOut]:
    """Every kiosk's last printer report (staff)."""
    return [HealthOut.of(h) for h in hub.print_jobs.health()]
