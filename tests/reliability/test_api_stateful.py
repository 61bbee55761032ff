"""Stateful fuzzing: schemathesis chains the hub's operations (a kiosk creates a request, an advisor
calls, starts, finishes it, reads its CRA line…) from the links it infers in /openapi.json, each call made
by the caller its route's policy names (kiosk.hub.auth.roles). No sequence may get a 5xx."""

from __future__ import annotations

import copy
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from test_api_fuzz import _callers, _streams, _tuples_as_arrays

from kiosk.hub.auth.roles import ROUTE_POLICIES

pytestmark = pytest.mark.slow

STEPS = int(os.environ.get("KIOSK_STATEFUL_STEPS", "12"))
SCENARIOS = int(os.environ.get("KIOSK_STATEFUL_SCENARIOS", "10"))
KIOSK_ONLY = set(ROUTE_POLICIES["kiosk"])


def test_chained_operations_as_kiosk_and_advisor_never_get_a_server_error(hub):
    callers = _callers(hub)
    for topic in ("papiers", "emails"):
        assert callers["kiosk"].post(f"{hub.url}/api/help-requests", json={"topic": topic}, timeout=5).ok
    raw = callers["kiosk"].get(f"{hub.url}/openapi.json", timeout=5).json()
    raw = _tuples_as_arrays(copy.deepcopy(raw))
    topics = [t["id"] for t in callers["kiosk"].get(f"{hub.url}/api/topics", timeout=5).json()]
    raw["components"]["schemas"]["HelpRequestIn"]["properties"]["topic"]["enum"] = topics  # as /api/topics
    for name in ("lesson_id", "step_id"):  # free text ids: inference takes them for foreign keys to a
        raw["components"]["schemas"]["HelpRequestIn"]["properties"].pop(name)  # resource nothing makes,
    schema = schemathesis.openapi.from_dict(raw)  # and then never starts a chain with a new request
    schema = schema.exclude(func=lambda ctx: _streams(ctx.operation))
    calls: list[str] = []
    statuses: list[str] = []

    class Machine(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case):
            who = "kiosk" if f"{case.method.upper()} {case.path}" in KIOSK_ONLY else "advisor"
            calls.append(f"{who} {case.method.upper()} {case.path}")
            return {"base_url": hub.url, "session": callers[who], "timeout": 10}

        def after_call(self, response, case):
            statuses.append(f"{case.method.upper()} {case.path} {response.status_code}")

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=[not_a_server_error], transport_kwargs=kwargs)

    Machine.run(
        settings=settings(
            max_examples=SCENARIOS,
            stateful_step_count=STEPS,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
    )
    assert "kiosk POST /api/help-requests" in calls  # chains start with a kiosk's new request…
    assert "POST /api/help-requests/{request_id}/{action} 200" in statuses  # …that an advisor moves
    assert len(calls) >= SCENARIOS  # the machine did run sequences, not nothing
    assert "Traceback" not in hub.process.log_tail(2000)
