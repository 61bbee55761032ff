"""The hub API's JSON shapes (pydantic) and the accessibility needs a request may carry."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kiosk.domain.topics import topic_by_id

# Accessibility needs a resident can declare at the kiosk; shown to the advisor on the ticket.
NEED_IDS = ("hearing", "sight", "reading", "language", "mobility", "time")
Need = Literal["hearing", "sight", "reading", "language", "mobility", "time"]


class Topic(BaseModel):
    """A help topic a kiosk offers."""

    id: str
    label: str
    prefix: str
    pictogram: str


class HelpRequestIn(BaseModel):
    """What a kiosk sends to join the queue. Unknown fields, wrong types and unknown ids are refused (422)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    topic: Annotated[str, Field(min_length=1, max_length=40, description="an id from GET /api/topics")]
    first_name: Annotated[str | None, Field(max_length=100, description="cleaned, cut to 30 characters")] = (
        None
    )
    needs: Annotated[list[Need], Field(max_length=len(NEED_IDS))] = []
    idempotency_key: Annotated[
        str | None,
        Field(
            min_length=1,
            max_length=100,
            pattern=r"^[A-Za-z0-9._:-]+$",
            description="the same key from the same kiosk returns the same request (200)",
        ),
    ] = None
    lesson_id: Annotated[
        str | None,
        Field(
            min_length=1,
            max_length=60,
            pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
            description="the lesson the resident was following (kebab-case), shown to the advisor",
        ),
    ] = None
    step_id: Annotated[
        str | None,
        Field(
            min_length=1,
            max_length=40,
            pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
            description="the step of that lesson",
        ),
    ] = None

    @field_validator("topic")
    @classmethod
    def _known_topic(cls, value: str) -> str:
        if topic_by_id(value) is None:
            raise ValueError("unknown topic (see GET /api/topics)")
        return value


class HelpRequestOut(BaseModel):
    """A help request as a kiosk sees it (no first name, no needs)."""

    id: int
    ticket: str
    topic: str
    topic_label: str
    status: str
    position: int | None = Field(description="1-based rank among waiting requests; null when not waiting")
    ahead: int | None = Field(description="people before this one; null when not waiting")
    wait_minutes: tuple[int, int] = Field(description="estimated wait range in minutes [low, high]")
    created_at: str
    called_at: str | None
    started_at: str | None
    finished_at: str | None
    kiosk_id: str
    site_id: str = Field(description="the site whose queue it is in")
    away_until: str | None = Field(
        description="while waiting: when the site's advisor is back (UTC), if they are away until a time"
    )
    recall_count: int = Field(
        0, description="how many times the advisor called it again (kiosks say it again)"
    )


class HelpRequestForAdvisor(HelpRequestOut):
    """A help request as an advisor sees it."""

    first_name: str
    needs: list[str]
    priority: bool
    lesson_id: str | None
    step_id: str | None
    assigned_to: str | None = Field(description="the advisor it was redirected to")
    advisor: str | None = Field(description="the advisor who called or started it")
    redirect_count: int


_SITE_ID = r"^[a-z0-9][a-z0-9-]{0,39}$"


class ActionIn(BaseModel):
    """Optional body of an action. Only « redirect » reads it: to another site and/or advisor."""

    model_config = ConfigDict(extra="forbid")

    site: Annotated[str | None, Field(max_length=40, pattern=_SITE_ID)] = None
    advisor: Annotated[str | None, Field(max_length=40, pattern=r"^[a-z0-9][a-z0-9._-]{1,39}$")] = None


class PriorityIn(BaseModel):
    """Mark a request as priority (it passes at most 2 people) or not."""

    model_config = ConfigDict(extra="forbid", strict=True)

    priority: bool


class PauseIn(BaseModel):
    """Pause a site's queue, optionally until a local time « 15:00 » (tickets keep their place)."""

    model_config = ConfigDict(extra="forbid")

    site: Annotated[str | None, Field(max_length=40, pattern=_SITE_ID)] = None
    until: Annotated[str | None, Field(pattern=r"^([01]?[0-9]|2[0-3])[:h]([0-5][0-9])$")] = None


class SiteIn(BaseModel):
    """Which site (default: the caller's)."""

    model_config = ConfigDict(extra="forbid")

    site: Annotated[str | None, Field(max_length=40, pattern=_SITE_ID)] = None


class QueueStatus(BaseModel):
    """A site's queue as a kiosk needs it before issuing a ticket."""

    site_id: str
    site_name: str
    waiting: int = Field(description="people waiting at this site")
    wait_minutes: tuple[int, int] = Field(description="estimated wait for a new ticket [low, high]")
    advisors: int = Field(1, description="advisors on duty the wait is shared by (at least 1)")
    away: bool = Field(description="the advisor is away (paused)")
    away_until: str | None = Field(description="when they are back (UTC), if known")
    away_message: str = Field(description="French sentence for kiosks and the display; empty when present")
    ends_at: str | None = Field(description="when the current drop-in ends (UTC), if known")
    accepting: bool = Field(description="false: the wait runs past the end of the drop-in (cut-off)")
    message: str = Field(description="French explanation when not accepting")
    closing_time: str | None = Field(None, description="the site's daily closing time, local HH:MM, if set")


class ActivityIn(BaseModel):
    """The advisor's version of a CRA line (La Coop's API values)."""

    model_config = ConfigDict(extra="forbid")

    duration_min: Annotated[int, Field(ge=1, le=1439)]
    theme: Annotated[str, Field(max_length=60)]
    equipment: Annotated[list[Annotated[str, Field(max_length=20)]], Field(max_length=5)] = []
    autonomy: Annotated[str, Field(max_length=40)] = ""
    redirection: Annotated[str, Field(max_length=60)] = ""
    note: Annotated[str, Field(max_length=500)] = ""


class ActivityOut(ActivityIn):
    """A CRA line as stored."""

    request_id: int
    day: str
    place: str
    place_type: str
    advisor: str
    confirmed: bool


class DisplayCall(BaseModel):
    """A ticket on the public display (never a name)."""

    ticket: str
    status: str
    called_at: str | None
    recall_count: int = Field(0, description="« Rappeler » presses: the display announces each again")


class DisplayOut(BaseModel):
    """What the public call display shows."""

    site_name: str
    current: list[DisplayCall] = Field(description="tickets called now, newest first")
    recent: list[DisplayCall] = Field(description="the last calls before them")
    away_message: str
    waiting: int


class Problem(BaseModel):
    """An error answer."""

    detail: str
