"""``python -m filmlint``: the command line in a process of its own, which it tunes for a
short life."""

import gc
import sys
from typing import NoReturn


def run() -> NoReturn:
    # Start-up (imports, rule tables, the schema) allocates a few hundred thousand objects
    # and frees few of them: collecting every 700 allocations, as by default, costs a
    # twentieth of a one-file check. A higher threshold still bounds a long run's garbage.
    gc.set_threshold(20_000)
    from filmlint.cli import main

    code = main()
    # The process's exit frees what is left: its last collection need not visit it all.
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()
