"""The ``sendfrom`` command line: ``pip install "sendfrom[cli]"``, then ``sendfrom --help``.

This package imports nothing heavy: typer and rich (the ``cli`` extra) are imported by ``main``
only, so ``import sendfrom`` stays light, and a missing extra gets a one-line hint, not a traceback.
"""

from __future__ import annotations

import sys

__all__ = ["INSTALL_HINT", "main"]

INSTALL_HINT = 'sendfrom: the command line needs its extra: pip install "sendfrom[cli]"'


def main(argv: list[str] | None = None) -> None:
    """Run the ``sendfrom`` command (exits the process with the command's exit code)."""
    try:
        import rich  # noqa: F401
        import typer  # noqa: F401
    except ImportError:
        print(INSTALL_HINT, file=sys.stderr)
        raise SystemExit(2) from None
    from sendfrom.cli._app import app

    app(args=argv, prog_name="sendfrom")
