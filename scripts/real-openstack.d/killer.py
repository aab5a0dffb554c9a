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
import re
import signal
import subprocess
import sys
import threading
import time

args = sys.argv[1:]
opts = {"--event": "started", "--run": None}
if len(args) < 5 or "--" not in args:
    print(__doc__, file=sys.stderr)
    sys.exit(2)
sep = args.index("--")
head, command = args[:sep], args[sep + 1:]
if len(head) < 3 or not command:
    print(__doc__, file=sys.stderr)
    sys.exit(2)
log, step, delay = head[0], head[1], float(head[2])
rest = head[3:]
while rest:
    if rest[0] not in opts or len(rest) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    opts[rest[0]] = rest[1]
    rest = rest[2:]
pattern = re.compile(r"\[(?:%s)(?:@[^]]*)?\] %s" % (step, re.escape(opts["--event"])))
proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
done = []


def act_later(line):
    time.sleep(delay)
    if opts["--run"] is not None:
        subprocess.run(["bash", "-c", opts["--run"]], stdin=subprocess.DEVNULL, check=False)
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
if opts["--run"] is not None:
    print(f"ran {done[0]}; exited {rc}" if done else f"exited {rc}")
else:
    print(f"killed {done[0]}" if done else f"exited {rc}")
