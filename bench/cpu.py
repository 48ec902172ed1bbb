#!/usr/bin/env python3
"""Side by side: runs the commands in turn, N rounds, and prints each one's least and median CPU
time (user + system of the process and its children) and wall time, with the ratio of the least
to the first command's (e.g. a bare JVM). Alternating the commands spreads a loaded machine's
noise over all of them; the least of the rounds is the figure to compare.

  usage: bench/cpu.py N "name::command" ["name::command" ...]
"""
import resource
import subprocess
import sys
import time


def main():
    n = int(sys.argv[1])
    cmds = [a.split("::", 1) for a in sys.argv[2:]]
    res = {name: [] for name, _ in cmds}
    for _ in range(n):
        for name, cmd in cmds:
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.time()
            p = subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            t1 = time.time()
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime
            res[name].append((cpu, t1 - t0, p.returncode))
    base = None
    for name, _ in cmds:
        cs = sorted(x[0] for x in res[name])
        ws = sorted(x[1] for x in res[name])
        if base is None:
            base = (cs[0], ws[0])
        print(f"{name:45s} cpu min {cs[0] * 1000:7.1f} med {cs[len(cs) // 2] * 1000:7.1f} ms (x{cs[0] / base[0]:.2f})  "
              f"wall min {ws[0] * 1000:7.1f} med {ws[len(ws) // 2] * 1000:7.1f} ms (x{ws[0] / base[1]:.2f}) "
              f"rc {sorted(set(x[2] for x in res[name]))}")


if __name__ == "__main__":
    main()
