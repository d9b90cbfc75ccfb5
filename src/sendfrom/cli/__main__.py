"""``python -m sendfrom.cli``: the ``sendfrom`` command."""

from sendfrom.cli import main

main()
