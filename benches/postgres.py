#!/usr/bin/env python3
"""A store on PostgreSQL beside a store file, in one run, on one machine.

    python3 benches/postgres.py          # builds with --release, then measures
    TOKENS=20000 RUNS=3 python3 benches/postgres.py

Starts a throwaway PostgreSQL server (initdb into a temporary directory, as
the postgres user when run as root; durable settings: fsync and synchronous
commit on, as SQLite runs with synchronous=FULL) listening on 127.0.0.1,
and measures the release binary against it over loopback TCP and against
a store file: `token create --batch` and `token verify --batch` of TOKENS
tokens, and one create and one verify with a session. The floor of a batch
is each database's own durable write of the same rows (the `sqlite3` and
`psql` shells, one transaction). Prints a Markdown table; asserts nothing.
Needs the Debian packages postgresql, sqlite3 and (optionally) hyperfine.
"""

import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli  # noqa: E402  (the shared timing helpers)

TOKENS = cli.TOKENS
RUNS = int(os.environ.get("RUNS", "3"))
BIN = cli.BIN


def pg_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(p.split("/")[4]))
    if not found:
        sys.exit("PostgreSQL is not installed (apt-get install postgresql)")
    return os.path.dirname(found[-1])


def as_server_user():
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--reuid=postgres", "--regid=postgres", "--clear-groups"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(work):
    root = os.path.join(work, "pg")
    os.mkdir(root, 0o700)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data = os.path.join(root, "data")
    binary = pg_bin()
    cli.sh(as_server_user() + [os.path.join(binary, "initdb"), "-D", data, "-U", "bench",
                               "--auth=trust", "-E", "UTF8", "--locale=C"],
           stdout=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen(
        as_server_user() + [os.path.join(binary, "postgres"), "-D", data, "-k", root,
                            "-c", "listen_addresses=127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "pg.log"), "w"))
    for _ in range(100):
        if subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "bench",
                           "-d", "postgres", "-c", "SELECT 1"],
                          capture_output=True).returncode == 0:
            break
        time.sleep(0.2)
    else:
        sys.exit("postgres did not start")
    version = cli.sh(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "bench", "-d",
                      "postgres", "-Atc", "SHOW server_version"],
                     capture_output=True, text=True).stdout.strip()
    return server, port, version


def main():
    cli.sh(["cargo", "build", "--release", "--locked", "--quiet"], cwd=cli.ROOT)
    work = tempfile.mkdtemp(prefix="tokenctl-pgbench-")
    os.chmod(work, 0o711)
    cli.WORK = work
    server = None
    try:
        server, port, version = start_server(work)
        run(work, port, version)
    finally:
        if server:
            server.terminate()
            server.wait()
        shutil.rmtree(work, ignore_errors=True)


def run(work, port, version):
    psql = f"psql -q -h 127.0.0.1 -p {port} -U bench"
    pass_file = os.path.join(work, "pass")
    with open(pass_file, "w") as f:
        f.write("bench passphrase\n")
    fresh = os.path.join(work, "new.jsonl")
    cli.write_lines(fresh, "new", TOKENS)
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("TOKENCTL_")}
    base_env.update(TOKENCTL_PASSPHRASE_FILE=pass_file, TOKENCTL_ACTOR="bench")

    # Two empty stores, the default KDF, the same flow: a file, and a database.
    store_dir = os.path.join(work, "file")
    os.mkdir(store_dir, 0o700)
    store = os.path.join(store_dir, "store.db")
    url = f"postgres://bench@127.0.0.1:{port}/bench?sslmode=disable"
    cli.sh(["bash", "-c", f"{psql} -d postgres -c 'CREATE DATABASE base'"])
    stores = {"SQLite file": dict(base_env, TOKENCTL_STORE=store),
              "PostgreSQL": dict(base_env, TOKENCTL_STORE=url.replace("/bench?", "/base?"))}
    sessions = {}
    for label, env in stores.items():
        cli.sh([BIN, "init", "-q"], env=env)
        # A session row in the base copies, so every restored store has it.
        sessions[label] = cli.sh([BIN, "unlock", "--ttl", "4h", "-q"], env=env,
                                 capture_output=True, text=True).stdout.strip()
    base_file = os.path.join(work, "base-file")
    os.mkdir(base_file, 0o700)
    for name in os.listdir(store_dir):
        shutil.copy2(os.path.join(store_dir, name), base_file)
    restore = {
        "SQLite file": f"rm -f {store}-wal {store}-shm && cp -p {base_file}/store.db* {store_dir}/",
        "PostgreSQL": (f"{psql} -d postgres -c 'DROP DATABASE IF EXISTS bench WITH (FORCE)' "
                       f"-c 'CREATE DATABASE bench TEMPLATE base'"),
    }
    stores["PostgreSQL"]["TOKENCTL_STORE"] = url
    for label in stores:
        cli.sh(["bash", "-c", restore[label]])

    rows = []

    def measure(label, command, env, runs=RUNS, prepare=None, per=None):
        secs = cli.median_seconds(label, command, runs, prepare, env)
        rate = f"{per / secs:,.0f} tokens/s" if per else ""
        rows.append((label, secs, rate))
        print(f"  {label}: {secs * 1000:.1f} ms {rate}", file=sys.stderr)
        return secs

    print(f"Measuring on {cli.machine()}, PostgreSQL {version} on 127.0.0.1, "
          f"{TOKENS:,} tokens", file=sys.stderr)
    results = {}
    for label, env in stores.items():
        senv = dict(env, TOKENCTL_SESSION=sessions[label])
        out = os.path.join(work, "out.jsonl")
        create = measure(f"{label}: token create --batch of {TOKENS:,}",
                         f"{BIN} token create --batch {fresh} -q > {out}", senv,
                         prepare=restore[label], per=TOKENS)
        tokens = os.path.join(work, f"tokens-{len(results)}.txt")
        with open(out) as src, open(tokens, "w") as dst:
            for line in src:
                dst.write(json.loads(line)["token"] + "\n")
        verify = measure(f"{label}: token verify --batch of {TOKENS:,}",
                         f"{BIN} token verify --batch {tokens} -q", senv, per=TOKENS)
        one = open(tokens).readline().strip()
        single_create = measure(f"{label}: token create, session",
                                f"{BIN} token create --name b$RANDOM$RANDOM$RANDOM -q", senv,
                                runs=max(RUNS, 30))
        single_verify = measure(f"{label}: token verify, session",
                                f"{BIN} token verify {one} -q", senv, runs=max(RUNS, 30))
        results[label] = (create, verify, single_create, single_verify)
    # Each database's own durable write of the same rows (records of the
    # size tokenctl's are), one transaction.
    sealed = round(float(cli.sh(
        ["sqlite3", f"file:{store}?mode=ro", "SELECT avg(length(sealed)) FROM tokens"],
        capture_output=True, text=True).stdout))
    cli.sh(["bash", "-c", restore["SQLite file"]])
    cli.sh(["bash", "-c", restore["PostgreSQL"]])
    sqlite_floor = os.path.join(work, "floor.sql")
    with open(sqlite_floor, "w") as f:
        f.write(cli.floor_sql(TOKENS, "new", sealed))
    pg_floor = os.path.join(work, "floor-pg.sql")
    with open(pg_floor, "w") as f:
        f.write(f"""BEGIN;
INSERT INTO tokens (id, id_key, name, status, secret_kid, token_hash, hash_key,
                    created_at, expires_at, version, sealed)
SELECT md5(random()::text), (random() * 9e18)::bigint, 'new-' || x, 'active', '0123456789abcdef',
       decode(md5(random()::text) || md5(random()::text), 'hex'), (random() * 9e18)::bigint,
       '2026-12-02T04:21:00Z', '2026-12-02T05:21:00Z', 1,
       decode(repeat(md5(random()::text), {sealed // 16}), 'hex')
FROM generate_series(1, {TOKENS}) AS x;
COMMIT;
""")
    floors = {
        "SQLite file": measure(f"floor: sqlite3 writes {TOKENS:,} rows", f"sqlite3 {store} < {sqlite_floor}",
                               None, prepare=restore["SQLite file"], per=TOKENS),
        "PostgreSQL": measure(f"floor: psql writes {TOKENS:,} rows",
                              f"{psql} -d bench < {pg_floor} > /dev/null", None,
                              prepare=restore["PostgreSQL"], per=TOKENS),
    }

    print(f"\nMachine: {cli.machine()}; PostgreSQL {version} on 127.0.0.1 (TCP, no TLS, "
          f"fsync on); release build; median of repeated runs"
          f" ({'hyperfine' if cli.HYPERFINE else 'the script timer'}).\n")
    print("| command | median | throughput |")
    print("|---|---:|---:|")
    for label, secs, rate in rows:
        print(f"| {label} | {secs * 1000:.1f} ms | {rate} |")
    lite, pg = results["SQLite file"], results["PostgreSQL"]
    print("\n| ratio | measured |")
    print("|---|---:|")
    print(f"| PostgreSQL / SQLite file, create --batch | {pg[0] / lite[0]:.2f} |")
    print(f"| PostgreSQL / SQLite file, verify --batch | {pg[1] / lite[1]:.2f} |")
    print(f"| PostgreSQL / SQLite file, one create with a session | {pg[2] / lite[2]:.2f} |")
    print(f"| PostgreSQL / SQLite file, one verify with a session | {pg[3] / lite[3]:.2f} |")
    print(f"| create --batch / the database's own write, SQLite | {lite[0] / floors['SQLite file']:.2f} |")
    print(f"| create --batch / the database's own write, PostgreSQL | {pg[0] / floors['PostgreSQL']:.2f} |")


if __name__ == "__main__":
    main()
