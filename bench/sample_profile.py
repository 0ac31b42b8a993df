"""Run a module with a sampling profile of its main thread (the gateway's event loop), for the benches.

    python bench/sample_profile.py OUT.txt gateway.cli --config X run

A deterministic profile (cProfile) adds the same cost to every call, so code made of many small calls
looks far heavier than it is. This one samples instead: every 2 ms of the process's CPU (``SIGPROF``)
the main thread's stack is taken where it stands, weighted by the CPU the main thread used since the
sample before (``time.thread_time``), so the weights add up to the loop thread's own CPU. Written at
exit as folded stacks (``frame;frame;... microseconds``), the format flame graph tools read.
"""

from __future__ import annotations

import collections
import runpy
import signal
import sys
import time


def main() -> None:
    out, module, *args = sys.argv[1:]
    sys.argv = [module, *args]
    stacks: collections.Counter[str] = collections.Counter()
    last = [time.thread_time()]

    def sample(_signum, frame) -> None:  # type: ignore[no-untyped-def]
        now = time.thread_time()
        spent, last[0] = now - last[0], now
        names = []
        while frame is not None:
            code = frame.f_code
            names.append(f"{code.co_name} ({code.co_filename.rsplit('/', 2)[-2:][-1]}:{code.co_firstlineno})")
            frame = frame.f_back
        stacks[";".join(reversed(names))] += int(spent * 1e6)

    signal.signal(signal.SIGPROF, sample)
    signal.setitimer(signal.ITIMER_PROF, 0.002, 0.002)
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        with open(out, "w") as fh:
            fh.writelines(f"{stack} {us}\n" for stack, us in stacks.most_common())


if __name__ == "__main__":
    main()
