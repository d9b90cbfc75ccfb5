"""Build the vcrpy cassettes in tests/cassettes/<provider>/ from recorded and documented payloads.

    python scripts/cassettes            # (re)write every built cassette
    python scripts/cassettes --check    # exit 1, naming the files, when one is stale

Every cassette is built from files in specs/evidence (the provider payloads and the seeds), never
typed in by hand, so the suite is reproducible: run this script, and the same bytes come out. Each
one says where each of its interactions came from in its top-level ``source`` block (vcrpy reads
only ``interactions`` and ``version`` and ignores it), including every change made to the original
(a request URI adjusted to what sendfrom sends, a placeholder replaced by a valid address, ...).

Request URIs are what sendfrom sends: each spec's default server URL (``servers[0].url``) and the
query the adapter builds. A cassette re-recorded against a real account by ``make record`` carries
``source.kind: recorded`` and is left alone here unless ``--force`` is given.

Its modules: ``common`` (the records and the helpers every provider uses), one builder per provider
(``<provider>.py``, whose ``cassettes()`` lists that provider's cassettes), ``render`` (the YAML)
and ``build`` (all of them, the freshness check and the command line).
"""
