"""The Celery app the fleet's worker tests run (``celery -A fleet_app worker``): its broker, store
and DNS server come from the environment the test gives each worker process; the provider's
client comes from SENDFROM_* (as a user's workers get it: SENDFROM_PROVIDER, _API_KEY, _BASE_URL,
_RATE_LIMIT, _RATE_LIMIT_STORAGE)."""

from __future__ import annotations

import os

from celery import Celery

from sendfrom import fleet
from sendfrom.fleet.celery import register

app = Celery("fleet_tests", broker=os.environ["FLEET_TEST_BROKER"])
app.conf.update(
    task_ignore_result=True,
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
)
tasks = register(
    app,
    os.environ["FLEET_TEST_STORE"],
    batch=40,
    every=0.5,
    hold=4.0,
    lease=4.0,
    schedule=fleet.Schedule(first=0.3, factor=1.0, cap=0.3, recheck=3600.0),
    nameservers=[os.environ["FLEET_TEST_DNS"]],
    dns_timeout=1.0,
)
