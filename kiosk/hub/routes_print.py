"""JSON API of print jobs (staff create, kiosks pull and acknowledge) and kiosks' printer health.

Thread-safety: routes run in FastAPI's thread pool; PrintJobs is thread-safe.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field

from kiosk.domain.appointments import Appointment
from kiosk.hub.auth import Caller, advisor, kiosk
from kiosk.hub.print_jobs import KioskHealth, KioskSelf, PrintJob, PrintJobs
from kiosk.hub.state import HubState, hub_state
from kiosk.i18n import _

router = APIRouter(tags=["printing"])
Hub = Annotated[HubState, Depends(hub_state)]
JobId = Annotated[int, Path(ge=1, le=2**62)]


def print_jobs_service(request: Request) -> PrintJobs:
    """Dependency: the app's PrintJobs."""
    service: PrintJobs = request.app.state.print_jobs
    return service


Jobs = Annotated[PrintJobs, Depends(print_jobs_service)]


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
    """What a kiosk knows of its printer (``online``/``paper`` null when it cannot tell) and, since
    issue 9, of itself: ``version``, ``uptime_s``, ``screen`` and ``clock`` (null or absent: not said,
    the previous value stays; kiosks of older versions send none of them)."""

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
def create_job(
    body: PrintJobIn, hub: Hub, jobs: Jobs, who: Annotated[Caller, Depends(advisor)]
) -> PrintJobOut:
    """Queue a slip for a kiosk's printer (staff)."""
    assert who.user is not None
    payload = body.appointment.model_dump(mode="json")
    return PrintJobOut.of(jobs.create(body.kiosk_id, body.kind, payload, who.user.name, hub.clock()))


@router.get("/api/print-jobs")
def list_jobs(jobs: Jobs, _who: Annotated[Caller, Depends(advisor)]) -> list[PrintJobOut]:
    """The 50 newest jobs (staff), failures with their reason."""
    return [PrintJobOut.of(j) for j in jobs.recent()]


@router.get("/api/print-jobs/next", responses={204: {"description": "nothing to print"}})
def next_job(hub: Hub, jobs: Jobs, who: Annotated[Caller, Depends(kiosk)]) -> Any:
    """The next job for the calling kiosk, now marked printing; 204 when there is none."""
    assert who.kiosk_id is not None
    job = jobs.claim(who.kiosk_id, hub.clock())
    if job is None:
        return Response(status_code=status.HTTP_204_NO_CONTENT)
    return PrintJobOut.of(job)


@router.post("/api/print-jobs/{job_id}/result")
def job_result(
    job_id: JobId, body: PrintResultIn, hub: Hub, jobs: Jobs, who: Annotated[Caller, Depends(kiosk)]
) -> PrintJobOut:
    """The kiosk says whether the job printed (404 when it is not this kiosk's job)."""
    assert who.kiosk_id is not None
    job = jobs.finish(job_id, who.kiosk_id, ok=body.ok, error=body.error, now=hub.clock())
    if job is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=_("Impression introuvable."))
    jobs.purge(hub.clock())
    return PrintJobOut.of(job)


@router.post("/api/print-jobs/{job_id}/retry")
def retry_job(job_id: JobId, jobs: Jobs, _who: Annotated[Caller, Depends(advisor)]) -> PrintJobOut:
    """A failed job back to pending (staff)."""
    job = jobs.retry(job_id)
    if job is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=_("Impression introuvable."))
    return PrintJobOut.of(job)


@router.post("/api/kiosks/health")
def report_health(body: HealthIn, hub: Hub, jobs: Jobs, who: Annotated[Caller, Depends(kiosk)]) -> HealthOut:
    """A kiosk reports its printer's state (periodically, and after each failure)."""
    assert who.kiosk_id is not None
    health = jobs.report_health(
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
def kiosks_health(jobs: Jobs, _who: Annotated[Caller, Depends(advisor)]) -> list[HealthOut]:
    """Every kiosk's last printer report (staff)."""
    return [HealthOut.of(h) for h in jobs.health()]
