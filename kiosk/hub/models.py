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


class HelpRequestForAdvisor(HelpRequestOut):
    """A help request as an advisor sees it."""

    first_name: str
    needs: list[str]
    recall_count: int


class Problem(BaseModel):
    """An error answer."""

    detail: str
