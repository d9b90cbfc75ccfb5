"""``simulator(provider)``, typed per provider: ``simulator("invent")`` is an ``InventSimulator``.

It lives beside the registry because its overloads name the providers (only ``providers/`` may);
``sendfrom.testing`` re-exports it. The concrete classes are imported for type checking only, so
importing this module loads no provider. A name the overloads do not list (a registered fifth
provider, a ``str`` variable) is typed ``Simulator``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, overload

from sendfrom.providers import simulator_class

if TYPE_CHECKING:
    from sendfrom.providers.invent.simulator import InventSimulator
    from sendfrom.providers.mailersend.simulator import MailerSendSimulator
    from sendfrom.providers.postmark.simulator import PostmarkSimulator
    from sendfrom.providers.resend.simulator import ResendSimulator
    from sendfrom.providers.sendgrid.simulator import SendGridSimulator
    from sendfrom.providers.spaceinvoices.simulator import SpaceInvoicesSimulator
    from sendfrom.providers.vortex.simulator import VortexSimulator
    from sendfrom.testing import Simulator

__all__ = ["simulator"]


@overload
def simulator(provider: Literal["invent"], **kwargs: Any) -> InventSimulator: ...
@overload
def simulator(provider: Literal["mailersend"], **kwargs: Any) -> MailerSendSimulator: ...
@overload
def simulator(provider: Literal["postmark"], **kwargs: Any) -> PostmarkSimulator: ...
@overload
def simulator(provider: Literal["resend"], **kwargs: Any) -> ResendSimulator: ...
@overload
def simulator(provider: Literal["sendgrid"], **kwargs: Any) -> SendGridSimulator: ...
@overload
def simulator(provider: Literal["spaceinvoices"], **kwargs: Any) -> SpaceInvoicesSimulator: ...
@overload
def simulator(provider: Literal["vortex"], **kwargs: Any) -> VortexSimulator: ...
@overload
def simulator(provider: str, **kwargs: Any) -> Simulator: ...
def simulator(provider: str, **kwargs: Any) -> Simulator:
    """A fresh, empty simulator of ``provider`` (``api_key=``, ``seed=``, ``clock=``)."""
    return simulator_class(provider)(**kwargs)
