"""Publish a domain's DNS records with octoDNS, into whatever DNS host an octoDNS config names.

    from sendfrom.publish import publish
    result = publish(client.domains.dns_records(domain.id), domain.name, "octodns.yaml")
    print(result.describe())                     # the plan: nothing has changed yet
    publish(records, domain.name, "octodns.yaml", apply=True)   # octoDNS's --doit

It is octoDNS's own machinery (``octodns.manager.Manager``, the zone's configured targets,
``provider.plan`` / ``provider.apply``) with one difference from ``octodns-sync``: the desired
state is the target's *existing* records plus sendfrom's (the zone's sources and processors are
not used), so nothing is ever deleted or replaced. A record at a name and type that already
exists gets sendfrom's values added to it (an SPF TXT record gets the ``include:`` merged in
before its ``all``, never twice); a CNAME that would clash with what is there is skipped and
reported, never forced. An SPF record that ``sendfrom.dns.check`` would refuse (over RFC 7208's
10 DNS-querying terms, counted on the record's own terms; ``redirect=``/``exp=`` twice; a second
``v=spf1`` record) is never written: ``InvalidRequestError`` before anything is pushed. Records
are relative to the zone the config names: ``mail.example.com`` publishes into ``example.com.``
if that is the zone configured.

Needs the ``octodns`` extra (``pip install "sendfrom[octodns]"``) and, for a DNS host other than
octoDNS's YAML files, that host's octoDNS provider package. ``import sendfrom`` never loads this.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from os import PathLike
from pathlib import Path
from typing import Any

from sendfrom._values import shown
from sendfrom.dns import to_octodns
from sendfrom.dns._names import bare
from sendfrom.errors import ConfigurationError, InvalidRequestError, SendfromError
from sendfrom.models import DnsRecord
from sendfrom.publish._merge import add_record, only_additions
from sendfrom.publish._results import Change, Conflict, PublishResult, TargetPlan, change_of
from sendfrom.publish._spf import merge_spf

__all__ = [
    "Change",
    "Conflict",
    "PublishResult",
    "TargetPlan",
    "apublish",
    "merge_spf",
    "publish",
    "quiet_octodns",
    "zone_for",
]

INSTALL_HINT = 'publishing needs octoDNS: pip install "sendfrom[octodns]"'


def publish(
    records: Iterable[DnsRecord],
    domain: str,
    config: str | PathLike[str],
    *,
    apply: bool = False,
) -> PublishResult:
    """Plan adding ``records`` (a domain's ``dns_records``) to the zone of ``domain`` in the
    octoDNS ``config`` file, on each of the zone's targets; make the changes if ``apply`` (and
    the zone is not ``always-dry-run``: then ``applied`` is False).

    Errors: ``ConfigurationError`` (octoDNS missing, an unreadable config, no zone covering
    ``domain``, an unknown target); ``InvalidRequestError`` (the SPF record written would be a
    permanent error, e.g. over 10 DNS lookups: raised while planning, nothing pushed);
    ``SendfromError`` when a DNS host refuses the plan or the
    changes (its octoDNS provider's error is the ``__cause__``)."""
    records = _records_arg(records)
    _domain_arg(domain)  # before the config is read
    manager = _manager(Path(config))
    zone_name = _zone_for(manager, domain, Path(config))
    zone_config = manager.config["zones"][zone_name]
    wanted = to_octodns(records, zone_name)
    plans: list[TargetPlan] = []
    octodns_plans: list[tuple[Any, Any]] = []
    for target in _targets(manager, zone_name, zone_config, Path(config)):
        summary, plan = _plan_target(manager, target, zone_name, zone_config, wanted)
        plans.append(summary)
        if plan is not None:
            octodns_plans.append((target, plan))
    if apply and zone_config.get("always-dry-run", False):
        apply = False  # the zone says never to apply it (octodns-sync honours this too)
    if apply:
        for target, plan in octodns_plans:
            try:
                plan.raise_if_unsafe()
                target.apply(plan)
            except Exception as error:  # any DNS host's failure, as sendfrom reports errors
                raise SendfromError(
                    f"octoDNS target {target.id!r} could not apply the changes to {zone_name}: "
                    f"{error}"
                ) from error
    return PublishResult(zone_name, tuple(plans), apply, octodns_plans)


def zone_for(domain: str, config: str | PathLike[str]) -> str:
    """The zone of the octoDNS ``config`` that ``domain``'s records go into (e.g.
    ``example.com.``), after checking that the config loads and the zone has targets to write:
    ``ConfigurationError`` otherwise. Nothing is read from or written to a DNS host."""
    _domain_arg(domain)  # before the config is read
    manager = _manager(Path(config))
    zone_name = _zone_for(manager, domain, Path(config))
    _targets(manager, zone_name, manager.config["zones"][zone_name], Path(config))
    return zone_name


async def apublish(
    records: Iterable[DnsRecord],
    domain: str,
    config: str | PathLike[str],
    *,
    apply: bool = False,
) -> PublishResult:
    """``publish`` in a worker thread: octoDNS's providers block, the event loop must not."""
    return await asyncio.to_thread(publish, list(records), domain, config, apply=apply)


def _domain_arg(domain: object) -> str:
    """``domain`` when it is a name (a non-empty str), else ``InvalidRequestError``: checked
    before the config is read."""
    if not isinstance(domain, str) or not domain.strip(". "):
        raise InvalidRequestError(
            f"domain must be a domain name (a str), not {shown(domain)}",
            {"domain": ["must be a domain name"]},
        )
    return domain


def _records_arg(records: object) -> list[DnsRecord]:
    """``records`` as a list of ``DnsRecord`` (a domain's ``dns_records``), else
    ``InvalidRequestError``."""
    if isinstance(records, str | bytes | dict) or not isinstance(records, Iterable):
        raise InvalidRequestError(
            f"records must be a list of DnsRecord (a domain's dns_records), not {shown(records)}",
            {"records": ["must be a list of DnsRecord"]},
        )
    listed = list(records)
    wrong = [n for n, record in enumerate(listed) if not isinstance(record, DnsRecord)]
    if wrong:
        raise InvalidRequestError(
            f"records[{wrong[0]}] must be a DnsRecord, not {shown(listed[wrong[0]])}",
            {f"records[{n}]": ["must be a DnsRecord"] for n in wrong},
        )
    return listed


@contextmanager
def quiet_octodns() -> Iterator[None]:
    """For applications: octoDNS logs advice at WARNING on loggers of its own names ("Zone",
    "Manager", ...), which Python prints on stderr when logging is not configured. Within this,
    it is not printed (a handler that drops it); octoDNS's failures still raise."""
    root = logging.getLogger()
    handler = logging.NullHandler()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)


# ---- the octoDNS config


def _manager(config: Path) -> Any:
    try:
        from octodns.manager import Manager
    except ImportError:
        raise ConfigurationError(INSTALL_HINT) from None
    if not config.is_file():
        raise ConfigurationError(f"octoDNS config {config}: no such file")
    try:
        return Manager(str(config))
    except Exception as error:  # octoDNS raises many kinds for a bad config: say which file
        raise ConfigurationError(f"octoDNS config {config}: {error}") from error


def _zone_for(manager: Any, domain: str, config: Path) -> str:
    """The configured zone that holds ``domain``: the zone itself or its nearest parent."""
    from octodns.idna import idna_encode

    name = bare(idna_encode(domain)) + "."
    zones = [z for z in manager.config["zones"] if not z.startswith("*")]
    holding = [z for z in zones if name == z.lower() or name.endswith("." + z.lower())]
    if not holding:
        listed = ", ".join(sorted(zones)) or "none"
        undotted = [z for z in zones if not z.endswith(".") and name.endswith(z.lower() + ".")]
        if undotted:  # octoDNS names a zone with its trailing dot; without it, none matches
            raise ConfigurationError(
                f"octoDNS config {config}: the zone {undotted[0]!r} needs its trailing dot "
                f"(write {undotted[0] + '.'!r} under zones:), as octoDNS names every zone"
            )
        raise ConfigurationError(
            f"octoDNS config {config} has no zone for {domain} (its zones: {listed})"
        )
    return str(max(holding, key=len))


def _targets(manager: Any, zone_name: str, zone_config: Any, config: Path) -> list[Any]:
    from octodns.provider.base import BaseProvider

    if "alias" in zone_config:
        raise ConfigurationError(
            f"octoDNS config {config}: zone {zone_name} is an alias of {zone_config['alias']}; "
            "publish to that zone instead"
        )
    names = zone_config.get("targets") or []
    if not names:
        raise ConfigurationError(f"octoDNS config {config}: zone {zone_name} has no targets")
    targets = []
    for name in names:
        target = manager.providers.get(name)
        if not isinstance(target, BaseProvider):
            raise ConfigurationError(
                f"octoDNS config {config}: target {name!r} of zone {zone_name} is not a "
                "provider that can be written to"
            )
        targets.append(target)
    return targets


# ---- one target: existing + ours, then octoDNS's plan


def _plan_target(
    manager: Any, target: Any, zone_name: str, zone_config: Any, wanted: dict[str, Any]
) -> tuple[TargetPlan, Any]:
    try:
        existing = manager.get_zone(zone_name)
        exists = target.populate(existing, target=True, lenient=True)
        desired = existing.copy()
        conflicts: list[Conflict] = []
        touched: set[tuple[str, str]] = set()
        for name, entries in wanted.items():
            for entry in entries if isinstance(entries, list) else [entries]:
                conflict = add_record(desired, name, entry)
                if conflict is None:
                    touched.add((name, entry["type"]))
                else:
                    conflicts.append(conflict)
        # No processors: they shape a sync from the config's sources, which publishing does not
        # read, and a target-zone filter would hide records from octoDNS's view of the existing
        # zone, which a file-writing target (YamlProvider) then drops when it writes the zone.
        lenient = bool(zone_config.get("lenient", False))
        plan = target.plan(desired, processors=[], lenient=lenient)
    except (ConfigurationError, InvalidRequestError):  # ours to say, not the DNS host's
        raise
    except Exception as error:
        raise SendfromError(
            f"octoDNS target {target.id!r} could not plan {zone_name}: {error}"
        ) from error
    plan = only_additions(plan, touched)
    changes = tuple(change_of(c) for c in plan.changes) if plan is not None else ()
    summary = TargetPlan(target.id, changes, tuple(conflicts), bool(exists))
    return summary, plan
