#!/usr/bin/env python3
"""The held-shell floor of bench/fanout.sh: what the 3 commands on every host cost when a shell is
already open on every host and nothing but the commands is left to pay for.

Before the clock starts it opens one `ssh -T HOST /bin/sh` per host through the warm ControlMasters
that bench/fanout.sh started (so no handshake and no channel opening is timed). Then, per timed run,
it sends each host its three commands one after the other, each as `( CMD ) </dev/null` followed by
an end marker with the exit status, at most PARALLEL hosts at once, and waits for every marker: no
journal, no plan, no process start, one select loop in one thread. No tool that runs the commands
one at a time and waits for each result (as a step-by-step, resumable executor must) can go below this
on this machine: it bounds how much faster than a peer any tool could be.

Usage: fanout-held.py HOSTS_FILE SSH_CONFIG CONTROL_PATH CMD PARALLEL RUNS OUT.json
Writes {"command": "held-shell floor", "times": [...]} (hyperfine's shape) to OUT.json and checks
every command exited 0."""
import json, os, selectors, subprocess, sys, time

hosts_file, cfg, control_path, cmd, parallel, runs, out = sys.argv[1:8]
parallel, runs = int(parallel), int(runs)
hosts = open(hosts_file).read().split()
marker = b"@@held-end "
shells = {}
for h in hosts:
    p = subprocess.Popen(["ssh", "-F", cfg, "-T", "-o", "BatchMode=yes", "-o", "ControlMaster=no",
                          "-o", "ControlPath=" + control_path, h, "exec /bin/sh"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
    os.set_blocking(p.stdout.fileno(), False)
    shells[h] = p
line = f"( {cmd} ) </dev/null; echo \"@@held-end $?\"\n".encode()


def run_all(commands_per_host):
    """Runs `commands_per_host` commands on every host, PARALLEL hosts at a time; returns the count
    of commands that did not exit 0."""
    sel = selectors.DefaultSelector()
    pending, active, failures = list(hosts), {}, 0

    def start(h):
        shells[h].stdin.write(line)
        sel.register(shells[h].stdout, selectors.EVENT_READ, h)

    while pending or active:
        while pending and len(active) < parallel:
            h = pending.pop(0); active[h] = [commands_per_host, b""]; start(h)
        for key, _ in sel.select():
            h = key.data; state = active[h]
            chunk = os.read(key.fd, 4096)
            if not chunk:
                raise SystemExit(f"{h}: the shell ended")
            state[1] += chunk
            if marker in state[1] and state[1].endswith(b"\n"):
                status = state[1].split(marker)[-1].strip()
                failures += status != b"0"
                state[0] -= 1; state[1] = b""
                sel.unregister(key.fileobj)
                if state[0] == 0:
                    del active[h]
                else:
                    start(h)
    sel.close()
    return failures


if run_all(1) != 0:  # opens every shell (untimed) and checks the command works
    raise SystemExit("held-shell floor: a command failed in the untimed run")
times = []
for _ in range(runs):
    t0 = time.monotonic()
    failed = run_all(3)
    times.append(time.monotonic() - t0)
    if failed:
        raise SystemExit(f"held-shell floor: {failed} commands failed")
for p in shells.values():
    p.stdin.close(); p.wait()
json.dump({"command": "held-shell floor", "times": times}, open(out, "w"))
