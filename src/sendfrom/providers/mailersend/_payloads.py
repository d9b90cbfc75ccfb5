"""What the MailerSend simulator serves beside its state: a new domain's settings, the page
numbers of Laravel's paginator, its "field is required" errors, and a domain's DNS records."""

from __future__ import annotations

from typing import Any

__all__ = ["DEFAULT_SETTINGS", "dns_records", "required_errors", "window"]


DEFAULT_SETTINGS: dict[str, Any] = {
    "send_paused": False,
    "track_clicks": True,
    "track_opens": True,
    "track_opens_pixel_on_top": False,
    "track_unsubscribe": False,
    "track_unsubscribe_html": '<p>Click here to <a href="{{unsubscribe}}">unsubscribe</a></p>',
    "track_unsubscribe_html_enabled": False,
    "track_unsubscribe_plain": "Click here to unsubscribe: {{unsubscribe}}",
    "track_unsubscribe_plain_enabled": False,
    "track_content": False,
    "custom_tracking_enabled": False,
    "custom_tracking_subdomain": "email",
    "return_path_subdomain": "mta",
    "inbound_routing_enabled": False,
    "inbound_routing_subdomain": "inbound",
    "precedence_bulk": False,
    "ignore_duplicated_recipients": False,
    "show_dmarc": False,
}


def window(page: int, last: int, each_side: int = 3) -> list[int]:
    """The page numbers Laravel's paginator links show (0 stands for its "..." gap)."""
    if last <= 2 * each_side + 6:
        return list(range(1, last + 1))
    low, high = max(1, page - each_side), min(last, page + each_side)
    shown = sorted({1, 2, last - 1, last, *range(low, high + 1)})
    numbers: list[int] = []
    for n in shown:
        if numbers and n > numbers[-1] + 1:
            numbers.append(0)
        numbers.append(n)
    return numbers


def required_errors(body: dict[str, Any], *names: str) -> dict[str, list[str]]:
    return {
        name: [f"The {name.replace('_', ' ')} field is required."]
        for name in names
        if body.get(name) in (None, "")
    }


def dns_records(domain: dict[str, Any]) -> dict[str, Any]:
    """The ``/dns-records`` data of a simulated domain."""
    name, settings = domain["name"], domain["domain_settings"]
    # The 2026 shape: two DKIM CNAMEs, and the retired `dkim` entry still present with nulls
    # as the live API sends it (specs/evidence/mailersend/drift-2026/); inbound routing
    # only for a domain that has it enabled.
    records: dict[str, Any] = {
        "id": domain["id"],
        "spf": {"hostname": name, "type": "TXT",
                "value": "v=spf1 include:_spf.mailersend.net -all"},
        "dkim": {"hostname": None, "type": None, "value": None},
        "dkim_ms1": {"hostname": f"ms1._domainkey.{name}", "type": "CNAME",
                     "value": "ms1._domainkey.mailersend.net"},
        "dkim_ms2": {"hostname": f"ms2._domainkey.{name}", "type": "CNAME",
                     "value": "ms2._domainkey.mailersend.net"},
        "return_path": {"hostname": f"{settings['return_path_subdomain']}.{name}",
                        "type": "CNAME", "value": "mailersend.net"},
        "custom_tracking": {"hostname": f"{settings['custom_tracking_subdomain']}.{name}",
                            "type": "CNAME", "value": "links.mailersend.net"},
    }  # fmt: skip
    if settings["inbound_routing_enabled"]:
        records["inbound_routing"] = {
            "hostname": f"{settings['inbound_routing_subdomain']}.{name}",
            "type": "MX",
            "value": "inbound.mailersend.net",
            "priority": "10",
        }
    return records
