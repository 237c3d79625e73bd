#!/usr/bin/env bash
# Edit → reload-event latency of `krisenfest serve`, and a request burst.
#
#   benches/serve_latency.sh [--edits 20] [--pages 1000] [--skip-example] [--skip-corpus]
#
# For each plan (a copy of the bundled example plan, and a generated corpus of --pages pages from
# ../shared/bench/gen_corpus.py), starts `krisenfest serve --port 0` (release build), opens the
# server-sent-events stream, then --edits times: rewrites one page with a fresh marker word, and
# measures the time from the write to the `reload` event; the page is then fetched to check that
# the marker is served. Prints the median, min and max, and the median rebuild time the server
# reported. Then 2,000 requests from 8 concurrent clients (fresh connection each), and a check
# that the server still serves. Everything runs on 127.0.0.1 and stops by itself.
#
# Env: KRISENFEST=path/to/binary (default: target/release/krisenfest, built if missing or old),
#      CORPUS=path to an existing gen_corpus.py output (its krisenfest/ layout is used).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
edits=20
pages=1000
skip_example=0
skip_corpus=0
while [ $# -gt 0 ]; do
  case "$1" in
    --edits) edits=$2; shift 2 ;;
    --pages) pages=$2; shift 2 ;;
    --skip-example) skip_example=1; shift ;;
    --skip-corpus) skip_corpus=1; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

bin=${KRISENFEST:-$here/target/release/krisenfest}
if [ -z "${KRISENFEST:-}" ]; then
  (cd "$here" && cargo build --release --quiet)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/krisenfest-serve-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

run() { # name root page-file page-url
  python3 - "$bin" "$1" "$2" "$3" "$4" "$edits" <<'PY'
import http.client, os, re, socket, statistics, subprocess, sys, threading, time

binary, name, root, page_file, page_url, edits = sys.argv[1:7]
edits = int(edits)

proc = subprocess.Popen([binary, "serve", "--root", root, "--port", "0"],
                        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                        env={**os.environ, "NO_COLOR": "1"})
lines, rebuilds, fulls = [], [], []
started = threading.Event()
addr = {}

def read_log():
    for line in proc.stderr:
        lines.append(line.rstrip("\n"))
        m = re.search(r"http://(\[[^\]]+\]|[^/:]+):(\d+)/", line)
        if line.startswith("serving ") and m:
            addr["host"], addr["port"] = m.group(1).strip("[]"), int(m.group(2))
            started.set()
        m = re.match(r"(?:re-rendered|rebuilt|rebuild failed) in (\d+) ms", line)
        if m:
            rebuilds.append(int(m.group(1)))
        m = re.match(r"full build(?: failed)? in (\d+) ms", line)
        if m:
            fulls.append(int(m.group(1)))
threading.Thread(target=read_log, daemon=True).start()
if not started.wait(300):
    proc.kill()
    sys.exit(f"{name}: server did not start:\n" + "\n".join(lines[-30:]))
host, port = addr["host"], addr["port"]

def get(path):
    c = http.client.HTTPConnection(host, port, timeout=30)
    c.request("GET", path)
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, body

status, body = get(page_url)
failing = b"krisenfest-errors" in body
print(f"{name}: serving {page_url} -> {status}"
      + (" (NOTE: the plan does not build; the overlay is shown)" if failing else ""))

sse = socket.create_connection((host, port), timeout=30)
sse.sendall(b"GET /__krisenfest/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
buf = b""
while b"\r\n\r\n" not in buf:
    buf += sse.recv(4096)
buf = buf.split(b"\r\n\r\n", 1)[1]

def next_event(timeout):
    global buf
    deadline = time.monotonic() + timeout
    while True:
        while b"\n\n" in buf:
            block, buf = buf.split(b"\n\n", 1)
            for l in block.split(b"\n"):
                if l.startswith(b"event: "):
                    return l[7:].decode()
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        sse.settimeout(left)
        try:
            chunk = sse.recv(4096)
        except socket.timeout:
            return None
        if not chunk:
            return None
        buf += chunk

original = open(page_file, encoding="utf-8").read()
latencies, stale = [], 0
try:
    for i in range(edits):
        time.sleep(0.4)  # let the debouncer and the last rebuild settle
        marker = f"Messmarke{os.getpid()}x{i}"
        t0 = time.perf_counter()
        with open(page_file, "w", encoding="utf-8") as f:
            f.write(original.rstrip("\n") + f"\n\n{marker}\n")
        ev = next_event(60)
        t1 = time.perf_counter()
        if ev != "reload":
            sys.exit(f"{name}: no reload event for edit {i}")
        latencies.append((t1 - t0) * 1000)
        if not failing and marker.encode() not in get(page_url)[1]:
            stale += 1
finally:
    with open(page_file, "w", encoding="utf-8") as f:
        f.write(original)

time.sleep(0.5)
med = statistics.median(latencies)
reb = statistics.median(rebuilds[-edits:]) if rebuilds else float("nan")
full = statistics.median(fulls[-edits:]) if fulls else float("nan")
print(f"{name}: edit -> reload event over {edits} edits: median {med:.0f} ms "
      f"(min {min(latencies):.0f}, max {max(latencies):.0f}); server-reported re-render median {reb:.0f} ms, "
      f"background full build median {full:.0f} ms over {len(fulls)}; stale pages after reload: {stale}")

# Burst: 2,000 requests from 8 concurrent clients, a fresh connection each.
urls = [page_url, "/", "/404-gibt-es-nicht", "/robots.txt"]
errors, done = [], [0]
lock = threading.Lock()
def client(k):
    for j in range(250):
        u = urls[(k + j) % len(urls)]
        try:
            s, b = get(u)
            if s not in (200, 404):
                raise RuntimeError(f"{u}: status {s}")
            with lock:
                done[0] += 1
        except Exception as e:
            with lock:
                errors.append(repr(e))
t0 = time.perf_counter()
ts = [threading.Thread(target=client, args=(k,)) for k in range(8)]
for t in ts: t.start()
for t in ts: t.join()
dt = time.perf_counter() - t0
after = get("/")[0]
print(f"{name}: burst of 2000 requests / 8 clients: {done[0]} ok, {len(errors)} errors in {dt:.2f} s "
      f"({done[0]/dt:.0f} req/s); afterwards GET / -> {after}")
for e in errors[:5]:
    print("  error:", e)
sse.close()
proc.terminate()
proc.wait(10)
# A plan that does not build answers 404 (with the overlay) until it does.
sys.exit(1 if errors or after != (404 if failing else 200) or stale else 0)
PY
}

status=0
if [ "$skip_example" = 0 ]; then
  mkdir -p "$work/example"
  cp -r "$here/content" "$work/example/content"
  page=$(cd "$work/example" && find content -name '*.md' ! -name '_index.md' | sort | sed -n 1p)
  url="/${page#content/}"
  url="${url%.md}/"
  run example "$work/example" "$work/example/$page" "$url" || status=1
fi
if [ "$skip_corpus" = 0 ]; then
  if [ -n "${CORPUS:-}" ]; then
    corpus=$CORPUS
  else
    corpus="$work/corpus"
    python3 "$here/../shared/bench/gen_corpus.py" --pages "$pages" --out "$corpus" >/dev/null
  fi
  page=$(cd "$corpus/krisenfest" && find content -name '*.md' ! -name '_index.md' | sort | sed -n 1p)
  url="/${page#content/}"
  url="${url%.md}/"
  run "corpus-$pages" "$corpus/krisenfest" "$corpus/krisenfest/$page" "$url" || status=1
fi
exit $status
