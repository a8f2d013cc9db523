"""Entry point of the frozen bundle (installer/counterdesk.spec): the same as `counterdesk` / `python -m desktop`.

multiprocessing.freeze_support() comes first: the tally export spawns a writer process
(desktop/services/tally_export.py, the "spawn" context). In a frozen app that child is this executable
again, started with --multiprocessing-fork (or multiprocessing's resource tracker's -c line);
freeze_support() runs the child's work and exits instead of parsing those arguments as a command.

A windowed Windows build (counterdeskw.exe) has no console: sys.stdout / sys.stderr are None there,
and a write to them would raise; they go to the null device instead."""

import multiprocessing
import os
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    for _name in ("stdout", "stderr"):
        if getattr(sys, _name) is None:
            setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    from desktop.cli import main

    sys.exit(main())
