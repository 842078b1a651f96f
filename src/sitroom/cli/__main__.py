"""``python -m sitroom.cli``: the same as the ``sitroom`` command."""

from sitroom.cli import main

main()
