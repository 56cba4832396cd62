#!/usr/bin/env python3
"""Load `tokenctl serve` with wrk, beside nginx answering a static 200 of
the same size on the same machine in the same run (the machine's ceiling).

    python3 benches/serve.py             # builds with --release, then measures
    TOKENS=20000 DURATION=5 python3 benches/serve.py

Needs wrk and nginx (Debian packages: apt-get install wrk nginx). Prints a
Markdown table: requests/s and p50/p99 latency at 64 connections for
introspection of an active HS256 and an active EdDSA token and for the
JWKS, the nginx figure for each, the ratio, and the peak memory of serve
with TOKENS tokens in the store. Nothing here asserts a target.
"""

import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "tokenctl")
TOKENS = int(os.environ.get("TOKENS", "100000"))
DURATION = int(os.environ.get("DURATION", "10"))
CONNECTIONS = 64


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port):
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), 0.1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"nothing listens on {port}")


def wrk(url, script=None):
    """Requests/s, p50 and p99 latency (ms) of wrk at CONNECTIONS connections."""
    args = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", url]
    if script:
        args[1:1] = ["-s", script]
    out = sh(args, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def pct(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"wrk saw {errors.group(1)} error responses from {url}:\n{out}")
    return rps, pct(50), pct(99)


def post_script(path, body, auth):
    with open(path, "w") as f:
        f.write('wrk.method = "POST"\n')
        f.write(f"wrk.body = {json.dumps(body)}\n")
        f.write('wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n')
        f.write(f'wrk.headers["Authorization"] = "Basic {auth}"\n')


def main():
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: apt-get install wrk nginx")
    sh(["cargo", "build", "--release", "--locked", "--quiet"], cwd=ROOT)
    work = tempfile.mkdtemp(prefix="tokenctl-serve-bench-")
    os.chmod(work, 0o700)
    try:
        run(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work):
    pass_file = os.path.join(work, "pass")
    with open(pass_file, "w") as f:
        f.write("bench passphrase\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOKENCTL_")}
    env.update(TOKENCTL_STORE=os.path.join(work, "data", "store.db"),
               TOKENCTL_PASSPHRASE_FILE=pass_file, TOKENCTL_ACTOR="bench")
    sh([BIN, "init", "-q"], env=env)
    sh([BIN, "secret", "add", "ed", "--generate", "-a", "EdDSA", "-q"], env=env)
    seed = os.path.join(work, "seed.jsonl")
    with open(seed, "w") as f:
        for i in range(TOKENS):
            f.write(json.dumps({"name": f"seed-{i}"}) + "\n")
    sh([BIN, "token", "create", "--batch", seed, "--expiry", "1d", "-q"], env=env,
       stdout=subprocess.DEVNULL)

    def mint(name, *extra):
        return sh([BIN, "token", "create", "--name", name, "--expiry", "1d", "-q", *extra],
                  env=env, capture_output=True, text=True).stdout.strip()

    hs, ed = mint("bench-hs"), mint("bench-ed", "--secret", "ed")
    secret = sh([BIN, "client", "add", "bench", "-q"], env=env, capture_output=True,
                text=True).stdout.strip()
    auth = base64.b64encode(f"bench:{secret}".encode()).decode()

    port = free_port()
    server = subprocess.Popen([BIN, "serve", "--listen", f"127.0.0.1:{port}"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    nginx = None
    try:
        wait_listening(port)
        base = f"http://127.0.0.1:{port}"
        sizes = {}
        for label, tok in (("HS256", hs), ("EdDSA", ed)):
            body = sh(["curl", "-s", "-u", f"bench:{secret}", "-d", f"token={tok}",
                       f"{base}/introspect"], capture_output=True).stdout
            assert json.loads(body)["active"], body
            sizes[label] = len(body)
        jwks = sh(["curl", "-s", f"{base}/.well-known/jwks.json"], capture_output=True).stdout
        sizes["JWKS"] = len(jwks)

        # nginx: a static 200 of each body's size, same machine, same run.
        nport = free_port()
        conf = os.path.join(work, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""
worker_processes auto;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    default_type application/json;
    server {{
        listen 127.0.0.1:{nport};
        location = /HS256 {{ return 200 '{"x" * sizes["HS256"]}'; }}
        location = /EdDSA {{ return 200 '{"x" * sizes["EdDSA"]}'; }}
        location = /JWKS {{ return 200 '{"x" * sizes["JWKS"]}'; }}
    }}
}}
""")
        nginx = subprocess.Popen(["nginx", "-c", conf, "-p", work, "-g", "daemon off;"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_listening(nport)

        rows = []
        for label, tok in (("HS256", hs), ("EdDSA", ed)):
            script = os.path.join(work, f"{label}.lua")
            post_script(script, f"token={tok}", auth)
            ours = wrk(f"{base}/introspect", script)
            theirs = wrk(f"http://127.0.0.1:{nport}/{label}")
            rows.append((f"introspect, active {label} token", ours, theirs))
        rows.append(("JWKS", wrk(f"{base}/.well-known/jwks.json"),
                     wrk(f"http://127.0.0.1:{nport}/JWKS")))
        with open(f"/proc/{server.pid}/status") as f:
            hwm = next(int(l.split()[1]) for l in f if l.startswith("VmHWM"))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        if nginx:
            nginx.send_signal(signal.SIGQUIT)
            nginx.wait(timeout=30)

    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    print(f"\n{os.cpu_count()} cores, {cpu}; release build; wrk -t2 -c{CONNECTIONS}"
          f" -d{DURATION}s; {TOKENS:,} tokens in the store; access log on (to /dev/null).\n")
    print("| request | serve req/s | p50 | p99 | nginx req/s | nginx p99 | serve / nginx |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, (rps, p50, p99), (nrps, _, np99) in rows:
        print(f"| {label} | {rps:,.0f} | {p50:.2f} ms | {p99:.2f} ms | {nrps:,.0f} |"
              f" {np99:.2f} ms | {rps / nrps:.2f} |")
    print(f"\nPeak memory of serve (VmHWM): {hwm / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
