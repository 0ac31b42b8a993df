"""Run a module under cProfile timed by the thread's own CPU time, for the benches' profiles.

    python bench/cpu_profile.py OUT.prof gateway.cli --config X run

``python -m cProfile`` times by the wall clock: on a shared machine every wait for a core or for the GIL
is counted in whatever function was running, so a profile says more about the load than about the code.
Timed by ``time.thread_time``, the profile of the thread that runs the module (the gateway's event loop)
adds up to that thread's own CPU.
"""

from __future__ import annotations

import cProfile
import runpy
import sys
import time


def main() -> None:
    out, module, *args = sys.argv[1:]
    sys.argv = [module, *args]
    profile = cProfile.Profile(time.thread_time)
    try:
        profile.runcall(runpy.run_module, module, run_name="__main__", alter_sys=True)
    finally:
        profile.dump_stats(out)


if __name__ == "__main__":
    main()
