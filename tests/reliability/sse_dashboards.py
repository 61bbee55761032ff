"""Advisor dashboards for the queue benchmark, in their own process: SSE streams held like an EventSource.

Started by tests/benchmarks/bench_queue_load.py with multiprocessing (spawn), so this module must be
importable by name. Each stream records when the first event of every help request arrives
(``time.perf_counter``, CLOCK_MONOTONIC: comparable with the kiosk process); one advisor "works" the queue,
closing the oldest requests past ``QUEUE_DEPTH`` waiting. Results go back as plain tuples through a Queue.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field

import httpx

QUEUE_DEPTH = 60
ADVISOR_HANDS = 2  # concurrent actions of the advisor who works the queue


@dataclass
class Dashboard:
    """One advisor's stream as the dashboard process sees it."""

    cookies: dict[str, str]
    csrf: str
    works: bool  # closes the oldest requests past QUEUE_DEPTH, as a served queue stays short
    arrivals: dict[int, float] = field(default_factory=dict)  # request id → its first event's arrival
    reconnects: int = 0
    actions: int = 0
    action_errors: int = 0


async def _work(board: Dashboard, client: httpx.AsyncClient, url: str, todo: asyncio.Queue[int]) -> None:
    """The advisor: one action at a time, oldest first."""
    while True:
        request_id = await todo.get()
        try:
            answer = await client.post(f"{url}/api/help-requests/{request_id}/cancel")
            board.actions += answer.status_code == 200
            board.action_errors += answer.status_code not in (200, 409)  # 409: already closed
        except httpx.HTTPError:
            board.action_errors += 1


async def _follow(board: Dashboard, url: str, ready, stop) -> None:
    """Hold the stream like an EventSource: on a cut, reconnect with Last-Event-ID (and count it)."""
    waiting: dict[int, None] = {}  # ids in queue order
    todo: asyncio.Queue[int] = asyncio.Queue()
    timeout = httpx.Timeout(5, read=60)
    headers = {"X-CSRF-Token": board.csrf}
    last = ""
    async with httpx.AsyncClient(
        cookies=board.cookies, headers=headers, trust_env=False, timeout=timeout
    ) as client:
        workers = [asyncio.create_task(_work(board, client, url, todo)) for _ in range(ADVISOR_HANDS)]
        first = True
        while not stop.is_set():
            try:
                extra = {"Last-Event-ID": last} if last else {}
                async with client.stream("GET", f"{url}/api/events", headers=extra) as stream:
                    if first:
                        ready.release()
                        first = False
                    async for line in stream.aiter_lines():
                        if line.startswith("id: "):
                            last = line[4:]
                        elif line.startswith("data: "):
                            _seen(board, json.loads(line[6:]), waiting, todo)
                        if stop.is_set():
                            break
            except httpx.HTTPError:
                pass
            if not stop.is_set():
                board.reconnects += 1
                await asyncio.sleep(0.1)
        for worker in workers:
            worker.cancel()


def _seen(board: Dashboard, data: dict, waiting: dict[int, None], todo: asyncio.Queue[int]) -> None:
    board.arrivals.setdefault(data["id"], time.perf_counter())
    if not board.works:
        return
    if data["status"] == "waiting":
        waiting[data["id"]] = None
    else:
        waiting.pop(data["id"], None)
    while len(waiting) > QUEUE_DEPTH:
        oldest = next(iter(waiting))
        del waiting[oldest]
        todo.put_nowait(oldest)


def run_dashboards(url: str, sessions: list[tuple[dict, str]], drain: bool, ready, stop, results) -> None:
    """Process body: hold one stream per advisor until ``stop``; send back what each saw."""
    boards = [Dashboard(c, csrf, drain and i == 0) for i, (c, csrf) in enumerate(sessions)]

    async def main() -> None:
        tasks = [asyncio.create_task(_follow(board, url, ready, stop)) for board in boards]
        while not stop.is_set():
            await asyncio.sleep(0.2)
        await asyncio.wait(tasks, timeout=5)
        for task in tasks:
            task.cancel()

    asyncio.run(main())
    results.put([(b.arrivals, b.reconnects, b.actions, b.action_errors) for b in boards])
