#!/usr/bin/env python3
"""What the audit log costs, side by side with a build from before it.

    python3 benches/audit.py                 # base = the commit before the log
    BASE=<commit> EVENTS=1000000 python3 benches/audit.py

Builds both with --release (the base in a git worktree under target/), then
times, on each, `token create` with a session (median of RUNS processes)
and one `token create --batch` of BATCH tokens (one audit event); then
`audit verify` of EVENTS events, with its peak memory (the events are
planted as pending unauthenticated events, which the next change seals
into the chain, so building a long log takes one transaction). Prints a
Markdown table. Nothing here asserts a target: it measures and reports.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE = os.environ.get("BASE", "8043cd4")
RUNS = int(os.environ.get("RUNS", "30"))
BATCH = int(os.environ.get("BATCH", "100000"))
EVENTS = int(os.environ.get("EVENTS", "1000000"))


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def build():
    sh(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
    tree = os.path.join(ROOT, "target", "audit-base")
    if not os.path.isdir(tree):
        sh(["git", "worktree", "add", "--detach", tree, BASE], cwd=ROOT)
    sh(["cargo", "build", "--release", "--quiet"], cwd=tree)
    return (
        os.path.join(tree, "target", "release", "tokenctl"),
        os.path.join(ROOT, "target", "release", "tokenctl"),
    )


def env_for(d):
    pw = os.path.join(d, "pass")
    with open(pw, "w") as f:
        f.write("benchmark passphrase\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOKENCTL_")}
    env.update(
        TOKENCTL_STORE=os.path.join(d, "store.db"),
        TOKENCTL_PASSPHRASE_FILE=pw,
        HOME=d,
        XDG_STATE_HOME=os.path.join(d, "state"),
    )
    return env


def run(binary, env, args, stdin=None):
    return subprocess.run(
        [binary] + args, env=env, input=stdin, capture_output=True, check=True
    ).stdout


def init(binary, env):
    run(binary, env, ["init", "--kdf-memory", "19", "--kdf-iterations", "2", "--kdf-parallelism", "1"])
    session = run(binary, env, ["unlock", "--ttl", "1h"]).decode().strip()
    env = dict(env, TOKENCTL_SESSION=session)
    env.pop("TOKENCTL_PASSPHRASE_FILE")
    return env


def create_median(binary):
    with tempfile.TemporaryDirectory() as d:
        env = init(binary, env_for(d))
        times = []
        for i in range(RUNS):
            t = time.perf_counter()
            run(binary, env, ["token", "create", "--name", f"t{i}"])
            times.append(time.perf_counter() - t)
        return statistics.median(times)


def batch_time(binary):
    lines = "".join(json.dumps({"name": f"b{i}"}) + "\n" for i in range(BATCH)).encode()
    with tempfile.TemporaryDirectory() as d:
        env = init(binary, env_for(d))
        t = time.perf_counter()
        run(binary, env, ["token", "create", "--batch", "-"], stdin=lines)
        return time.perf_counter() - t


def verify_long_log(binary):
    import sqlite3

    with tempfile.TemporaryDirectory() as d:
        env = init(binary, env_for(d))
        db = sqlite3.connect(os.path.join(d, "store.db"))
        db.executemany(
            "INSERT INTO audit_pending (at, action, detail) VALUES (?, 'session.lock', '0 sessions ended')",
            (("2026-12-01T00:00:00Z",) for _ in range(EVENTS)),
        )
        db.commit()
        db.close()
        t = time.perf_counter()
        run(binary, env, ["token", "create", "--name", "seal"])
        sealed = time.perf_counter() - t
        t = time.perf_counter()
        child = subprocess.Popen(
            [binary, "audit", "verify", "--json"], env=env, stdout=subprocess.PIPE
        )
        out = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        took = time.perf_counter() - t
        if status != 0:
            raise SystemExit(f"audit verify failed: {status}")
        events = json.loads(out)["events"]
        return events, sealed, took, usage.ru_maxrss


def main():
    base, now = build()
    c0, c1 = create_median(base), create_median(now)
    b0, b1 = batch_time(base), batch_time(now)
    print("| measurement | before the log | with the log | ratio |")
    print("|---|---|---|---|")
    print(f"| `token create` with a session (median of {RUNS}) | {c0*1000:.1f} ms | {c1*1000:.1f} ms | {c1/c0:.3f} |")
    print(f"| `token create --batch` of {BATCH:,} | {b0:.2f} s | {b1:.2f} s | {b1/b0:.3f} |")
    events, sealed, took, rss = verify_long_log(now)
    print()
    print(f"`audit verify` of {events:,} events: {took:.2f} s, peak RSS {rss/1024:.0f} MiB "
          f"(sealing them into the chain took {sealed:.2f} s)")


if __name__ == "__main__":
    sys.exit(main())
