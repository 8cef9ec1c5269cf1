"""Facility-proposing deferred acceptance with places in cells and families as units.

The market, in integers: *cells* are kinds of places (one facility, start month, care type, age band
and hours band) with a number of free places; an *applicant* is a child or a family of siblings who
want places together; each applicant lists the facilities it accepts, best first, and for each member
the cells of that facility it fits, best first (booked hours before alternatives). Each facility has
its applicants in priority order.

Facilities propose. A facility goes down its list and offers each applicant it has not yet lost the
best contract its free places allow (for every member a cell, greedily in member order); the applicant
keeps the better of that and what it holds and turns the other down, which frees those places and
lets that facility propose again. An applicant who turns a facility down never hears from it again:
what it holds only gets better. When a facility has places free again, an applicant who holds its
offer may move to better hours there. The loop ends when no facility can make an offer.

For single children this is the deferred acceptance of Gale and Shapley in its facility-proposing
form, per cell, and the result is stable: no child would rather have a place that is free or held by
a child of lower priority. Families that need places together can make stability impossible;
:mod:`kitaforms.allocate.stability` counts what is left.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

PENDING, HOLDING, DONE = 0, 1, 2


@dataclass(frozen=True)
class Option:
    facility: int
    choices: tuple[tuple[int, ...], ...]  # per member: the cells it fits, best first

    @property
    def flexible(self) -> bool:
        return any(len(cells) > 1 for cells in self.choices)


@dataclass(frozen=True)
class Applicant:
    options: tuple[Option, ...]  # best first


@dataclass(frozen=True)
class Held:
    option: int  # index into the applicant's options
    cells: tuple[int, ...]  # one per member
    score: int  # sum of the members' positions in their choices (0: everyone's first choice)

    def better_than(self, other: Held | None) -> bool:
        return other is None or (self.option, self.score) < (other.option, other.score)


class _Run:
    def __init__(self, applicants: Sequence[Applicant], free: list[int], cell_facility: Sequence[int],
                 orders: Sequence[Sequence[int]]) -> None:
        self.applicants, self.free, self.cell_facility, self.orders = applicants, free, cell_facility, orders
        self.held: list[Held | None] = [None] * len(applicants)
        self.option_at = [{option.facility: k for k, option in enumerate(a.options)} for a in applicants]
        self.state = [[PENDING] * len(order) for order in orders]
        self.slot = [{applicant: k for k, applicant in enumerate(order)} for order in orders]
        self.first = [0] * len(orders)
        self.free_at = [0] * len(orders)
        for cell, places in enumerate(free):
            self.free_at[cell_facility[cell]] += places
        self.queue = deque(f for f in range(len(orders)) if orders[f])
        self.queued = [bool(order) for order in orders]

    def run(self) -> list[Held | None]:
        while self.queue:
            facility = self.queue.popleft()
            self.queued[facility] = False
            self.activate(facility)
        return self.held

    def enqueue(self, facility: int) -> None:
        if not self.queued[facility]:
            self.queued[facility] = True
            self.queue.append(facility)

    def activate(self, facility: int) -> None:
        order, state = self.orders[facility], self.state[facility]
        while self.first[facility] < len(order) and state[self.first[facility]] == DONE:
            self.first[facility] += 1
        for k in range(self.first[facility], len(order)):
            if self.free_at[facility] == 0:
                return
            if state[k] == PENDING:
                self.propose(facility, k)
            elif state[k] == HOLDING:
                self.upgrade(order[k])

    def propose(self, facility: int, k: int) -> None:
        applicant = self.orders[facility][k]
        index = self.option_at[applicant][facility]
        offer = self.best(self.applicants[applicant].options[index], index)
        if offer is None:
            return  # no room now; the facility asks again when places come free
        self.take(offer.cells)
        current = self.held[applicant]
        if not offer.better_than(current):
            self.release(offer.cells)
            self.state[facility][k] = DONE
            return
        if current is not None:
            self.leave(applicant, current)
        self.held[applicant] = offer
        self.state[facility][k] = HOLDING

    def upgrade(self, applicant: int) -> None:
        """Better hours at the facility the applicant holds, now that places are free there."""
        current = self.held[applicant]
        assert current is not None
        option = self.applicants[applicant].options[current.option]
        if not option.flexible or current.score == 0:
            return
        self.release(current.cells)
        offer = self.best(option, current.option)
        chosen = offer if offer is not None and offer.score < current.score else current
        self.take(chosen.cells)
        if chosen is not current:
            self.held[applicant] = chosen
            self.enqueue(option.facility)  # the cells it left may suit applicants passed over before

    def best(self, option: Option, index: int) -> Held | None:
        used: dict[int, int] = {}
        cells, score = [], 0
        for choices in option.choices:
            for position, cell in enumerate(choices):
                if self.free[cell] - used.get(cell, 0) > 0:
                    used[cell] = used.get(cell, 0) + 1
                    cells.append(cell)
                    score += position
                    break
            else:
                return None
        return Held(index, tuple(cells), score)

    def leave(self, applicant: int, current: Held) -> None:
        facility = self.applicants[applicant].options[current.option].facility
        self.release(current.cells)
        self.state[facility][self.slot[facility][applicant]] = DONE
        self.enqueue(facility)

    def take(self, cells: tuple[int, ...]) -> None:
        for cell in cells:
            self.free[cell] -= 1
            self.free_at[self.cell_facility[cell]] -= 1

    def release(self, cells: tuple[int, ...]) -> None:
        for cell in cells:
            self.free[cell] += 1
            self.free_at[self.cell_facility[cell]] += 1


def deferred_acceptance(applicants: Sequence[Applicant], free: list[int], cell_facility: Sequence[int],
                        orders: Sequence[Sequence[int]]) -> list[Held | None]:
    """What each applicant holds at the end (None: nothing). ``free`` is updated to the places left.

    ``orders[f]`` lists the applicants who accept facility ``f``, highest priority first;
    ``cell_facility[c]`` is the facility of cell ``c``.
    """
    return _Run(applicants, free, cell_facility, orders).run()
