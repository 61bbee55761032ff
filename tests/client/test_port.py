"""Both the real hub client and the UI's fake hub keep to kiosk.client.port.HubPort: the same methods, the
same parameters (names, kinds, defaults) and the same annotated return types. mypy checks the rest: the
fakes are passed as HubPort in tests/ui/fakes.py's users and kiosk.ui.services.HubHandle."""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import pytest

from kiosk.client.hub_client import HubClient
from kiosk.client.outbox import Outbox
from kiosk.client.port import HubPort

sys.path.insert(0, str(Path(__file__).parents[1] / "ui"))
import fakes  # noqa: E402  (tests/ui/fakes.py, the UI tests' stand-in hub)

METHODS = sorted(
    name for name, value in vars(HubPort).items() if callable(value) and not name.startswith("_")
)


def _shape(cls: type, name: str) -> tuple[list[tuple[str, object, object]], object]:
    signature = inspect.signature(getattr(cls, name))
    params = [(p.name, p.kind, p.default) for p in signature.parameters.values()]
    return params, signature.return_annotation


@pytest.fixture
def client(tmp_path) -> HubClient:
    with HubClient("http://127.0.0.1:9", "t" * 40, outbox=Outbox(tmp_path / "outbox.sqlite3")) as made:
        yield made


def test_the_port_lists_what_screens_call():
    assert {"request_help", "help_request", "queue_status", "agenda", "register", "next_print_job"} <= set(
        METHODS
    )


@pytest.mark.parametrize("implementation", [HubClient, fakes.FakeHub], ids=["HubClient", "FakeHub"])
@pytest.mark.parametrize("name", METHODS)
def test_each_method_has_the_ports_signature(implementation, name):
    assert _shape(implementation, name) == _shape(HubPort, name)


def test_instances_satisfy_the_runtime_protocol(client):
    assert isinstance(client, HubPort)
    assert isinstance(fakes.FakeHub(), HubPort)


def test_the_check_sees_a_missing_method():
    class Partial:
        hub_time = None

        def request_help(self, topic: str) -> None: ...

    assert not isinstance(Partial(), HubPort)
    with pytest.raises(AssertionError):
        assert _shape(Partial, "request_help") == _shape(HubPort, "request_help")
