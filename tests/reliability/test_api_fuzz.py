"""Fuzz the hub's JSON API from its own OpenAPI description: no 5xx, and help-queue answers match it.

schemathesis (4.x) generates cases from /openapi.json, valid ones and deliberately invalid ones, and checks
each answer: the maintained tool for this, far beyond hand-written bad inputs. Every operation is tried as a
kiosk (Bearer token) and as an advisor (session cookie + CSRF header) on a real hub process. All operations
must never answer 5xx; the help-queue ones (tags below, issue 4's contract) must also answer only the status
codes, content types and bodies their description declares, and refuse invalid input with a 4xx.
"""

from __future__ import annotations

import copy
import os
import time
from typing import Any

import pytest
import requests
import schemathesis
from hub_process import advisor_session
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core import NOT_SET
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("KIOSK_FUZZ_EXAMPLES", "12"))  # per operation, caller and mode
BUDGET_S = float(os.environ.get("KIOSK_FUZZ_BUDGET_S", "40"))  # past it, the rest get a smoke run
SMOKE_EXAMPLES = 3
CONTRACT_TAGS = {"hub", "help requests", "queue console"}
CONFORMANCE = {
    GenerationMode.POSITIVE: [status_code_conformance, content_type_conformance, response_schema_conformance],
    GenerationMode.NEGATIVE: [negative_data_rejection],
}
# Known hub bugs, each reproduced by a strict xfail test in test_hub_known_bugs.py: left out until fixed.
KNOWN: set[tuple[str, str]] = set()  # (operation, check) pairs of known, reported bugs
SKIPPED: set[str] = set()  # the learning-run bugs are fixed (issue 3)
LONE_SURROGATES_CRASH_422 = True  # a lone \ud800 in a string: 500 instead of 422 (test_hub_known_bugs.py)


def _lone_surrogate(value: Any) -> bool:
    """True when a generated value holds a lone UTF-16 surrogate (JSON allows the escape, UTF-8 does not)."""
    if isinstance(value, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    if isinstance(value, dict):
        return any(_lone_surrogate(k) or _lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_lone_surrogate(v) for v in value)
    return False


def _tuples_as_arrays(node: Any) -> Any:
    """Work around schemathesis 4.32 rejecting OpenAPI 3.1 ``prefixItems`` when validating answers
    (schemathesis issues 3842/4099): a tuple of one item type becomes an array of that type, same length."""
    if isinstance(node, list):
        return [_tuples_as_arrays(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _tuples_as_arrays(v) for k, v in node.items()}
    prefix = node.get("prefixItems")
    if isinstance(prefix, list) and prefix and all(p == prefix[0] for p in prefix) and "items" not in node:
        node.pop("prefixItems")
        node["items"] = prefix[0]
    return node


def _streams(operation) -> bool:
    """True for Server-Sent Events endpoints: an endless answer, tested in test_sse_restart.py."""
    responses = operation.definition.raw.get("responses", {})
    return any("text/event-stream" in (r.get("content") or {}) for r in responses.values())


def _has_inputs(operation) -> bool:
    raw = operation.definition.raw
    return bool(raw.get("parameters") or raw.get("requestBody"))


def _callers(hub) -> dict[str, requests.Session]:
    kiosk = requests.Session()
    kiosk.trust_env = False
    kiosk.headers["Authorization"] = f"Bearer {hub.tokens['borne-1']}"
    advisor, csrf = advisor_session(hub.url, "anne")
    advisor.headers["X-CSRF-Token"] = csrf
    return {"kiosk": kiosk, "advisor": advisor}


def _fuzzer(
    operation, mode: GenerationMode, url: str, session: requests.Session, checks: list, examples: int
):
    """A Hypothesis test sending ``examples`` generated cases of ``operation`` and checking each answer."""

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,  # the same cases every run: a failure here is reproducible
        phases=[Phase.explicit, Phase.generate],  # no shrinking: the first failure is enough
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def fuzz(case) -> None:
        if LONE_SURROGATES_CRASH_422:
            parts = (case.body, case.query, case.path_parameters, case.headers, case.cookies)
            assume(not any(_lone_surrogate(p) for p in parts if p is not None and p is not NOT_SET))
        case.call_and_validate(base_url=url, session=session, checks=checks, timeout=10)

    return fuzz


def test_no_generated_request_gets_a_server_error_or_an_undescribed_answer(hub):
    callers = _callers(hub)
    for topic in ("papiers", "emails", "internet"):  # ids 1-3 exist, so actions meet real requests too
        made = callers["kiosk"].post(f"{hub.url}/api/help-requests", json={"topic": topic}, timeout=5)
        assert made.status_code == 201, made.text
    raw = callers["kiosk"].get(f"{hub.url}/openapi.json", timeout=5).json()
    schema = schemathesis.openapi.from_dict(_tuples_as_arrays(copy.deepcopy(raw)))
    started = time.monotonic()
    failures: list[str] = []
    tried: set[str] = set()
    for result in schema.get_all_operations():
        operation = result.ok()
        if _streams(operation) or operation.label in SKIPPED:
            continue
        contract = bool(CONTRACT_TAGS & set(operation.definition.raw.get("tags", [])))
        for who, session in callers.items():
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                if mode is GenerationMode.NEGATIVE and not _has_inputs(operation):
                    continue  # nothing to make invalid
                checks = [not_a_server_error, *(CONFORMANCE[mode] if contract else [])]
                checks = [c for c in checks if (operation.label, c.__name__) not in KNOWN]
                examples = EXAMPLES if time.monotonic() - started < BUDGET_S else SMOKE_EXAMPLES
                tried.add(operation.label)
                try:
                    _fuzzer(operation, mode, hub.url, session, checks, examples)()
                except Unsatisfiable:
                    pass  # schemathesis could not build an invalid case for this operation
                except (Exception, BaseExceptionGroup) as exc:  # schemathesis raises a FailureGroup
                    failures.append(f"{operation.label} as {who} ({mode.value}): {exc}")
    assert {"POST /api/help-requests", "POST /api/help-requests/{request_id}/{action}"} <= tried
    assert not failures, "\n\n".join(failures)
    assert "Traceback" not in hub.process.log_tail(2000)
