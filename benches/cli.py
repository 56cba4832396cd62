#!/usr/bin/env python3
"""Time the release binary as whole processes on a store of 100,000 tokens.

    python3 benches/cli.py            # builds with --release, then measures
    TOKENS=20000 RUNS=5 python3 benches/cli.py

Uses hyperfine (median of repeated runs, shell start-up subtracted) when it
is installed, else times the processes itself. Prints a Markdown table.
Nothing here asserts a target: it measures and reports.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOKENS = int(os.environ.get("TOKENS", "100000"))
RUNS = int(os.environ.get("RUNS", "10"))
BIN = os.path.join(ROOT, "target", "release", "tokenctl")
HYPERFINE = shutil.which("hyperfine")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def write_lines(path, prefix, n):
    with open(path, "w") as f:
        for i in range(n):
            f.write(json.dumps({"name": f"{prefix}-{i}", "subject": f"user-{i}"}) + "\n")


def median_seconds(name, command, runs, prepare=None, env=None):
    """Median wall time of `command` (a shell string run by bash)."""
    if HYPERFINE:
        out = os.path.join(WORK, "hf.json")
        args = [HYPERFINE, "--shell", "bash", "--style", "none", "--runs", str(runs),
                "--warmup", "1", "--export-json", out, "--command-name", name]
        if prepare:
            args += ["--prepare", prepare]
        sh(args + [command], env=env, stdout=subprocess.DEVNULL)
        with open(out) as f:
            return json.load(f)["results"][0]["median"]
    times = []
    for _ in range(runs + 1):
        if prepare:
            sh(["bash", "-c", prepare], env=env)
        t = time.perf_counter()
        sh(["bash", "-c", "exec " + command], env=env, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times[1:])


def peak_rss_kib(command, env):
    """Peak resident memory of one run of `command` (argv list), in KiB,
    measured from a fresh interpreter whose only child it is."""
    probe = ("import resource, subprocess, sys; "
             "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = sh([sys.executable, "-c", probe] + command, env=env, capture_output=True, text=True)
    return int(out.stdout.strip())


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}"


def main():
    global WORK
    sh(["cargo", "build", "--release", "--locked", "--quiet"], cwd=ROOT)
    WORK = tempfile.mkdtemp(prefix="tokenctl-bench-")
    try:
        run(WORK)
    finally:
        shutil.rmtree(WORK, ignore_errors=True)


def floor_sql(n, prefix, sealed_bytes):
    """SQLite's own durable write of `n` token rows: the same table, indexes,
    pragmas and record size as tokenctl's, one transaction, values made by
    SQLite itself (random keys and blobs)."""
    return f"""PRAGMA synchronous=FULL; PRAGMA cache_size=-16384;
BEGIN IMMEDIATE;
INSERT INTO tokens (id, id_key, name, status, secret_kid, token_hash, hash_key,
                    created_at, expires_at, version, sealed)
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {n})
SELECT lower(hex(randomblob(16))), random(), '{prefix}-' || x, 'active', '0123456789abcdef',
       randomblob(32), random(), '2026-12-02T04:21:00Z', '2026-12-02T05:21:00Z', 1,
       randomblob({sealed_bytes}) FROM c;
COMMIT;
"""


def run(work):
    store = os.path.join(work, "store.db")
    base = os.path.join(work, "base")
    os.mkdir(base)
    pass_file = os.path.join(work, "pass")
    with open(pass_file, "w") as f:
        f.write("bench passphrase\n")
    key_file = os.path.join(work, "hs256.key")
    with open(key_file, "wb") as f:
        f.write(os.urandom(32))
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOKENCTL_")}
    env.update(TOKENCTL_STORE=store, TOKENCTL_PASSPHRASE_FILE=pass_file, TOKENCTL_ACTOR="bench")

    # A store with the default KDF (64 MiB, 3 passes) and TOKENS tokens,
    # signed with a key the peer (jwt-cli) is given too.
    sh([BIN, "init", "-q"], env=env)
    sh([BIN, "secret", "add", "bench", "--from-file", key_file, "-q"], env=env)
    session = sh([BIN, "unlock", "--ttl", "4h", "-q"], env=env,
                 capture_output=True, text=True).stdout.strip()
    senv = dict(env, TOKENCTL_SESSION=session)
    seed, fresh = os.path.join(work, "seed.jsonl"), os.path.join(work, "new.jsonl")
    write_lines(seed, "seed", TOKENS)
    write_lines(fresh, "new", TOKENS)
    tokens = os.path.join(work, "tokens.txt")
    with open(os.path.join(work, "seed.out"), "w") as out:
        sh([BIN, "token", "create", "--batch", seed, "--secret", "bench", "-q"], env=senv,
           stdout=out)
    with open(os.path.join(work, "seed.out")) as src, open(tokens, "w") as dst:
        for line in src:
            dst.write(json.loads(line)["token"] + "\n")
    one_token = open(tokens).readline().strip()
    for name in os.listdir(work):
        if name.startswith("store.db"):
            shutil.copy2(os.path.join(work, name), base)
    restore = f"rm -f {store}-wal {store}-shm && cp -p {base}/store.db* {work}/"
    sealed_bytes = round(float(sh(
        ["sqlite3", f"file:{store}?mode=ro", "SELECT avg(length(sealed)) FROM tokens"],
        capture_output=True, text=True).stdout))
    floor_file = os.path.join(work, "floor.sql")
    with open(floor_file, "w") as f:
        f.write(floor_sql(TOKENS, "new", sealed_bytes))

    rows = []
    rss = {}

    def measure(label, command, runs=RUNS, prepare=None, e=senv, per=None, mem=None):
        secs = median_seconds(label, command, runs, prepare, e)
        rate = f"{per / secs:,.0f} tokens/s" if per else ""
        peak = ""
        if mem:
            if prepare:
                sh(["bash", "-c", prepare], env=e)
            kib = peak_rss_kib(["bash", "-c", "exec " + mem], e)
            rss[label] = kib
            peak = f"{kib / 1024:.0f} MiB"
        rows.append((label, secs, rate, peak))
        print(f"  {label}: {secs * 1000:.1f} ms {rate} {peak}", file=sys.stderr)
        return secs

    q = "-q"
    name = 'b$RANDOM$RANDOM$RANDOM'
    print(f"Measuring on {machine()} with {TOKENS:,} tokens in the store", file=sys.stderr)
    measure("unlock (one Argon2id KDF)", f"{BIN} unlock {q} --ttl 1m", e=env)
    measure("token create, passphrase (KDF)", f"{BIN} token create --name {name} {q}", e=env)
    measure("token create, session", f"{BIN} token create --name {name} {q}", runs=max(RUNS, 30))
    measure("token verify, session", f"{BIN} token verify {one_token} {q}", runs=max(RUNS, 30))
    measure("store info (no unlock)", f"{BIN} store info", e=env, runs=max(RUNS, 30))
    sh(["bash", "-c", restore])
    batch_runs = max(3, RUNS // 2)
    floor = measure(f"floor: SQLite's own write of {TOKENS:,} rows ({sealed_bytes}-byte records)",
                    f"sqlite3 {store} < {floor_file} > /dev/null", runs=batch_runs,
                    prepare=restore, per=TOKENS, mem=f"sqlite3 {store} < {floor_file}")
    create_cmd = f"{BIN} token create --batch {fresh} --secret bench {q}"
    create = measure(f"token create --batch of {TOKENS:,}", create_cmd, runs=batch_runs,
                     prepare=restore, per=TOKENS, mem=create_cmd)
    sh(["bash", "-c", restore])
    # The same batch signed with Ed25519 (a secret added to a copy of the store).
    ed_store = os.path.join(work, "ed", "store.db")
    os.mkdir(os.path.dirname(ed_store), 0o700)
    ed_base = os.path.join(work, "ed-base")
    os.mkdir(ed_base, 0o700)
    for name in os.listdir(base):
        shutil.copy2(os.path.join(base, name), os.path.join(os.path.dirname(ed_store), name))
    eenv = dict(senv, TOKENCTL_STORE=ed_store)
    sh([BIN, "secret", "add", "ed", "--generate", "-a", "EdDSA", q], env=eenv)
    for name in os.listdir(os.path.dirname(ed_store)):
        shutil.copy2(os.path.join(os.path.dirname(ed_store), name), ed_base)
    ed_restore = (f"rm -f {ed_store}-wal {ed_store}-shm && "
                  f"cp -p {ed_base}/store.db* {os.path.dirname(ed_store)}/")
    measure(f"token create --batch of {TOKENS:,}, EdDSA",
            f"{BIN} token create --batch {fresh} --secret ed {q}", runs=batch_runs,
            prepare=ed_restore, e=eenv, per=TOKENS)
    verify_cmd = f"{BIN} token verify --batch {tokens} {q}"
    verify = measure(f"token verify --batch of {TOKENS:,}", verify_cmd, runs=batch_runs,
                     per=TOKENS, mem=verify_cmd)
    list_cmd = f"{BIN} token list --status all --json > /dev/null"
    listing = measure(f"token list --status all --json ({TOKENS:,} tokens)", list_cmd,
                      runs=batch_runs, mem=f"{BIN} token list --status all --json")
    dump_cmd = f"sqlite3 -json file:{store}?mode=ro 'SELECT * FROM tokens' > /dev/null"
    dump = measure(f"peer: sqlite3 -json of the same table", dump_cmd, runs=batch_runs,
                   mem=f"sqlite3 -json file:{store}?mode=ro 'SELECT * FROM tokens'")

    # The peer, one process per token: jwt-cli, given the same HS256 key.
    jwt = shutil.which("jwt")
    peer = {}
    if jwt:
        n = min(TOKENS, 1000)
        sample = os.path.join(work, "sample.txt")
        with open(tokens) as src, open(sample, "w") as dst:
            for _, line in zip(range(n), src):
                dst.write(line)
        encode = (f"for i in $(seq {n}); do {jwt} encode --secret @{key_file} --sub user-$i "
                  f"--exp=1h --jti $i -P name=new-$i -P token_type=development > /dev/null; done")
        decode = (f"while read -r t; do {jwt} decode --secret @{key_file} \"$t\" > /dev/null; "
                  f"done < {sample}")
        peer["encode"] = measure(f"peer: jwt encode, one process per token ({n:,})", encode,
                                 runs=3, per=n) / n
        peer["decode"] = measure(f"peer: jwt decode, one process per token ({n:,})", decode,
                                 runs=3, per=n) / n
    else:
        print("  jwt-cli not installed (cargo install jwt-cli): no peer ratios", file=sys.stderr)

    print(f"\nMachine: {machine()}; release build; median of repeated runs"
          f" ({'hyperfine' if HYPERFINE else 'benches/cli.py timer'}); peak resident memory"
          f" of one run.\n")
    print("| command | median | throughput | peak memory |")
    print("|---|---:|---:|---:|")
    for label, secs, rate, peak in rows:
        print(f"| {label} | {secs * 1000:.1f} ms | {rate} | {peak} |")
    print("\n| ratio | measured |")
    print("|---|---:|")
    print(f"| create --batch time / SQLite's own write | {create / floor:.2f} |")
    print(f"| list --json time / sqlite3 -json time | {listing / dump:.2f} |")
    if peer:
        print(f"| create --batch tokens/s / jwt encode per process | "
              f"{peer['encode'] / (create / TOKENS):.0f} |")
        print(f"| verify --batch tokens/s / jwt decode per process | "
              f"{peer['decode'] / (verify / TOKENS):.0f} |")


WORK = ""

if __name__ == "__main__":
    main()
