#!/usr/bin/env python3
"""A long line pasted into `mmun repl` on a pseudo-terminal (an xterm of 80 by 24), timed from the
first byte written to the answer on the screen; the REPL's start is not counted.

  usage: bench/repl-paste.py JAR LENGTH [keys|bracketed] [CHUNK]

The line is `page A at 0x1000 = 0 // xxx...` of LENGTH characters after the comment mark, then
Enter. `keys` (the default) writes it in CHUNK-byte writes (default 4096), as a terminal passes a
paste on when it does not use bracketed paste, or as a tool types; `bracketed` wraps it in the
markers a terminal sends when the application asked for bracketed paste (JLine does).
Prints one line: `LENGTH MODE wall-seconds cpu-seconds ok|timeout`; cpu is the REPL process's
user + system time spent from the first byte to the answer. Exits 1 on no answer within 600 s.
"""
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time


def cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    jar, n = sys.argv[1], int(sys.argv[2])
    mode = sys.argv[3] if len(sys.argv) > 3 else "keys"
    chunk = int(sys.argv[4]) if len(sys.argv) > 4 else 4096
    pid, fd = pty.fork()
    if pid == 0:
        # the size first: a JVM that asks before it is set sees 0 columns
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.environ["TERM"] = "xterm-256color"
        os.environ["MMUN_HISTORY"] = os.devnull
        os.execvp("java", ["java", "-jar", jar, "repl"])
    out = b""

    def read_until(pattern, timeout):
        nonlocal out
        end = time.time() + timeout
        while pattern not in out:
            r, _, _ = select.select([fd], [], [], max(0.0, end - time.time()))
            if not r:
                return False
            try:
                out += os.read(fd, 65536)
            except OSError:
                return False
        return True

    try:
        if not read_until(b"mmun> ", 120):
            print(f"{n} {mode} - - no prompt")
            return 1
        out = b""
        line = b"page A at 0x1000 = 0 // " + b"x" * n
        data = (b"\x1b[200~" + line + b"\x1b[201~" if mode == "bracketed" else line) + b"\r"
        c0, t0, i = cpu(pid), time.time(), 0
        while i < len(data):
            r, w, _ = select.select([fd], [fd], [], 1)
            if r:
                out += os.read(fd, 65536)
            if w:
                i += os.write(fd, data[i:i + chunk])
        ok = read_until(b"pte fA", 600)
        wall, c = time.time() - t0, cpu(pid) - c0
        print(f"{n} {mode} {wall:.2f} {c:.2f} {'ok' if ok else 'timeout'}")
        return 0 if ok else 1
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


if __name__ == "__main__":
    sys.exit(main())
