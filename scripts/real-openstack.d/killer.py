"""Runs an upshift command and SIGKILLs it while a given step runs (the fault of issue 15 #4), or
breaks something on a host when a step ends (the compute that does not come back).

usage: killer.py LOG STEP_REGEX DELAY [--event started|succeeded] [--run SHELL] -- COMMAND...
Copies the command's output to LOG; when a line says a step whose id matches STEP_REGEX started
(`[nova/db-sync@ctl-01-2@ctl-01] started`; with --event succeeded: `... succeeded in 2.3s`), waits
DELAY seconds and kills the command with SIGKILL (no chance to journal anything). Prints one line:
`killed <line>` or `exited <rc>` (the step never started: the command ended first).
With --run SHELL, it runs SHELL (bash -c) instead of killing and lets the command go on; it prints
`ran <line>; exited <rc>` (or `exited <rc>` when the step never came). Exit 0 either way; 2 on bad
usage."""
import argparse
import re
import signal
import subprocess
import sys
import threading
import time

if "--" not in sys.argv[1:]:
    print(__doc__, file=sys.stderr)
    sys.exit(2)
sep = sys.argv.index("--")
parser = argparse.ArgumentParser(usage=__doc__)
parser.add_argument("log")
parser.add_argument("step")
parser.add_argument("delay", type=float)
parser.add_argument("--event", default="started", choices=["started", "succeeded"])
parser.add_argument("--run")
opts, command = parser.parse_args(sys.argv[1:sep]), sys.argv[sep + 1:]
if not command:
    parser.error("no command after --")
log, delay = opts.log, opts.delay
pattern = re.compile(r"\[(?:%s)(?:@[^]]*)?\] %s" % (opts.step, re.escape(opts.event)))
proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
done = []


def act_later(line):
    time.sleep(delay)
    if opts.run is not None:
        subprocess.run(["bash", "-c", opts.run], stdin=subprocess.DEVNULL, check=False)
        done.append(line)
    elif proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
        done.append(line)


with open(log, "ab") as out:
    armed = True
    for raw in proc.stdout:
        out.write(raw)
        out.flush()
        line = raw.decode(errors="replace").rstrip("\n")
        if armed and pattern.search(line):
            armed = False
            threading.Thread(target=act_later, args=(line,), daemon=True).start()
rc = proc.wait()
if opts.run is not None:
    print(f"ran {done[0]}; exited {rc}" if done else f"exited {rc}")
else:
    print(f"killed {done[0]}" if done else f"exited {rc}")
