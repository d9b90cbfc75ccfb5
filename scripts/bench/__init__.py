"""``make bench``: what sendfrom costs on top of a bare HTTP call, against the MailerSend simulator.

The simulator is served over loopback HTTP by a separate process (this package run with
``--serve``), seeded in that process directly. This process then times, interleaved round-robin
(every iteration calls every variant once, in a rotating order, so machine drift hits all alike):

- ``httpx + json.loads``: the floor, a keep-alive ``httpx.Client`` GET and ``json.loads``;
- ``generated endpoint + wire model``: ``sendfrom_generated.mailersend`` alone, parsed once by
  its generated pydantic model (``model_validate_json``);
- ``sendfrom`` sync, and async (one event loop, sequential awaits);
- the official ``mailersend`` SDK, sync (requests) and async (httpx), pointed at the simulator;

for a single identity get and for a page of 100 identities. It also measures mapping throughput
(wire bytes of a 100-identity page to ``SenderIdentity`` objects, no network), cold-import and
``connect`` times in a virtual environment holding only the runtime dependencies (``.bench-venv``,
built from the pins in ``requirements/dev.txt``), memory while listing 100,000 identities, and
how 1, 2 and 4 worker processes sharing one key use a provider's limit (one limit shared through
a local ``redis-server``, against one limiter per process: the share of the limit and the 429s),
and the fleet: domains to verified in one process, and on 1, 2 and 4 Celery workers over one
PostgreSQL store.

It writes ``docs/benchmarks.md`` (keeping its hand-written section) and prints the same tables.
``--quick`` runs every measurement tiny (the test suite uses it so this package cannot rot); its
numbers mean nothing, and it measures imports in the current environment instead of the
runtime-only one. Targets are reported, never asserted.

Run it as ``python scripts/bench [--quick]`` (``make bench``). Its modules, by what they do:
``settings`` (the run sizes, the key), ``server`` (the simulator process), ``latency``,
``mapping``, ``memory``, ``imports``, ``workers``, ``fleet``, ``fleet_workers`` (with its Celery
app in ``celery_app/``) (the measurements), ``report`` (the Markdown
and the targets) and ``run`` (the command line).
"""
