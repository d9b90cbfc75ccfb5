"""The Celery app of the fleet-on-workers benchmark (scripts/bench/fleet_workers.py), run as
``celery -A fleet_bench_app worker``: the store, broker, DNS server, simulator and limit come from
the BENCH_* environment the benchmark gives each worker process."""

from __future__ import annotations

import os

from celery import Celery

import sendfrom
from sendfrom import fleet
from sendfrom.fleet.celery import register

env = os.environ
app = Celery("fleet_bench", broker=env["BENCH_BROKER"])
app.conf.update(
    task_ignore_result=True,
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
)


def connect(_profile: str | None) -> sendfrom.Client:
    """Every worker's client: one limit for all of them, kept in Redis."""
    window = int(env["BENCH_WINDOW"])
    limit = sendfrom.RateLimit(
        int(env["BENCH_RATE"]) * window, per=float(window), storage=env["BENCH_LIMIT_STORE"]
    )
    return sendfrom.connect(
        "mailersend", api_key=env["BENCH_KEY"], base_url=env["BENCH_BASE_URL"], rate_limit=limit
    )


tasks = register(
    app,
    env["BENCH_STORE"],
    batch=int(env["BENCH_BATCH"]),
    every=float(env["BENCH_EVERY"]),
    hold=30.0,
    lease=30.0,
    schedule=fleet.Schedule(first=0.3, factor=1.0, cap=0.3, recheck=3600.0),
    nameservers=[env["BENCH_DNS"]],
    dns_timeout=1.0,
    connect=connect,
)
