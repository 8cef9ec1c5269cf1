"""allocate: places in rounds by deferred acceptance, from a Kommune's criteria and capacities.

The pipeline of one round (:func:`kitaforms.allocate.run.allocate`):

- ``model``/``check`` — ``forms/<kommune>/vergabe.yaml`` (criteria) and ``kapazitaeten.yaml`` (places),
  loaded by the project loader and checked with located ``VERGABE_*`` diagnostics;
- ``registrations`` — the admin export (JSON Lines or a JSON array) read into records;
- ``children`` — each registration read through the Kommune's form: what it needs (care type, age band,
  hours, start month), its wishes, its priority at each wished facility and why;
- ``market`` — places as cells (facility × start month × care type × age band × hours band), families;
- ``engine`` — facility-proposing deferred acceptance with cells and sibling units;
- ``stability`` — justified envy, counted and listed;
- ``rounds`` — earlier offers and the families' answers (Nachrückverfahren);
- ``result``/``text`` — offers with stable ids and deadlines, unmatched children with reasons, the report.

Nothing here reads or writes files; only ``kitaforms allocate`` (:mod:`kitaforms.cli.allocate`) does.
"""
