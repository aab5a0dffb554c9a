#!/usr/bin/env python3
"""Runs a command on a pseudo-terminal, as an operator's terminal would, for the prompt tests.

usage: pty-drive.py TRANSCRIPT WAIT_FOR KEYS -- COMMAND...
Starts COMMAND as the session leader of a new pty (the pty is its controlling terminal), waits up
to 120 s for WAIT_FOR to appear in its output, then types KEYS (Python escapes: \\x03 is Ctrl-C,
which the pty's line discipline turns into SIGINT for the foreground process group), reads the rest
and writes everything to TRANSCRIPT. Exits with the command's exit status (124 when WAIT_FOR never
came, the command then killed).
"""
import os, pty, select, signal, sys, time

def read_until(fd, buf, pred, deadline):
    while not pred(buf) and time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if not ready:
            continue
        try:
            data = os.read(fd, 4096)
        except OSError:
            return buf, True
        if not data:
            return buf, True
        buf += data
    return buf, False

def main():
    transcript, wait_for, keys = sys.argv[1], sys.argv[2].encode(), sys.argv[3].encode().decode("unicode_escape").encode()
    command = sys.argv[sys.argv.index("--") + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(command[0], command)
    buf, closed = read_until(fd, b"", lambda b: wait_for in b, time.time() + 120)
    if wait_for not in buf:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        open(transcript, "wb").write(buf)
        return 124
    time.sleep(0.3)  # the prompt is written just before the read starts
    os.write(fd, keys)
    buf, _ = read_until(fd, buf, lambda b: False, time.time() + 60)
    _, status = os.waitpid(pid, 0)
    open(transcript, "wb").write(buf)
    return os.waitstatus_to_exitcode(status) if os.waitstatus_to_exitcode(status) >= 0 else 128 - os.waitstatus_to_exitcode(status)

sys.exit(main())
