"""Reliability fixtures: one provisioned hub database per session, copied for each test's hub process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hub_process import DB_NAME, HubProcess, Provisioned, RunningHub, copy_data, provision, write_config

KIOSKS = ["borne-1", "borne-2", "borne-3"]
ADVISORS = ["anne", "bruno"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: real hub processes, seconds each (deselect with -m 'not slow')")


@pytest.fixture(scope="session", autouse=True)
def _hypothesis_outside_the_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Hypothesis (under schemathesis) caches data in ./.hypothesis by default; keep the work tree clean
    (a .hypothesis folder at the root also makes every later pytest run fail on a collection warning)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HYPOTHESIS_STORAGE_DIRECTORY", str(tmp_path_factory.mktemp("hypothesis")))
        yield


@pytest.fixture(scope="session")
def provisioned(tmp_path_factory: pytest.TempPathFactory) -> Provisioned:
    folder = tmp_path_factory.mktemp("hub-template")
    tokens = provision(write_config(folder), KIOSKS, ADVISORS)
    return Provisioned(folder / "data", tokens)


@pytest.fixture
def hub(provisioned: Provisioned, tmp_path: Path) -> Iterator[RunningHub]:
    """A started hub on a free loopback port, with its own copy of the provisioned database."""
    config = write_config(tmp_path)
    copy_data(provisioned.folder, tmp_path / "data")
    process = HubProcess(config, tmp_path / "hub.log")
    process.start()
    try:
        yield RunningHub(process, tmp_path / "data" / DB_NAME, provisioned.tokens, tmp_path)
    finally:
        process.close()
