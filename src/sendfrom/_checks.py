"""The checks every argument passes before anything is sent, and what "not given" means.

Each raises ``InvalidRequestError`` naming the field and what is wrong; the values they return are
the ones to send (an email or a domain name in A-labels).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import idna

from sendfrom._ids import id_problem
from sendfrom.errors import InvalidRequestError

__all__ = [
    "NOT_GIVEN",
    "NotGiven",
    "ascii_domain",
    "check_display_name",
    "check_domain_args",
    "check_email",
    "check_id",
    "check_optional",
    "check_page_size",
    "create_fields",
    "given_changes",
]


class NotGiven:
    """The default of ``update`` arguments: a field left out is not sent, so it is not changed."""

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()
"""Left out: ``client.identities.update(id, name=NOT_GIVEN)`` sends no ``name`` (the default);
``None`` sends a null, which clears the field where the provider allows it."""

# RFC 5322 3.2.3 atext, and any non-ASCII character (RFC 6531) that passes _UNSEEN below.
_ATEXT = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~"
)
# Characters that do not show, or reorder what is shown: an address holding one can look like
# another on a customer's screen. Cc: controls (NUL, ESC, DEL, C1); Cf: format characters (U+200B,
# U+2060, U+FEFF, the bidirectional controls U+200E/F, U+202A-E, U+2066-9); Cs: lone surrogates
# (not text: they cannot be sent); Z*: spaces and separators; Cn: unassigned.
_UNSEEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})
LOCAL_PART_OCTETS = 64  # RFC 5321 4.5.3.1.1
ADDRESS_OCTETS = 254  # RFC 5321 4.5.3.1.3 (a 256-octet path less its angle brackets)


def unseen_character(value: str) -> str | None:
    """The first character of ``value`` that does not show as itself (``U+200B ZERO WIDTH
    SPACE``), or None."""
    for char in value:
        if unicodedata.category(char) in _UNSEEN:
            name = unicodedata.name(char, "") if unicodedata.category(char) != "Cs" else ""
            return f"U+{ord(char):04X}" + (f" {name}" if name else "")
    return None


def address_problem(value: str) -> str | None:
    """What makes ``value`` not a plain address (dot-atom local part, @, domain), or None.

    The domain part's own rules are those of a domain name (``ascii_domain``), checked after.
    """
    unseen = unseen_character(value)
    if unseen is not None:
        return f"it holds {unseen}, which does not show as itself"
    local, at, domain = value.rpartition("@")
    if not at or not local or not domain:
        return "it needs a local part, an @ and a domain, like billing@example.com"
    octets = len(value.encode("utf-8", "surrogatepass"))
    if octets > ADDRESS_OCTETS:
        return f"it is {octets} octets long in UTF-8; the limit is {ADDRESS_OCTETS}"
    local_octets = len(local.encode("utf-8", "surrogatepass"))
    if local_octets > LOCAL_PART_OCTETS:
        return (
            f"its local part is {local_octets} octets long in UTF-8; "
            f"the limit is {LOCAL_PART_OCTETS}"
        )
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return "its local part may not start or end with a dot, nor hold two dots in a row"
    bad = sorted({c for c in local if c != "." and c.isascii() and c not in _ATEXT})
    if bad:
        shown = " ".join(repr(c) for c in bad)
        return (
            f"its local part holds {shown}: only letters, digits, dots and "
            "!#$%&'*+-/=?^_`{|}~ are accepted (no quoted local parts)"
        )
    if "." not in domain:
        return "its domain needs at least two labels, like example.com"
    return None


def check_id(field: str, value: object) -> str:
    problem = id_problem(value)
    if problem is not None:
        shown = (
            repr(value[:80] + "...") if isinstance(value, str) and len(value) > 80 else repr(value)
        )
        raise InvalidRequestError(
            f"{field} {shown} is not a valid id: it {problem}", {field: [problem]}
        )
    assert isinstance(value, str)
    return value


def check_email(field: str, value: object) -> str:
    """The address as sent: a dot-atom local part within RFC 5321's lengths, its domain part held
    to the rules of a domain name and written in A-labels, like ``domains.create``."""
    if not isinstance(value, str):
        raise InvalidRequestError(
            f"{field} must be an email address (a str), not {type(value).__name__}",
            {field: ["must be an email address"]},
        )
    problem = address_problem(value)
    if problem is not None:
        shown = _shown(value)
        raise InvalidRequestError(
            f"{field} {shown} is not an email address: {problem}",
            {field: [f"must be an email address: {problem}"]},
        )
    local, _, domain = value.rpartition("@")
    try:
        return f"{local}@{ascii_domain(domain)}"
    except ValueError as exc:
        raise InvalidRequestError(
            f"{field} {_shown(value)} is not an email address: its domain {domain!r} is not a "
            f"domain name: {exc}",
            {field: [f"must be an email address; its domain: {exc}"]},
        ) from None


def check_display_name(field: str, value: object) -> None:
    """A From or Reply-To display name: a str with no control character (CR, LF, NUL, ...), which
    could end the header it is written into and start another."""
    check_optional(field, value, str)
    if value is None:
        return
    assert isinstance(value, str)
    for char in value:
        if unicodedata.category(char) in ("Cc", "Cs"):
            problem = f"it holds the control character U+{ord(char):04X}"
            raise InvalidRequestError(
                f"{field} {_shown(value)} is not a display name: {problem}",
                {field: [f"must hold no control character: {problem}"]},
            )


def _shown(value: str) -> str:
    """``value`` for a message: escaped (no control character reaches a log), and cut short."""
    text = value if len(value) <= 80 else value[:80] + "..."
    return ascii(text)


def check_optional(field: str, value: object, kind: type) -> None:
    if value is not None and not isinstance(value, kind):
        raise InvalidRequestError(
            f"{field} must be a {kind.__name__} or None", {field: [f"must be a {kind.__name__}"]}
        )


def check_page_size(value: object, bounds: tuple[int, int] | None) -> int:
    """``page_size`` as sent: an int within the provider's ``bounds`` (at least 1 if none)."""
    low, high = bounds or (1, None)
    within = f"between {low} and {high}" if high is not None else f"at least {low}"
    if (
        not isinstance(value, int)
        or isinstance(value, bool)
        or value < low
        or (high is not None and value > high)
    ):
        raise InvalidRequestError(
            f"page_size {value!r} is not an integer {within}",
            {"page_size": [f"must be an integer {within}"]},
        )
    return value


def given_changes(**fields: Any) -> dict[str, Any]:
    """The update arguments the caller gave (``NOT_GIVEN`` ones are left out)."""
    changes = {k: v for k, v in fields.items() if not isinstance(v, NotGiven)}
    kinds = {"is_default": bool, "click_tracking": bool, "open_tracking": bool}
    for key, value in changes.items():
        if key == "reply_to_email" and value is not None:
            changes[key] = check_email(key, value)
        elif key in ("name", "reply_to_name"):
            check_display_name(key, value)
        else:
            check_optional(key, value, kinds.get(key, str))
    return changes


def create_fields(
    email: str,
    name: str | None,
    domain_id: str | None,
    reply_to_email: str | None,
    reply_to_name: str | None,
) -> dict[str, Any]:
    email = check_email("email", email)
    check_display_name("name", name)
    if domain_id is not None:
        check_id("domain_id", domain_id)
    if reply_to_email is not None:
        reply_to_email = check_email("reply_to_email", reply_to_email)
    check_display_name("reply_to_name", reply_to_name)
    return {
        "email": email,
        "name": name,
        "domain_id": domain_id,
        "reply_to_email": reply_to_email,
        "reply_to_name": reply_to_name,
    }


_LDH_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", re.I)
# Letters only, or an A-label (example.xn--p1ai): never all digits, so no IP address passes.
_TOP_LABEL = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}", re.I)


def ascii_label(label: str) -> str:
    """One label as sent: an ASCII one checked (letters, digits, inner hyphens; an ``xn--`` one
    must be a valid A-label), any other converted to its A-label by IDNA 2008."""
    if not label:
        raise ValueError("it has an empty label")
    if not label.isascii():
        try:
            return idna.alabel(label).decode("ascii")
        except idna.IDNAError as exc:
            raise ValueError(f"label {label!r}: {exc}") from None
    if len(label) > 63:
        raise ValueError(f"label {label[:16]!r}... is longer than 63 characters")
    if not _LDH_LABEL.fullmatch(label):
        if label.startswith("-") or label.endswith("-"):
            raise ValueError(f"label {label!r} starts or ends with a hyphen")
        raise ValueError(f"label {label!r} may hold only letters, digits and hyphens")
    if label[:4].lower() == "xn--":
        try:
            idna.ulabel(label)
        except idna.IDNAError:
            raise ValueError(f"label {label!r} is not a valid A-label (punycode)") from None
    return label


def ascii_domain(name: str) -> str:
    """``name`` as sent, every U-label as its A-label; ``ValueError`` says what is wrong with it.

    Non-ASCII names first get the UTS 46 mapping browsers apply (case, full-width dots); ASCII
    names are sent exactly as given.
    """
    if not name.isascii():
        try:
            name = idna.uts46_remap(name, std3_rules=True, transitional=False)
        except idna.IDNAError as exc:
            raise ValueError(str(exc)) from None
    labels = name.split(".")
    if len(labels) < 2:
        raise ValueError("it needs at least two labels, like example.com")
    labels = [ascii_label(label) for label in labels]
    if not _TOP_LABEL.fullmatch(labels[-1]):
        raise ValueError(
            f"its last label {labels[-1]!r} must be two or more letters or an A-label (xn--...)"
        )
    ascii_name = ".".join(labels)
    if len(ascii_name) > 253:
        raise ValueError(f"it is {len(ascii_name)} characters long as sent; the limit is 253")
    return ascii_name


def check_domain_args(name: object, description: object) -> str:
    """The domain name as sent (A-labels), after checking it and the description."""
    if not isinstance(name, str):
        raise InvalidRequestError(
            f"{name!r} is not a domain name", {"name": ["must be a domain name like example.com"]}
        )
    try:
        ascii_name = ascii_domain(name)
    except ValueError as exc:
        raise InvalidRequestError(
            f"{name!r} is not a domain name: {exc}",
            {"name": [f"must be a domain name like example.com: {exc}"]},
        ) from None
    check_optional("description", description, str)
    return ascii_name
