"""Hub bugs found by the fuzzer, each reproduced exactly on a real hub process.

Strict xfail: once a bug is fixed its test passes, xfail turns that into a failure, and whoever fixed it
removes the mark here and the matching workaround in test_api_fuzz.py (KNOWN, ``_lone_surrogate``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from hub_process import (
    DB_NAME,
    HubProcess,
    Provisioned,
    RunningHub,
    advisor_session,
    copy_data,
    write_config,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def shared_hub(provisioned: Provisioned, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    """One hub for these independent reproductions (each uses its own kiosk or lesson ids)."""
    folder = tmp_path_factory.mktemp("known-bugs")
    copy_data(provisioned.folder, folder / "data")
    process = HubProcess(write_config(folder), folder / "hub.log")
    process.start()
    try:
        yield RunningHub(process, folder / "data" / DB_NAME, provisioned.tokens, folder)
    finally:
        process.close()


def _kiosk_post(hub: RunningHub, path: str, body: bytes | dict, kiosk: str = "borne-1") -> requests.Response:
    headers = {"Authorization": f"Bearer {hub.tokens[kiosk]}", "Content-Type": "application/json"}
    if isinstance(body, dict):
        return requests.post(f"{hub.url}{path}", json=body, headers=headers, timeout=5)
    return requests.post(f"{hub.url}{path}", data=body, headers=headers, timeout=5)


@pytest.mark.parametrize("field", ["topic", "first_name", "idempotency_key"])
def test_a_lone_surrogate_in_a_help_request_is_refused_not_a_server_error(shared_hub, field):
    fields = {"topic": '"papiers"', field: '"Zo\\ud800"'}
    body = "{" + ", ".join(f'"{k}": {v}' for k, v in fields.items()) + "}"
    answer = _kiosk_post(shared_hub, "/api/help-requests", body.encode())
    assert answer.status_code == 422, answer.status_code


def test_an_unknown_status_filter_answers_the_declared_422_shape(shared_hub):
    session, _csrf = advisor_session(shared_hub.url, "anne")
    answer = session.get(f"{shared_hub.url}/api/help-requests", params={"status": "bogus"}, timeout=5)
    assert answer.status_code == 422
    assert isinstance(answer.json()["detail"], list), answer.text


def test_a_lesson_run_with_a_repeated_step_index_is_refused_not_a_server_error(shared_hub):
    run = {
        "run_key": "repeated-index",
        "lesson_id": "repeated",
        "completed": False,
        "steps": [{"step_id": "a", "index": 0}, {"step_id": "b", "index": 0}],
    }
    answer = _kiosk_post(shared_hub, "/api/learning-runs", run, kiosk="borne-2")
    assert answer.status_code == 422, answer.status_code


def test_learning_stats_survive_an_unfinished_run_without_a_stop_step(shared_hub):
    run = {"run_key": "no-stop-step", "lesson_id": "unfinished", "completed": False}
    run["steps"] = [{"step_id": "a", "index": 0}]
    assert _kiosk_post(shared_hub, "/api/learning-runs", run, kiosk="borne-3").status_code == 204
    session, _csrf = advisor_session(shared_hub.url, "bruno")
    answer = session.get(f"{shared_hub.url}/api/learning-stats", timeout=5)
    assert answer.status_code == 200, answer.status_code


def test_the_hub_is_alive_after_the_reproductions(shared_hub):
    """The bugs above are answers, not crashes: the process still serves."""
    assert requests.get(f"{shared_hub.url}/healthz", timeout=5).json() == {"status": "ok"}
    assert shared_hub.process.alive()
