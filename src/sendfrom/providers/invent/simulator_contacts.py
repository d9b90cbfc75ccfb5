"""The contacts of the Invent simulator: ``/orgs/{org_id}/contacts`` and its siblings.

As the spec and the documented examples describe them: a bare JSON array paged by ``page``/``take``
with ``pagination-*`` headers and the documented filters, create (from one channel, optionally into
segments), update, custom channel update, add to a segment, a NestJS 404 for an unknown id.
Where the documentation is silent (create's status, what a filter matches, which channels are
"custom") the choices are listed as inferred in specs/README.md. Segments have no route in the
spec: tests seed them with ``add_segment``, as if made in Invent's dashboard.
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING, Any

import httpx

from sendfrom.testing._core import SimRequest, SimulatedHTTPError, route
from sendfrom.testing._wire import paginate
from sendfrom_generated.invent.api.contacts import (
    add_segment_to_contact,
    create_contact,
    list_contacts,
    update_contact,
    update_contact_channel,
)

_STATUSES = ("ALL", "SUBSCRIBED", "UNSUBSCRIBED", "BLOCKED", "AI_REPLIES_DISABLED")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_CHANNEL_FIELDS = ("user_id", "name", "email", "phone", "contact_id")
_CHANNEL_LIMITS = {"avatar": 2048, "name": 256, "phone": 256, "username": 256, "email": 256}
_CONTACT_NAME_MAX = 512


def _invalid(field: str, message: str) -> SimulatedHTTPError:
    return SimulatedHTTPError(400, "Bad Request", {field: [message]})


class InventContacts:
    """The contact routes, mixed into ``InventSimulator`` (state: ``contacts``, ``segments``)."""

    contacts: dict[str, dict[str, Any]]
    segments: dict[str, dict[str, Any]]

    if TYPE_CHECKING:  # InventSimulator's (declared here for the type checker only)
        _lock: threading.RLock

        def _stamp(self) -> str: ...
        def _new_id(self) -> str: ...
        def json(
            self, status: int, body: Any, headers: dict[str, str] | None = None
        ) -> httpx.Response: ...

    # ---- seeding (the spec has no segment routes)

    def add_segment(self, name: str, color: str = "neutral") -> dict[str, Any]:
        """Add a segment, as Invent's dashboard would; contacts are added to it by id."""
        with self._lock:
            stamp = self._stamp()
            segment: dict[str, Any] = {
                "id": self._new_id(),
                "name": name,
                "color": color,
                "contacts_count": 0,
                "created_at": stamp,
                "updated_at": stamp,
            }
            self.segments[segment["id"]] = segment
            return segment

    def add_contact(
        self,
        name: str | None = None,
        *,
        email: str | None = None,
        channel_type: str = "custom",
        is_admin: bool = False,
    ) -> dict[str, Any]:
        """Add a contact with one channel, as Invent would on a first message (``channel_type``
        "whatsapp_bot", "gmail", ...: channels the API cannot update); returns it as the API
        shows it."""
        with self._lock:
            channel = self._new_channel({"name": name, "email": email}, channel_type)
            return self._view(self._new_contact(channel, is_admin=is_admin))

    # ---- helpers

    def _new_channel(self, given: dict[str, Any], channel_type: str) -> dict[str, Any]:
        stamp = self._stamp()
        empty = ("avatar", "username", "country", "agent", "ip", "language", "platform_data")
        return {
            "id": self._new_id(),
            "type": channel_type,
            "user_id": given.get("user_id") or given.get("email") or self._new_id(),
            "name": given.get("name"),
            "email": given.get("email"),
            "phone": given.get("phone"),
            **dict.fromkeys(empty),
            "created_at": stamp,
            "updated_at": stamp,
            "link": None,
        }

    def _new_contact(self, channel: dict[str, Any], *, is_admin: bool) -> dict[str, Any]:
        stamp = self._stamp()
        contact: dict[str, Any] = {
            "id": self._new_id(),
            "name": channel["name"],
            "blocked": False,
            "unsubscribed": False,
            "is_admin": is_admin,
            "channels": [channel],
            "segment_ids": [],
            "created_at": stamp,
            "updated_at": stamp,
            **dict.fromkeys(
                ("blocked_at", "unsubscribed_at", "unsubscribe_reason", "unsubscribe_feedback")
            ),
        }
        self.contacts[contact["id"]] = contact
        return contact

    def _contact(self, request: SimRequest) -> dict[str, Any]:
        contact = self.contacts.get(request.params["contact_id"])
        if contact is None:
            raise SimulatedHTTPError(404, "Contact not found")
        return contact

    def _segment(self, segment_id: object) -> dict[str, Any]:
        segment = self.segments.get(segment_id) if isinstance(segment_id, str) else None
        if segment is None:
            raise SimulatedHTTPError(404, "Segment not found")
        return segment

    def _view(self, contact: dict[str, Any]) -> dict[str, Any]:
        """A contact as the API shows it: its segments whole (with their current counts)."""
        view = {k: v for k, v in contact.items() if k != "segment_ids"}
        view["segments"] = [dict(self.segments[s]) for s in contact["segment_ids"]]
        return view

    def _join(self, contact: dict[str, Any], segment: dict[str, Any]) -> None:
        if segment["id"] not in contact["segment_ids"]:
            contact["segment_ids"].append(segment["id"])
            segment["contacts_count"] += 1

    @staticmethod
    def _flag(request: SimRequest, name: str) -> bool | None:
        raw: str | None = request.query.get(name)
        if raw is None:
            return None
        if raw not in ("true", "false"):
            raise _invalid(name, f"{name} must be a boolean value")
        return raw == "true"

    # ---- routes

    @route(list_contacts)
    def list_contacts(self, request: SimRequest) -> httpx.Response:
        page = request.int_query("page", 1, 1)
        take = request.int_query("take", 10, 1, 100)
        status = request.query.get("status", "ALL")
        if status not in _STATUSES:
            raise _invalid("status", f"status must be one of the following values: {_STATUSES}")
        items = list(self.contacts.values())
        flags = {k: self._flag(request, k) for k in ("is_admin", "unsubscribed", "exclude_admins")}
        for key in ("is_admin", "unsubscribed"):
            if flags[key] is not None:
                items = [c for c in items if c[key] is flags[key]]
        if flags["exclude_admins"]:
            items = [c for c in items if not c["is_admin"]]
        # The text filters are substring matches, case-insensitive (inferred): `search` and
        # `name` on the contact's name, the others (and `name`) on its channels.
        search = (request.query.get("search") or "").lower()
        if search:
            items = [c for c in items if search in (c["name"] or "").lower()]
        for key in ("name", "username", "email", "user_id"):
            wanted = (request.query.get(key) or "").lower()
            if wanted:
                items = [
                    c
                    for c in items
                    if any(wanted in (ch[key] or "").lower() for ch in c["channels"])
                    or (key == "name" and wanted in (c["name"] or "").lower())
                ]
        segment_id = request.query.get("segment_id")
        if segment_id:
            items = [c for c in items if segment_id in c["segment_ids"]]
        if status == "SUBSCRIBED":
            items = [c for c in items if not c["unsubscribed"]]
        elif status == "UNSUBSCRIBED":
            items = [c for c in items if c["unsubscribed"]]
        elif status == "BLOCKED":
            items = [c for c in items if c["blocked"]]
        elif status == "AI_REPLIES_DISABLED":
            items = []  # AI replies are not simulated: none is disabled
        # exclude_board_id: boards are not simulated, so no contact is on one.
        headers = {
            "pagination-count": str(len(items)),
            "pagination-page": str(page),
            "pagination-take": str(take),
        }
        return self.json(200, [self._view(c) for c in paginate(items, page, take)], headers)

    @route(create_contact)
    def create_contact(self, request: SimRequest) -> httpx.Response:
        body = request.json()
        channel = body.get("channel", {})
        if not isinstance(channel, dict):
            raise _invalid("channel", "channel must be an object")
        for key in _CHANNEL_FIELDS:
            if key in channel and not isinstance(channel[key], str):
                raise _invalid(f"channel.{key}", f"channel.{key} must be a string")
        if "email" in channel and not _EMAIL.match(channel["email"]):
            raise _invalid("channel.email", "channel.email must be an email")
        segment_ids = body.get("segment_ids", [])
        if not isinstance(segment_ids, list) or not all(isinstance(s, str) for s in segment_ids):
            raise _invalid("segment_ids", "each value in segment_ids must be a string")
        segments = [self._segment(s) for s in segment_ids]
        new_channel = self._new_channel(channel, "custom")  # made through the API: custom
        existing = channel.get("contact_id")
        if existing is not None:  # a channel for a contact that exists
            contact = self.contacts.get(existing)
            if contact is None:
                raise SimulatedHTTPError(404, "Contact not found")
            contact["channels"].append(new_channel)
        else:
            contact = self._new_contact(new_channel, is_admin=False)
        for segment in segments:
            self._join(contact, segment)
        return self.json(201, self._view(contact))

    @route(update_contact)
    def update_contact(self, request: SimRequest) -> httpx.Response:
        contact = self._contact(request)
        body = request.json()
        name = body.get("name")
        if name is not None and (not isinstance(name, str) or len(name) > _CONTACT_NAME_MAX):
            raise _invalid("name", f"name must be shorter than or equal to {_CONTACT_NAME_MAX}")
        for flag in ("blocked", "unsubscribed"):
            if flag in body and not isinstance(body[flag], bool):
                raise _invalid(flag, f"{flag} must be a boolean value")
        stamp = self._stamp()
        if "name" in body:
            contact["name"] = name
        for flag, when in (("blocked", "blocked_at"), ("unsubscribed", "unsubscribed_at")):
            if flag in body and body[flag] is not contact[flag]:
                contact[flag] = body[flag]
                contact[when] = stamp if body[flag] else None
        contact["updated_at"] = stamp
        return self.json(200, self._view(contact))

    @route(update_contact_channel)
    def update_contact_channel(self, request: SimRequest) -> httpx.Response:
        contact = self._contact(request)
        wanted = request.params["channel_id"]
        channel = next((c for c in contact["channels"] if c["id"] == wanted), None)
        if channel is None:
            raise SimulatedHTTPError(404, "Contact channel not found")
        if channel["type"] != "custom":
            raise SimulatedHTTPError(400, "Only custom channels can be updated")
        body = request.json()
        for key, limit in _CHANNEL_LIMITS.items():
            value = body.get(key)
            if value is not None and (not isinstance(value, str) or len(value) > limit):
                raise _invalid(key, f"{key} must be shorter than or equal to {limit} characters")
        if body.get("email") is not None and not _EMAIL.match(body["email"]):
            raise _invalid("email", "email must be an email")
        channel.update({k: body[k] for k in _CHANNEL_LIMITS if k in body})
        channel["updated_at"] = contact["updated_at"] = self._stamp()
        return self.json(200, channel)

    @route(add_segment_to_contact)
    def add_segment_to_contact(self, request: SimRequest) -> httpx.Response:
        contact = self._contact(request)
        self._join(contact, self._segment(request.params["segment_id"]))
        contact["updated_at"] = self._stamp()
        return self.json(201, self._view(contact))
