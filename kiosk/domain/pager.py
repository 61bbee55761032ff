"""Splitting a lesson step into pages that fit the screen: one block (an idea: a paragraph, a card, a
picture, a button) is never cut between pages unless it is taller than a whole page, and then a text is
cut between two of its lines; a heading never ends a page, and a helper (« Je ne sais pas », « Un
indice ») never starts one alone. Pure arithmetic on heights; thread-safe.

Offsets are measured downwards from the top of the step's content, in any unit (the UI uses pixels).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

EPSILON = 0.5


@dataclass(frozen=True)
class Block:
    """One block of the step: ``top`` offset and ``height``; ``line`` > 0 for a text that may be cut
    between its lines (the line pitch); ``keep_with_next`` for a heading or band that must not end a page;
    ``keep_with_previous`` for what means nothing alone (the answer's « Je ne sais pas », « Un indice »):
    it does not start a page when the block before it can go along.
    """

    top: float
    height: float
    line: float = 0.0
    keep_with_next: bool = False
    keep_with_previous: bool = False

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass(frozen=True)
class Page:
    """The part of the content from ``top`` to ``bottom`` shown at once. ``continued``: it starts inside a
    text cut between lines; ``overflow``: a block taller than a page that cannot be cut is clipped."""

    top: float
    bottom: float
    continued: bool = False
    overflow: bool = False


def paginate(blocks: Sequence[Block], room: float) -> list[Page]:
    """Pages for ``blocks`` (sorted by top, non-overlapping) when a page shows ``room`` of content.

    Greedy: as many whole blocks as fit; a block that does not fit starts the next page; a
    ``keep_with_next`` block moves to the next page with its follower, and a ``keep_with_previous`` one
    takes the block before it along when both fit a page; a text taller than a page is cut after the
    last whole line that fits. Always at least one page.
    """
    items = sorted((b for b in blocks if b.height > 0), key=lambda b: b.top)
    if not items:
        return [Page(0.0, 0.0)]
    room = max(room, 1.0)
    pages: list[Page] = []
    i, top, continued = 0, items[0].top, False
    while i < len(items):
        j = i
        while j < len(items) and items[j].bottom - top <= room + EPSILON:
            j += 1
        if j == i:  # the block at ``i`` does not fit from ``top`` even alone
            block = items[i]
            if block.line > 0:
                lines = max(1, int((room + EPSILON) // block.line))
                cut = min(block.bottom, top + lines * block.line)
                pages.append(Page(top, cut, continued=continued))
                if cut >= block.bottom - EPSILON:
                    i += 1
                    top, continued = (items[i].top if i < len(items) else cut), False
                else:
                    top, continued = cut, True
            else:
                pages.append(Page(top, top + room, continued=continued, overflow=True))
                i += 1
                top, continued = (items[i].top if i < len(items) else top + room), False
            continue
        j = _with_previous(items, i, j, room)
        back = j
        while back - 1 > i and back < len(items) and items[back - 1].keep_with_next:
            back -= 1
        if any(not b.keep_with_next for b in items[i:back]):
            j = back  # unless the page would hold nothing but titles: then they stay…
        elif j < len(items) and items[j].line > 0:
            nxt = items[j]  # …with the first lines of the text they name
            lines = int((top + room - nxt.top + EPSILON) // nxt.line)
            if lines >= 1:
                cut = nxt.top + lines * nxt.line
                pages.append(Page(top, cut, continued=continued))
                i, top, continued = j, cut, True
                continue
        pages.append(Page(top, items[j - 1].bottom, continued=continued))
        i = j
        if i < len(items):
            top, continued = items[i].top, False
    return pages


def _with_previous(items: Sequence[Block], i: int, j: int, room: float) -> int:
    """Where the page that starts at block ``i`` ends, ``j`` being the first block that did not fit: one
    block earlier while block ``j`` must not start a page alone and the block before it, ``j`` and the
    rest of its ``keep_with_previous`` run fit a page together, and the page keeps more than titles (a
    question stays with its answers rather than the helper with them)."""
    while i < j - 1 and j < len(items) and items[j].keep_with_previous:
        end = j
        while end + 1 < len(items) and items[end + 1].keep_with_previous:
            end += 1
        if items[end].bottom - items[j - 1].top > room + EPSILON:
            break
        if all(b.keep_with_next for b in items[i : j - 1]):
            break
        j -= 1
    return j


def page_of(pages: Sequence[Page], top: float) -> int:
    """The index of the page on which the offset ``top`` is shown (the last page when past the end)."""
    for index, page in enumerate(pages):
        if top < page.bottom - EPSILON:
            return index
    return max(0, len(pages) - 1)


def tile_pages(count: int, capacity: int) -> list[list[int]]:
    """Indexes of ``count`` tiles on each page when ``capacity`` tiles fit a screen: all on one page when
    they fit, else each page keeps its last place for a « more » tile (« Autres sujets »)."""
    if count <= capacity or capacity < 2:
        return [list(range(count))]
    per = capacity - 1
    return [list(range(start, min(count, start + per))) for start in range(0, count, per)]
