"""Runs an upshift command and SIGKILLs it while a given step runs (the fault of issue 15 #4).

usage: killer.py LOG STEP_REGEX DELAY -- COMMAND...
Copies the command's output to LOG; when a line says a step whose id matches STEP_REGEX started
(`[nova/db-sync@ctl-01-2@ctl-01] started`), waits DELAY seconds and kills the command with SIGKILL
(no chance to journal anything). Prints one line: `killed <line>` or `exited <rc>` (the step never
started: the command ended first). Exit 0 either way; 2 on bad usage."""
import re
import signal
import subprocess
import sys
import threading
import time

if len(sys.argv) < 5 or sys.argv[4] != "--":
    print(__doc__, file=sys.stderr)
    sys.exit(2)
log, pattern, delay, command = sys.argv[1], re.compile(r"\[(?:%s)(?:@[^]]*)?\] started" % sys.argv[2]), float(sys.argv[3]), sys.argv[5:]
proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
killed = []


def kill_later(line):
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
        killed.append(line)


with open(log, "ab") as out:
    armed = True
    for raw in proc.stdout:
        out.write(raw)
        out.flush()
        line = raw.decode(errors="replace").rstrip("\n")
        if armed and pattern.search(line):
            armed = False
            threading.Thread(target=kill_later, args=(line,), daemon=True).start()
rc = proc.wait()
print(f"killed {killed[0]}" if killed else f"exited {rc}")
