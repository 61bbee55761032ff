"""An appointment to print on a slip, validated the same way from the CLI, the kiosk and the dashboard.

pydantic validates (it names the field and the problem). Immutable, thread-safe.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kiosk.domain.help_requests import clean_first_name
from kiosk.domain.receipts import Receipt
from kiosk.domain.slips import appointment

DURATIONS = (15, 30, 45, 60, 90, 120)


# Any real appointment, statistics period or agenda day; year 1 or 9999 cannot even change time zone.
FIRST_YEAR, LAST_YEAR = 2000, 2200


class Appointment(BaseModel):
    """What an appointment slip says. ``start`` must carry its UTC offset."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    first_name: Annotated[str, Field(max_length=60)] = ""
    start: datetime
    duration_min: Annotated[int, Field(ge=5, le=480)] = 30
    place: Annotated[str, Field(min_length=1, max_length=120)]
    advisor: Annotated[str, Field(max_length=60)] = ""
    bring: Annotated[tuple[Annotated[str, Field(max_length=80)], ...], Field(max_length=8)] = ()

    @field_validator("first_name")
    @classmethod
    def _name(cls, value: str) -> str:
        return clean_first_name(value)

    @field_validator("place", "advisor")
    @classmethod
    def _plain(cls, value: str) -> str:
        return " ".join("".join(c for c in value if c.isprintable()).split())

    @field_validator("start")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("a date and time with its UTC offset, e.g. 2026-12-03T14:30:00+01:00")
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise ValueError(f"a year from {FIRST_YEAR} to {LAST_YEAR}, got {value.year}")
        return value

    def receipt(self, *, site_name: str, printed_at: datetime, zone: object = None) -> Receipt:
        """The slip, times shown in ``zone`` (a tzinfo; default the start's own offset)."""
        start = self.start.astimezone(zone) if zone is not None else self.start  # type: ignore[arg-type]
        return appointment(
            site_name=site_name,
            first_name=self.first_name,
            start=start,
            duration_min=self.duration_min,
            place=self.place,
            advisor=self.advisor,
            bring=self.bring,
            printed_at=printed_at,
        )
