"""One check-once step for one domain: as far forward as it can go now.

Each move is committed with its event (``Store.change``) before the next request is sent, so a
step cut off anywhere leaves the domain at its last committed stage, and the next step repeats
only idempotent work (``ensure``, ``publish``). A provider error ends the step and is recorded:
transient ones (connection, timeout, 5xx, 429) are retried at the next check, the rest set
``needs_attention``. Nothing here raises for one domain's provider error.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sendfrom.client import Client
from sendfrom.dns import RecordCheck
from sendfrom.errors import (
    ConflictError,
    NotFoundError,
    SendfromError,
)
from sendfrom.fleet._model import CHECKING, EventType, Schedule
from sendfrom.fleet._store import Store, aware, naive
from sendfrom.fleet._verdicts import (
    BROKEN,
    ERROR_TEXT,
    TRANSIENT,
    DnsVerdict,
    LeaseLostError,
    summary,
)
from sendfrom.models import DnsRecord, EmailDomain, VerificationStatus

log = logging.getLogger("sendfrom.fleet")


class Step:
    """The work of one step on one claimed domain (see the module doc)."""

    def __init__(
        self,
        store: Store,
        owner: str,
        row: dict[str, Any],
        client: Client,
        schedule: Schedule,
        now: datetime,
        nameservers: list[str] | None,
        dns_timeout: float,
        existing: Mapping[str, EmailDomain] | None = None,
    ) -> None:
        """``existing``: the provider's domains by name, listed once for a round of new ones
        (``Fleet.run_due``): a domain found there is not looked up again, one not found is
        created at once (and looked up only if the provider says it already exists)."""
        self.existing = existing
        self.store = store
        self.owner = owner
        self.row = row
        self.client = client
        self.schedule = schedule
        self.now = now
        self.nameservers = nameservers
        self.dns_timeout = dns_timeout

    # ---- writing

    def commit(self, values: dict[str, Any], *new: tuple[EventType, dict[str, Any]]) -> None:
        values = {**values, "updated_at": naive(self.now)}
        at = naive(self.now)
        items = [{"at": at, "domain": self.row["domain"], "type": t, "data": d} for t, d in new]
        if not self.store.change(self.row["domain"], self.owner, values, items):
            raise LeaseLostError
        self.row.update(values)

    def _at(self, seconds: float) -> datetime:
        return naive(self.now + timedelta(seconds=seconds))

    def _later(self, **values: Any) -> None:
        """Not ready yet: the next check after the schedule's next gap (by the deadline)."""
        attempts = self.row["attempts"] + 1
        when = self._at(self.schedule.gap(attempts))
        deadline = self.row["deadline_at"]
        if self.row["stage"] in CHECKING and deadline is not None:
            when = min(when, deadline)
        self.commit({**values, "attempts": attempts, "next_check_at": when})

    # ---- the stages

    def run(self) -> None:
        """Advance the domain; record any error (``LeaseLostError`` passes through)."""
        try:
            self._advance()
            if self.row.get("last_error") and not self.row.get("needs_attention"):
                self.commit({"last_error": None})  # the error this step followed has cleared
        except LeaseLostError:
            raise
        except Exception as error:  # one domain's failure never stops the fleet
            self._failed(error)

    def _advance(self) -> None:
        self._progress()
        # At the deadline the domain is checked once more (that step is scheduled for it), and
        # fails only if that check did not verify it.
        deadline = aware(self.row["deadline_at"])
        if self.row["stage"] in CHECKING and deadline is not None and self.now >= deadline:
            self.commit(
                {"stage": "failed", "next_check_at": None},
                ("domain.failed", {"deadline_at": deadline.isoformat()}),
            )

    def _progress(self) -> None:
        """As far forward as the domain can go now, one stage at a time."""
        while True:
            stage = self.row["stage"]
            if stage == "new":
                self._create()
            elif stage == "created" and self.row["publish"]:
                self._publish()
            elif stage in ("created", "published"):
                verdict = self._check_dns(fresh=False)
                if verdict == "not_ok" or (verdict == "unanswered" and not self._verify()):
                    return
            elif stage == "dns_ok":
                if not self._verify():
                    return
            elif stage == "verified":
                self._ensure_identities()
                return
            elif stage == "monitored":
                if not self._monitor():
                    return
            else:  # failed, removed: nothing to do
                return

    def _create(self) -> None:
        name = self.row["domain"]
        if self.existing is None:
            domain = self.client.domains.ensure(name)
        elif name in self.existing:
            domain = self.existing[name]
        else:
            try:
                domain = self.client.domains.create(name)
            except ConflictError:  # made since the list was read: as ensure would
                domain = self.client.domains.ensure(name)
        records = (
            [r.model_dump(mode="json") for r in domain.dns_records]
            if domain.dns_records is not None
            else None
        )
        done: list[tuple[EventType, dict[str, Any]]] = [
            (
                "domain.created",
                {
                    "domain_id": domain.id,
                    "provider": domain.provider,
                    "status": domain.status.value,
                },
            )
        ]
        values: dict[str, Any] = {
            "stage": "created",
            "domain_id": domain.id,
            "status": domain.status.value,
            "records": records,
            "attempts": 0,
            "last_error": None,
        }
        if domain.status is VerificationStatus.VERIFIED:  # the provider's word is final
            values["stage"] = "verified"
            done.append(("domain.verified", {"domain_id": domain.id}))
        self.commit(values, *done)

    def _records(self) -> list[DnsRecord] | None:
        cached = self.row["records"]
        return None if cached is None else [DnsRecord.model_validate(r) for r in cached]

    def _publish(self) -> None:
        from sendfrom.publish import publish  # octoDNS, only for domains published with it

        records = self._records()
        if records is None:
            records = self.client.domains.dns_records(self.row["domain_id"])
        result = publish(records, self.row["domain"], self.row["publish"], apply=True)
        self.commit(
            {"stage": "published", "attempts": 0},
            (
                "domain.published",
                {
                    "zone": result.zone,
                    "applied": result.applied,
                    "changes": len(result.changes),
                    "conflicts": [f"{c.type} {c.name}: {c.reason}" for c in result.conflicts],
                },
            ),
        )

    def _lookup(self, fresh: bool) -> list[RecordCheck]:
        """The records looked up in DNS: the ones ``ensure`` returned (no request), or, when
        ``fresh`` or there were none, ``domains.check_dns`` (which asks the provider for them)."""
        records = None if fresh else self._records()
        if records is not None:
            import sendfrom.dns

            return sendfrom.dns.check(
                records, nameservers=self.nameservers, timeout=self.dns_timeout
            )
        checks = self.client.domains.check_dns(
            self.row["domain_id"], nameservers=self.nameservers, timeout=self.dns_timeout
        )
        self.row["records"] = [c.record.model_dump(mode="json") for c in checks]
        return checks

    def _check_dns(self, *, fresh: bool) -> DnsVerdict:
        checks = self._lookup(fresh)
        found = summary(checks)
        values = {"checks": found, "records": self.row["records"]}
        if all(c.ok for c in checks):
            self.commit(
                {**values, "stage": "dns_ok", "attempts": 0},
                ("domain.dns_ok", {"records": len(checks)}),
            )
            return "ok"
        if all(c.state == "error" for c in checks):
            # No resolver answered: the local check cannot tell, so the provider is asked.
            self.commit(values)
            return "unanswered"
        self._later(**values)
        return "not_ok"

    def _verify(self) -> bool:
        """Ask the provider (``verify``, or where it cannot re-check on request, ``get``)."""
        domain_id = self.row["domain_id"]
        if self.client.supports("domains.verify"):
            domain = self.client.domains.verify(domain_id)
        else:
            domain = self.client.domains.get(domain_id)
        if domain.status is VerificationStatus.VERIFIED:
            self.commit(
                {"stage": "verified", "status": domain.status.value, "attempts": 0},
                ("domain.verified", {"domain_id": domain_id}),
            )
            return True
        self._later(status=domain.status.value)
        return False

    def _ensure_identities(self) -> None:
        wanted: dict[str, dict[str, Any]] = dict(self.row["identities"] or {})
        if wanted and self.client.supports("identities.create"):
            for email, known in list(wanted.items()):
                if known.get("id"):
                    continue
                arguments: dict[str, Any] = {
                    # some providers require a sender name (MailerSend): the one given to add,
                    # else the address's local part, as a mail client shows a bare address
                    "name": known.get("name") or email.rpartition("@")[0],
                    "provider_options": self.row["identity_options"],
                }
                if self.client.supports("identities.create", "domain_id"):
                    arguments["domain_id"] = self.row["domain_id"]
                identity = self.client.identities.ensure(email, **arguments)
                wanted[email] = {**known, "id": identity.id, "status": identity.status.value}
                done: list[tuple[EventType, dict[str, Any]]] = [
                    ("identity.created", {"email": email, "identity_id": identity.id})
                ]
                if identity.status is VerificationStatus.VERIFIED:
                    done.append(("identity.verified", {"email": email, "identity_id": identity.id}))
                self.commit({"identities": dict(wanted)}, *done)
        pending = any(i["status"] != "verified" for i in wanted.values())
        recheck = self._at(self.schedule.recheck)
        self.commit(
            {
                "stage": "monitored",
                "attempts": 0,
                "recheck_at": recheck,
                "next_check_at": self._at(self.schedule.gap(1)) if pending else recheck,
            }
        )

    def _monitor(self) -> bool:
        """A verified domain's check: pending identities, and, when due, the recheck. True when
        it drifted and the step goes on checking it."""
        wanted: dict[str, dict[str, Any]] = dict(self.row["identities"] or {})
        for email, known in list(wanted.items()):
            if not known.get("id") or known["status"] == "verified":
                continue
            try:
                identity = self.client.identities.get(known["id"])
            except NotFoundError:  # deleted at the provider: with its domain, or alone?
                wanted[email] = {**known, "id": None, "status": "unknown"}
                self.commit({"identities": dict(wanted)})
                if not self._recheck():  # the domain is there: ensure the identity again
                    self.commit({"stage": "verified"})
                return True
            wanted[email] = {**known, "id": identity.id, "status": identity.status.value}
            done: list[tuple[EventType, dict[str, Any]]] = []
            if identity.status is VerificationStatus.VERIFIED:
                done.append(("identity.verified", {"email": email, "identity_id": identity.id}))
            self.commit({"identities": dict(wanted)}, *done)
        recheck_at = aware(self.row["recheck_at"])
        if (recheck_at is None or self.now >= recheck_at) and self._recheck():
            return True
        pending = any(i["status"] != "verified" for i in wanted.values())
        recheck = self.row["recheck_at"]
        if pending:
            attempts = self.row["attempts"] + 1
            self.commit(
                {
                    "attempts": attempts,
                    "next_check_at": min(recheck, self._at(self.schedule.gap(attempts))),
                }
            )
        else:
            self.commit({"next_check_at": recheck})
        return False

    def _recheck(self) -> bool:
        """DNS (records fetched fresh: they may have been rotated) and the provider's status;
        True when either is lost (``domain.drifted``, back to checking)."""
        domain_id = self.row["domain_id"]
        try:
            domain = self.client.domains.get(domain_id)
        except NotFoundError:
            self._drifted({"reason": "the provider no longer has the domain"}, stage="new")
            return True
        checks = self._lookup(fresh=True)
        found = summary(checks)
        broken = sorted(k for k, v in found.items() if v in BROKEN)
        if broken or domain.status is not VerificationStatus.VERIFIED:
            reason = "records missing or changed in DNS" if broken else "the provider unverified it"
            self._drifted(
                {"reason": reason, "records": broken, "status": domain.status.value},
                stage="created",
                checks=found,
                status=domain.status.value,
            )
            return True
        self.commit(
            {
                "checks": found,
                "records": self.row["records"],
                "status": domain.status.value,
                "recheck_at": self._at(self.schedule.recheck),
            }
        )
        return False

    def _drifted(self, data: dict[str, Any], *, stage: str, **values: Any) -> None:
        if stage == "new":
            values |= {"domain_id": None, "records": None, "status": "unknown"}
            identities = {
                e: {**i, "id": None, "status": "unknown"} for e, i in self.row["identities"].items()
            }
            values["identities"] = identities
        self.commit(
            {
                **values,
                "stage": stage,
                "attempts": 0,
                "deadline_at": self._at(self.schedule.deadline),
                "next_check_at": self._at(self.schedule.gap(1)),
            },
            ("domain.drifted", data),
        )

    # ---- errors

    def _failed(self, error: Exception) -> None:
        message = f"{type(error).__name__}: {error}"[:ERROR_TEXT]
        stage = self.row["stage"]
        data: dict[str, Any] = {"stage": stage, "error": type(error).__name__, "message": message}
        if isinstance(error, TRANSIENT):
            attempts = self.row["attempts"] + 1
            wait = self.schedule.gap(attempts)
            asked = getattr(error, "retry_after", None)
            if asked:
                wait = max(wait, float(asked))
            when = self._at(wait)
            data |= {
                "transient": True,
                "retry_at": (self.now + timedelta(seconds=wait)).isoformat(),
            }
            log.warning("fleet: %s: %s (retried at the next check)", self.row["domain"], message)
            self.commit(
                {"attempts": attempts, "next_check_at": when, "last_error": message},
                ("step.error", data),
            )
            return
        if isinstance(error, SendfromError):
            log.warning("fleet: %s: %s (needs attention)", self.row["domain"], message)
        else:  # not a provider's answer: a bug or the environment; the traceback helps
            log.error("fleet: %s: unexpected error", self.row["domain"], exc_info=error)
        data |= {"transient": False, "retry_at": None}  # until retry()
        self.commit(
            {"needs_attention": True, "next_check_at": None, "last_error": message},
            ("step.error", data),
        )
