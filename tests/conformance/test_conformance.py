"""Each simulator, served over loopback, fuzzed by schemathesis against its provider's spec.

Bounded and seeded: a handful of generated requests per operation, half of them aimed at objects
that exist, every answer checked for a declared status, content type, headers and body schema.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import checks

from provider_facts import facts
from sendfrom.providers import PROVIDERS
from sendfrom.testing import serve
from simcheck import checked_simulator
from speclib import SPECS, operations

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


CASES = [
    pytest.param(provider, op.method, op.path, id=f"{provider}-{op.operation_id}")
    for provider in PROVIDERS
    for op in operations(provider)
]


@pytest.mark.parametrize(("provider", "method", "path"), CASES)
def test_simulator_answers_conform_to_the_spec(provider: str, method: str, path: str) -> None:
    sim, check = checked_simulator(provider)
    fuzzing = facts(provider).fuzzing  # its seed and bodies
    known = fuzzing.seed(sim)
    schema = schemathesis.openapi.from_path(SPECS / f"{provider}.yaml")
    operation = schema[path][method.upper()]
    names = {p.name for p in operation.path_parameters}
    fixed = {k: v for k, v in known.items() if k in names}
    strategies = [operation.as_strategy(), operation.as_strategy(path_parameters=fixed)]
    body = fuzzing.bodies.get(operation.definition.raw["operationId"])
    if body is not None:
        strategies.append(operation.as_strategy(path_parameters=fixed, body=body(known)))
    strategy = st.one_of(strategies)
    headers = {sim.auth_header: sim.auth_prefix + "conformance-key"}

    with serve(sim) as server:

        @settings(
            max_examples=12,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(base_url=server.base_url, headers=headers, checks=CHECKS)

        run()
    assert sim.requests, "schemathesis sent requests"
    assert check.problems == [], "\n".join(check.problems)
