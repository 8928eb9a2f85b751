#!/usr/bin/env python3
"""Runs a command on a pseudo-terminal and times the phase that starts at a marker line.

  ptyrun.py LOG MARKER -- COMMAND [ARG...]

Sluice prints "verifying: ..." only when it runs on a terminal, just before it verifies, so on a pty the
time from that line to the end of the process is the verification time (plus deleting the hub stream
and printing the report, both negligible). The output goes to LOG. Prints one line:
"<exit code> <wall s> <s from start to MARKER, or -1 if never seen> <peak RSS KB> <user+sys CPU s>".
"""
import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
import time


def main(argv):
    if len(argv) < 5 or argv[3] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    log_path, marker, cmd = argv[1], argv[2].encode(), argv[4:]
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 160, 0, 0))
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, close_fds=True, start_new_session=True)
    os.close(slave)
    seen_at = -1.0
    tail = b""
    with open(log_path, "wb") as log:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every holder of the slave side is gone
                break
            if not chunk:
                break
            log.write(chunk)
            if seen_at < 0:
                tail = (tail + chunk)[-4096:]
                if marker in tail:
                    seen_at = time.monotonic() - t0
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - t0
    os.close(master)
    code = os.waitstatus_to_exitcode(status)
    print(f"{code} {wall:.2f} {seen_at:.2f} {usage.ru_maxrss} {usage.ru_utime + usage.ru_stime:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
