#!/usr/bin/env python3
"""Statements PostgreSQL runs per request kind, as its log shows them.

    PGDIR=/tmp/lenslet-pg bench/statements_per_request.py build/bin/lenslet after

PGDIR: a cluster from scripts/pg-test-cluster.sh (its server.log is read; run
as root, or as a user who may read it). Seeds a fresh database
(measure_<label>: 300 people x 3 posts), turns log_statement=all on for it,
serves it on port 18431, and for each kind sends 21 requests, each from
another person (so the session check misses its cache, as it does for people
acting every ~12 s; a request that needs a post id waits out the cache's 2 s
after reading the feed that gave it), counting what the log shows between
the request and 150 ms after its answer. Prints the median per kind with one
request's statements, and the background work over an idle 10 s. A simple
query's statements ("BEGIN; SET LOCAL ...") count one by one, as
pg_stat_statements counts them.
"""
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request

BIN, LABEL = sys.argv[1], sys.argv[2]
PGDIR = os.environ.get("PGDIR", "/tmp/lenslet-pg")
PGPORT = open(f"{PGDIR}/port").read().strip()
LOG = f"{PGDIR}/server.log"
DB = f"measure_{LABEL}"
URL = f"postgres://postgres@127.0.0.1:{PGPORT}/{DB}"
SECRET = "measure-secret-that-is-long-enough-0123456789"
PORT = 18431
BASE = f"http://127.0.0.1:{PORT}/api/v1"
TOKENS = f"/tmp/lenslet-measure-tokens-{LABEL}"
DATA = f"/tmp/lenslet-measure-data-{LABEL}"
SAMPLES = 21


def psql(db, *sql):
    for s in sql:
        subprocess.run(["psql", "-h", "127.0.0.1", "-p", PGPORT, "-U", "postgres", "-qAt", "-d", db, "-c", s],
                       check=True)


def req(method, path, token, body=None):
    data = json.dumps(body).encode() if body is not None else None
    r = urllib.request.Request(BASE + path, data=data, method=method)
    r.add_header("Authorization", "Bearer " + token)
    if data is not None:
        r.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(r, timeout=10) as resp:
        text = resp.read()
        return resp.status, (json.loads(text) if text else None)


def log_size():
    return os.path.getsize(LOG)


def statements(a, b):
    """The logged lines of statements: one per simple query (which may hold
    several, e.g. "BEGIN; SET LOCAL ...; SET LOCAL ...") or extended-protocol
    execution."""
    with open(LOG, "rb") as f:
        f.seek(a)
        text = f.read(b - a).decode(errors="replace")
    return [l for l in text.splitlines() if " LOG:  statement: " in l or " LOG:  execute " in l]


def count(lines):
    """Statements as pg_stat_statements counts them: a simple query's
    statements one by one (our control strings hold no quoted semicolons)."""
    n = 0
    for l in lines:
        if " LOG:  statement: " in l:
            n += len([s for s in l.split(" LOG:  statement: ", 1)[1].split(";") if s.strip()])
        else:
            n += 1
    return n


def measure(kind, tokens, prepare, act):
    counts, examples = [], []
    for token in tokens:
        arg = prepare(token)
        if arg is not None:
            time.sleep(2.1)  # the session cache's trust (2 s) of the prepare's request ends
        a = log_size()
        status = act(token, arg)
        time.sleep(0.15)
        lines = statements(a, log_size())
        counts.append(count(lines))
        examples.append(lines)
        assert 200 <= status < 300, (kind, status)
    med = statistics.median(counts)
    example = next((e for e, c in zip(examples, counts) if c == med), examples[0])
    return med, counts, example


def main():
    subprocess.run(["rm", "-rf", DATA])
    psql("postgres", f"DROP DATABASE IF EXISTS {DB}", f"CREATE DATABASE {DB}")
    subprocess.run([BIN, "seed", "--database", URL, "--users", "300", "--posts-per-user", "3", "--tokens-out", TOKENS,
                    "--jwt-secret", SECRET, "--data-dir", DATA], check=True, stdout=subprocess.DEVNULL)
    psql("postgres", f"ALTER DATABASE {DB} SET log_statement = 'all'")
    server = subprocess.Popen([BIN, "serve", "--database", URL, "--jwt-secret", SECRET, "--port", str(PORT),
                               "--data-dir", DATA], stdout=open(f"/tmp/lenslet-measure-serve-{LABEL}.log", "w"),
                              stderr=subprocess.STDOUT)
    try:
        tokens = [l.split()[1] for l in open(TOKENS) if l.strip()]
        for _ in range(100):
            try:
                if req("GET", "/feed", tokens[0])[0] == 200:
                    break
            except Exception:
                pass
            time.sleep(0.2)
        time.sleep(2)
        a = log_size()
        time.sleep(10)
        idle = statements(a, log_size())
        print(f"{LABEL}: idle 10 s: {count(idle)} statements in {len(idle)} log lines")
        for l in idle[:40]:
            print("   ", l.split(" LOG:  ", 1)[1][:150])

        def feed_post(token):
            items = req("GET", "/feed", token)[1]["items"]
            return next(i["id"] for i in items if not i.get("likedByMe"))

        kinds = [
            ("GET /feed", lambda t: None, lambda t, _: req("GET", "/feed", t)[0]),
            ("GET /posts/{id}", feed_post, lambda t, p: req("GET", f"/posts/{p}", t)[0]),
            ("GET /notifications", lambda t: None, lambda t, _: req("GET", "/notifications", t)[0]),
            ("POST /posts/{id}/like", feed_post, lambda t, p: req("POST", f"/posts/{p}/like", t)[0]),
        ]
        results = {}
        for n, (kind, prepare, act) in enumerate(kinds):
            # Each request from another user; a user is never reused across kinds
            # within 2 s (the session cache's trust on PostgreSQL without Redis).
            users = tokens[1 + n * SAMPLES: 1 + (n + 1) * SAMPLES]
            med, counts, example = measure(kind, users, prepare, act)
            results[kind] = med
            print(f"{LABEL}: {kind}: median {med} statements (samples {counts})")
            for l in example:
                print("   ", l.split(" LOG:  ", 1)[1][:150])
        print(f"{LABEL}: SUMMARY " + json.dumps(results))
    finally:
        server.terminate()
        server.wait(timeout=30)
        psql("postgres", f"ALTER DATABASE {DB} RESET log_statement")


main()
