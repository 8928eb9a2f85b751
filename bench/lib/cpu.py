#!/usr/bin/env python3
"""CPU accounting for the benchmark on a shared 2-core machine (stdlib only, Linux /proc).

  cpu.py idle THRESHOLD MAX_WAIT_S
      Samples machine-wide CPU busy time over 2 s windows until it is below THRESHOLD (fraction of all
      cores, e.g. 0.15) or MAX_WAIT_S passed. Prints "<busy fraction of the last window> <seconds waited>".
  cpu.py snap
      Prints one line of numbers: busy seconds of the whole machine, then CPU seconds used so far by
      mariadbd, by the PostgreSQL server (every 'postgres' process plus the children the postmaster has
      reaped) and by nats-server.
  cpu.py other BEFORE_LINE AFTER_LINE TOOL_CPU_S
      Prints the CPU seconds used between the two snapshots by anything that is neither the measured tool
      (TOOL_CPU_S, from /usr/bin/time %U+%S) nor the three servers: other people's builds and tests, and
      the kernel's own work. A run during which this is large was disturbed.
"""
import os
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def machine_busy_s():
    with open("/proc/stat") as f:
        parts = f.readline().split()
    user, nice, system, _idle, _iowait, irq, softirq = (int(x) for x in parts[1:8])
    return (user + nice + system + irq + softirq) / TICK


def proc_stat(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            raw = f.read()
    except OSError:
        return None
    comm = raw[raw.index("(") + 1:raw.rindex(")")]
    rest = raw[raw.rindex(")") + 2:].split()
    # rest[0] is field 3 (state); utime is field 14, stime 15, cutime 16, cstime 17.
    ppid = int(rest[1])
    utime, stime, cutime, cstime = (int(x) for x in rest[11:15])
    return comm, ppid, utime, stime, cutime, cstime


def servers_s():
    maria = pg = nats = 0
    procs = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = proc_stat(entry)
            if st:
                procs[int(entry)] = st
    for pid, (comm, ppid, ut, stt, cut, cst) in procs.items():
        if comm == "mariadbd" or comm == "mysqld":
            maria += ut + stt
        elif comm == "postgres":
            pg += ut + stt
            parent = procs.get(ppid)
            if parent is None or parent[0] != "postgres":  # the postmaster: add its reaped backends
                pg += cut + cst
        elif comm == "nats-server":
            nats += ut + stt
    return maria / TICK, pg / TICK, nats / TICK


def busy_fraction(window_s=2.0):
    a = machine_busy_s()
    time.sleep(window_s)
    b = machine_busy_s()
    return (b - a) / window_s / os.cpu_count()


def main(argv):
    if len(argv) >= 2 and argv[1] == "idle":
        threshold, max_wait = float(argv[2]), float(argv[3])
        start = time.monotonic()
        while True:
            frac = busy_fraction()
            waited = time.monotonic() - start
            if frac < threshold or waited >= max_wait:
                print(f"{frac:.3f} {waited:.0f}")
                return 0
    if len(argv) == 2 and argv[1] == "snap":
        print(" ".join(f"{x:.2f}" for x in (machine_busy_s(), *servers_s())))
        return 0
    if len(argv) == 5 and argv[1] == "other":
        before = [float(x) for x in argv[2].split()]
        after = [float(x) for x in argv[3].split()]
        tool = float(argv[4])
        d = [b - a for a, b in zip(before, after)]
        print(f"{max(0.0, d[0] - d[1] - d[2] - d[3] - tool):.1f}")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
