"""Every ``sendfrom.errors`` exception survives ``pickle`` with its type, ``str`` and attributes,
as Celery, RQ and ``ProcessPoolExecutor`` need (they pickle an exception raised in a worker)."""

from __future__ import annotations

import inspect
import pickle
from typing import Any

import pytest

import sendfrom
from sendfrom import errors
from sendfrom.models import EmailDomain, VerificationStatus

CLASSES = [
    cls
    for name in errors.__all__
    if isinstance(cls := getattr(errors, name), type) and issubclass(cls, errors.SendfromError)
]

# A value for every constructor argument of an error class, by name.
SAMPLES: dict[str, Any] = {
    "message": "it went wrong",
    "provider": "mailersend",
    "operation": "identities.get",
    "request_method": "GET",
    "request_url": "https://api.mailersend.com/v1/identities/id-1",
    "status_code": 429,
    "body": b'{"message": "Too Many Attempts."}',
    "request_id": "req-7f3a",
    "fields": {"email": ["The email has already been taken."]},
    "retry_after": 1.5,
    "reason": "MailerSend domains have no description",
    "argument": "description",
    "last": EmailDomain(
        provider="vortex", id="d-1", name="example.com", status=VerificationStatus.PENDING
    ),
}


def arguments(cls: type[errors.SendfromError]) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """Arguments that set every attribute of ``cls``: a sample for each parameter of its
    ``__init__`` (and of its parents' that its ``**context`` passes on to); the message alone for
    a class with Exception's ``__init__``."""
    kwargs: dict[str, Any] = {}
    for klass in cls.__mro__:
        init = vars(klass).get("__init__")
        if init is None:
            continue
        if klass is Exception:
            return (SAMPLES["message"],), {}
        parameters = list(inspect.signature(init).parameters.values())[1:]
        for parameter in parameters:
            if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                continue
            assert parameter.name in SAMPLES, f"add a sample for {cls.__name__}({parameter.name})"
            kwargs.setdefault(parameter.name, SAMPLES[parameter.name])
        if all(p.kind is not p.VAR_KEYWORD for p in parameters):
            break
    return (), kwargs


def assert_same(copy: BaseException, original: BaseException) -> None:
    assert type(copy) is type(original)
    assert str(copy) == str(original)
    assert copy.args == original.args
    assert vars(copy) == vars(original)
    for name in SAMPLES:  # the public attributes, properties included
        if hasattr(original, name):
            assert getattr(copy, name) == getattr(original, name), name


def test_every_error_class_is_covered() -> None:
    assert errors.SendfromError in CLASSES
    assert errors.RateLimitError in CLASSES
    assert len(CLASSES) == len(errors.__all__) - 1  # all but status_error_class


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_an_error_survives_pickle(cls: type[errors.SendfromError], protocol: int) -> None:
    args, kwargs = arguments(cls)
    original = cls(*args, **kwargs)
    for name, value in kwargs.items():  # the sample is what the attribute holds, where public
        if hasattr(original, name):
            assert getattr(original, name) == value, name
    assert_same(pickle.loads(pickle.dumps(original, protocol=protocol)), original)


def test_an_error_raised_by_a_call_survives_pickle() -> None:
    client = sendfrom.connect("mailersend", simulate=True)
    with pytest.raises(sendfrom.NotFoundError) as info:
        client.identities.get("missing")
    original = info.value
    assert original.status_code == 404
    copy = pickle.loads(pickle.dumps(original))
    assert_same(copy, original)
    assert (copy.provider, copy.operation, copy.request_method) == (
        "mailersend",
        "identities.get",
        "GET",
    )
    assert copy.body == original.body
