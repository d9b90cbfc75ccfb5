"""The rules of secret handling (``sendfrom._redact``), each on its own: which query parameters a
redacted URL hides, what a ``Secret`` shows, and how ``scrub`` walks an exception chain.

tests/unit/test_secrets.py checks the same promises end to end (every provider, every failure);
these pin the rules down one by one, so that a change to one of them fails a test that says which
(docs/mutation.md: each was once a mutant no test noticed).
"""

from __future__ import annotations

import pickle
import threading
import traceback

import httpx
import pytest

from sendfrom._engine.http_errors import request_context
from sendfrom._redact import Secret, redact_url, scrub
from sendfrom.config import resolve_settings
from sendfrom.errors import ResponseFormatError, SendfromError

KEY = "sk-live-5ecr3t-0123456789abcdef"
CONTEXT = {
    "provider": "mailersend",
    "operation": "identities.get",
    "request_method": "GET",
    "request_url": "https://h/x",
}

# ---- redacted URLs


@pytest.mark.parametrize("name", ["access_token", "api_key", "apikey", "key", "token"])
def test_each_credential_parameter_is_hidden(name: str) -> None:
    url = f"https://api.example.com/v1/x?page=2&{name}={KEY}&limit=5"
    assert redact_url(url) == f"https://api.example.com/v1/x?page=2&{name}=***&limit=5"


def test_parameter_names_are_matched_whatever_their_case() -> None:
    redacted = redact_url(f"https://h/x?API_KEY={KEY}&Access_Token={KEY}")
    assert redacted == "https://h/x?API_KEY=***&Access_Token=***"


def test_other_parameters_are_kept_as_they_were_even_blank_ones() -> None:
    """A blank parameter stays (it may be what made the request fail), and so does the order."""
    url = f"https://h/x?filter=&token={KEY}&q=a+b&empty="
    assert redact_url(url) == "https://h/x?filter=&token=***&q=a+b&empty="


def test_a_url_without_a_query_is_returned_as_it_is() -> None:
    assert redact_url("https://h/v1/domains/d1") == "https://h/v1/domains/d1"
    assert redact_url("https://h/v1/domains/d1#key=x") == "https://h/v1/domains/d1#key=x"


def test_a_parameter_only_containing_a_credential_word_is_not_hidden() -> None:
    assert redact_url("https://h/x?keyword=k&monkey=m") == "https://h/x?keyword=k&monkey=m"


def test_every_api_error_names_its_request_by_the_redacted_url() -> None:
    request = httpx.Request("GET", f"https://h/x?access_token={KEY}&page=2")
    context = request_context("spaceinvoices", "identities.list", request)
    assert context["request_url"] == "https://h/x?access_token=***&page=2"
    assert context["request_method"] == "GET"


# ---- Secret


def test_a_secret_shows_only_stars() -> None:
    secret = Secret(KEY)
    assert repr(secret) == "Secret('***')"
    assert str(secret) == "Secret('***')"
    assert f"{secret}" == "Secret('***')"
    assert secret.get() == KEY


def test_secrets_compare_and_hash_by_value() -> None:
    """Settings compare by value (a frozen dataclass holding the key as a Secret)."""
    assert Secret(KEY) == Secret(KEY)
    assert Secret(KEY) != Secret(KEY + "x")
    assert Secret(KEY) != KEY  # never equal to the plain string: no accidental comparisons
    assert hash(Secret(KEY)) == hash(Secret(KEY))
    assert len({Secret(KEY), Secret(KEY), Secret("other")}) == 2
    one = resolve_settings(environ={}, provider="mailersend", api_key=KEY)
    assert one == resolve_settings(environ={}, provider="mailersend", api_key=KEY)
    assert one != resolve_settings(environ={}, provider="mailersend", api_key=KEY + "x")


# ---- scrub


def test_bytes_are_scrubbed_to_three_stars() -> None:
    """A body kept as bytes (an undecodable response) loses the key the same way text does."""
    body = b"prefix " + KEY.encode() + b" suffix"
    error = ResponseFormatError("bad body", body=body, **CONTEXT)
    scrub(error, KEY)
    assert error.body == b"prefix *** suffix"


def test_containers_keep_their_type_and_their_keys_are_scrubbed() -> None:
    error = SendfromError("x")
    error.details = {KEY: [KEY, ("a", KEY)], "n": 5}  # type: ignore[attr-defined]
    scrub(error, KEY)
    assert error.details == {"***": ["***", ("a", "***")], "n": 5}  # type: ignore[attr-defined]


def test_every_sendfrom_error_in_the_chain_is_scrubbed_cause_and_context() -> None:
    context = SendfromError(f"context {KEY}")
    cause = SendfromError(f"cause {KEY}")
    outer = SendfromError(f"outer {KEY}")
    outer.__context__ = context  # a context only: no cause before it in the walk
    scrub(outer, KEY)
    assert outer.args == ("outer ***",)
    assert context.args == ("context ***",)
    outer2 = SendfromError("outer")
    outer2.__cause__ = cause
    scrub(outer2, KEY)
    assert cause.args == ("cause ***",)


def test_a_chain_that_loops_back_is_scrubbed_in_full_and_the_walk_ends() -> None:
    """A cycle (B's context is the error itself) must neither hang nor end the walk early: the
    cause still waiting to be visited is scrubbed too."""
    outer, looping, cause = (SendfromError(f"{n} {KEY}") for n in ("outer", "looping", "cause"))
    outer.__cause__ = cause
    outer.__context__ = looping
    outer.__suppress_context__ = False  # a cause set by hand suppresses it: show both
    looping.__context__ = outer
    walk = threading.Thread(target=scrub, args=(outer, KEY), daemon=True)
    walk.start()
    walk.join(timeout=10)  # a walk that forgets where it has been never ends: fail, not hang
    assert not walk.is_alive(), "scrub loops forever on a cyclic chain"
    assert [e.args for e in (outer, looping, cause)] == [
        ("outer ***",),
        ("looping ***",),
        ("cause ***",),
    ]


def test_no_secret_changes_nothing() -> None:
    """No key (a simulated client): the chain is left alone, foreign exceptions included."""
    inner = ValueError("inner")
    error = SendfromError("outer")
    error.__cause__ = inner
    scrub(error, None)
    assert error.args == ("outer",)
    assert error.__cause__ is inner


class _QuietError(Exception):
    """A foreign exception whose message hides its arguments (only its repr shows them)."""

    def __str__(self) -> str:
        return "quiet"


class _UnprintableError(Exception):
    def __str__(self) -> str:
        raise RuntimeError("cannot print")


class _HolderError(Exception):
    """Shows the key only in an attribute."""

    def __init__(self) -> None:
        super().__init__("holder")
        self.sent = {"authorization": KEY}


def _foreign(inner: BaseException) -> tuple[SendfromError, SendfromError]:
    """Two errors: one with ``inner`` as its cause, one with it as its context."""
    by_cause, by_context = SendfromError("outer"), SendfromError("outer")
    by_cause.__cause__ = inner
    by_context.__context__ = inner
    return by_cause, by_context


@pytest.mark.parametrize(
    "inner",
    [ValueError(f"shown {KEY}"), _QuietError(KEY), _HolderError(), _UnprintableError()],
    ids=["in its message", "in its repr only", "in an attribute only", "cannot print itself"],
)
def test_a_foreign_exception_that_would_show_the_key_is_cut(inner: BaseException) -> None:
    for error in _foreign(inner):
        scrub(error, KEY)
        assert error.__cause__ is None
        assert error.__context__ is None
        assert KEY not in "".join(traceback.format_exception(error))


@pytest.mark.parametrize(
    "inner", [ValueError("no key here"), _QuietError("no key"), KeyError("id")]
)
def test_a_foreign_exception_without_the_key_stays_in_the_chain(inner: BaseException) -> None:
    """The chain is how a bug is found: only what would show the key is cut."""
    by_cause, by_context = _foreign(inner)
    scrub(by_cause, KEY)
    scrub(by_context, KEY)
    assert by_cause.__cause__ is inner
    assert by_context.__context__ is inner
    assert str(inner) in {"no key here", "quiet", "'id'"}


def test_a_foreign_exception_is_never_rewritten_even_when_cut() -> None:
    inner = ValueError(f"shown {KEY}")
    error = SendfromError("outer")
    error.__cause__ = inner
    scrub(error, KEY)
    assert inner.args == (f"shown {KEY}",)  # not ours to change: only cut loose


def test_a_context_raised_from_none_is_dropped() -> None:
    """The pydantic or JSON error behind a ResponseFormatError holds the whole body: it is never
    shown (``raise ... from None``), so it is not kept either."""
    try:
        try:
            raise ValueError("the whole body")
        except ValueError:
            raise SendfromError("unreadable") from None
    except SendfromError as caught:
        error = caught
    assert error.__context__ is not None
    scrub(error, KEY)
    assert error.__context__ is None
    assert pickle.loads(pickle.dumps(error)).args == ("unreadable",)
