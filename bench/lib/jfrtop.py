#!/usr/bin/env python3
"""Summarises a JFR recording's CPU samples: where Sluice's JVM spends its time.

Usage: bench/lib/jfrtop.py RECORDING.jfr [--top N]

Reads `jfr print --events jdk.ExecutionSample` (the JDK's own jfr tool) and prints three tables, each as a
share of all samples: by component (the innermost frame of a known library or of Sluice on the stack,
e.g. DynamoDB Local, NATS client, PostgreSQL driver), by thread group (thread names with digits removed),
and the hottest methods by self time (the top frame).
"""
import collections
import re
import shutil
import subprocess
import sys

COMPONENTS = [
    ("DynamoDB Local (server, SQLite)", ("com.amazonaws.services.dynamodbv2", "com.almworks.sqlite4java",
                                        "org.eclipse.jetty", "org.antlr", "com.amazonaws")),
    ("AWS SDK (DynamoDB client)", ("software.amazon.awssdk", "software.amazon.eventstream")),
    ("NATS client", ("io.nats",)),
    ("PostgreSQL driver", ("org.postgresql",)),
    ("MariaDB driver", ("org.mariadb",)),
    ("Sluice: batch codec", ("dev.sluice.core.batch",)),
    ("Sluice: value checks", ("dev.sluice.core.types", "dev.sluice.jdbc.WriteGuards", "dev.sluice.jdbc.Values")),
    ("Sluice: COPY/INSERT encoding", ("dev.sluice.jdbc.PostgresCopyWriter", "dev.sluice.jdbc.MySqlInsertWriter",
                                      "dev.sluice.jdbc.ValueBinder")),
    ("Sluice: reader (scan, encode rows)", ("dev.sluice.jdbc.ChunkScanner", "dev.sluice.jdbc.ValueReaders",
                                           "dev.sluice.reader")),
    ("Sluice: other", ("dev.sluice",)),
    ("HikariCP", ("com.zaxxer",)),
]


def component(frames):
    for f in frames:  # innermost first
        for name, prefixes in COMPONENTS:
            if f.startswith(prefixes):
                return name
    return "JDK only (startup, JIT, reference handling)"


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if len(sys.argv) >= 2 else 2
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 15
    jfr = shutil.which("jfr") or "jfr"
    text = subprocess.run([jfr, "print", "--stack-depth", "64", "--events", "jdk.ExecutionSample", sys.argv[1]],
                          capture_output=True, text=True, check=True).stdout
    by_comp, by_thread, by_method = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for ev in text.split("jdk.ExecutionSample")[1:]:
        m = re.search(r'sampledThread = "([^"]*)"', ev)
        thread = re.sub(r"\d+", "#", m.group(1)) if m else "?"
        frames = re.findall(r"^\s+([\w$.<>]+)\(", ev.split("stackTrace = [", 1)[-1], re.M)
        if not frames:
            continue
        total += 1
        by_comp[component(frames)] += 1
        by_thread[thread] += 1
        by_method[frames[0]] += 1
    if total == 0:
        print("no execution samples in " + sys.argv[1])
        return 1
    for title, counter, n in (("component", by_comp, 99), ("thread", by_thread, top), ("method (self)", by_method, top)):
        print(f"\n{title:<60} {'share':>7}")
        for k, v in counter.most_common(n):
            print(f"{k[:60]:<60} {100.0 * v / total:6.1f}%")
    print(f"\n{total} samples")
    return 0


if __name__ == "__main__":
    sys.exit(main())
