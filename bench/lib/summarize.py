#!/usr/bin/env python3
"""Summarizes one benchmark CSV written by bench/run.sh (stdlib only).

  summarize.py RESULTS.csv [--markdown]

Per pair and tool, over the timed runs that passed: median wall time, median rows/s, median MiB/s, the
ratio of Sluice's median rows/s to the peer's, the highest peak RSS, the median CPU used meanwhile by
other processes (in cores: other CPU seconds / wall seconds), and Sluice's verification time (from its
one verified run). Failed runs are counted and named, never averaged in.
"""
import csv
import statistics
import sys


def fnum(x, digits=0):
    return f"{x:,.{digits}f}"


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    markdown = "--markdown" in argv[2:]
    with open(argv[1], newline="") as f:
        rows = list(csv.DictReader(f))
    pairs = []
    for r in rows:
        if r["pair"] not in pairs:
            pairs.append(r["pair"])

    header = ["pair", "tool", "ok runs", "median s", "rows/s", "MiB/s", "Sluice/peer", "peak RSS MiB",
              "other CPU (cores)", "verify s"]
    table = []
    failures = []
    for pair in pairs:
        pr = [r for r in rows if r["pair"] == pair]
        tools = []
        for r in pr:
            if r["tool"] not in tools:
                tools.append(r["tool"])
        medians = {}
        lines = {}
        for tool in tools:
            timed = [r for r in pr if r["tool"] == tool and r["run"] != "verify"]
            ok = [r for r in timed if r["result"] == "ok"]
            failures += [f"{pair} {tool} run {r['run']}: {r['result']}" for r in pr
                         if r["tool"] == tool and r["result"] != "ok"]
            verify = [r for r in pr if r["tool"] == tool and r["run"] == "verify"]
            vtxt = ""
            if verify:
                v = verify[-1]
                if v["result"] == "ok" and v["verify_s"]:
                    vtxt = f"{float(v['verify_s']):.1f} (run {float(v['wall_s']):.1f})"
                elif v["result"] == "ok":
                    vtxt = f"? (run {float(v['wall_s']):.1f})"
                else:
                    vtxt = "FAILED"
            if ok:
                rps = statistics.median(float(r["rows_per_s"]) for r in ok)
                medians[tool] = rps
                lines[tool] = [pair, tool, f"{len(ok)}/{len(timed)}",
                               fnum(statistics.median(float(r["wall_s"]) for r in ok), 1),
                               fnum(rps), fnum(statistics.median(float(r["mib_per_s"]) for r in ok), 1), "",
                               fnum(max(int(r["peak_rss_kb"]) for r in ok) / 1024),
                               fnum(statistics.median(float(r["other_cpu_s"]) / float(r["wall_s"]) for r in ok), 2),
                               vtxt]
            else:
                lines[tool] = [pair, tool, f"0/{len(timed)}", "-", "-", "-", "", "-", "-", vtxt]
        peers = [t for t in tools if t != "sluice"]
        if "sluice" in medians and peers and peers[0] in medians:
            lines["sluice"][6] = f"{medians['sluice'] / medians[peers[0]]:.2f}x"
        table += [lines[t] for t in tools]

    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join("---" for _ in header) + "|")
        for line in table:
            print("| " + " | ".join(line) + " |")
    else:
        widths = [max(len(h), *(len(line[i]) for line in table)) if table else len(h) for i, h in enumerate(header)]
        print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
        for line in table:
            print("  ".join(c.ljust(w) for c, w in zip(line, widths)))
    print()
    print("rows/s and MiB/s: medians of the passing timed runs (source rows or source size / wall seconds);")
    print("Sluice/peer: ratio of the median rows/s (above 1: Sluice faster); peak RSS: highest of the runs, largest")
    print("process (Sluice: its JVM); other CPU: CPU used meanwhile by other processes (not the tool, databases or")
    print("NATS), in cores, median; verify s: Sluice's own verification in one extra run with it on.")
    if failures:
        print()
        print("FAILED RUNS:")
        for f in failures:
            print("  " + f)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
