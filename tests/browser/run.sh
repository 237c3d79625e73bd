#!/usr/bin/env bash
# Browser quality gate for krisenfest outputs — the one entry script. See README.md.
#
#   bash tests/browser/run.sh                       build the example plan, check public/ and intranet/
#   bash tests/browser/run.sh --no-build            check the existing output folders
#   bash tests/browser/run.sh --no-build --site NAME=DIR [--site NAME=DIR ...]
#   bash tests/browser/run.sh --selftest            self-test of the gate first, then the gate
#
# Exit status: 0 all checks passed, 1 findings, 2 usage or setup error.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"

die() { echo "run.sh: $*" >&2; exit 2; }
usage() {
  sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  cat <<'EOF'
Options:
  --no-build            do not run `cargo run --release -- build` first
  --site NAME=DIR       check DIR served at /NAME/ (repeatable; replaces the defaults
                        it-masterplan=public intranet=intranet); DIR relative to the current directory
  --no-install          skip the apt and `npm ci` steps (packages already there)
  --selftest            run selftest.sh (fixtures good/broken) before the gate
  --selftest-only       run only selftest.sh
  --concurrency N       pages checked in parallel (default 2)
  --file-links N        links followed from the file:// start page (default 20)
  --max-pages N         stop crawling a site after N pages (default 5000)
  --timeout MS          navigation timeout (default 30000)
  --no-file-url         skip the file:// check
  --no-vnu              skip the Nu Html Checker
  --no-orphans          check only pages reachable by links (default: also every other *.html file)
  --chromium PATH       browser binary (default /usr/bin/chromium)
EOF
}

build=1 install=1 selftest=0 selftest_only=0
sites=() crawl_args=()
while (($#)); do
  case "$1" in
    --no-build) build=0 ;;
    --no-install) install=0 ;;
    --selftest) selftest=1 ;;
    --selftest-only) selftest=1 selftest_only=1 ;;
    --site) (($# >= 2)) || die "--site needs NAME=DIR"; sites+=("$2"); shift ;;
    --site=*) sites+=("${1#--site=}") ;;
    --concurrency|--file-links|--max-pages|--timeout|--chromium)
      (($# >= 2)) || die "$1 needs a value"; crawl_args+=("$1" "$2"); shift ;;
    --no-file-url|--no-vnu|--no-orphans) crawl_args+=("$1") ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
  shift
done

# --- system packages (Debian) -------------------------------------------------------------------
find_nginx() { command -v nginx 2>/dev/null || { [[ -x /usr/sbin/nginx ]] && echo /usr/sbin/nginx; } || true; }
if ((install)); then
  need=()
  [[ -x /usr/bin/chromium ]] || need+=(chromium)
  [[ -n "$(find_nginx)" ]] || need+=(nginx)
  command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
  if ((${#need[@]})); then
    echo "run.sh: installing Debian packages: ${need[*]}" >&2
    SUDO=()
    if ((EUID != 0)); then command -v sudo >/dev/null 2>&1 && SUDO=(sudo) || die "need root (or sudo) to install ${need[*]}"; fi
    "${SUDO[@]}" apt-get update
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -o DPkg::Lock::Timeout=600 "${need[@]}"
  fi
fi
NGINX="$(find_nginx)"
[[ -n "$NGINX" ]] || die "nginx not found (install the Debian package nginx)"
command -v node >/dev/null 2>&1 || die "node (>= 20) not found"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
((node_major >= 20)) || die "node >= 20 needed, found $(node --version)"

# --- npm packages ---------------------------------------------------------------------------------
if ((install)); then
  # npm ci only when node_modules is not already what package-lock.json says (a stamp of the lock's
  # hash, written after a successful npm ci): faster, and it does not pull node_modules away from
  # under another run using it.
  stamp="$HERE/node_modules/.krisenfest-lock.sha256"
  want="$(sha256sum "$HERE/package-lock.json" | cut -d' ' -f1)"
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" || ! -d "$HERE/node_modules/playwright-core" ]]; then
    # --ignore-scripts: vnu-jar's postinstall would try to download a Java runtime; Debian's is used.
    (cd "$HERE" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) || die "npm ci failed"
    echo "$want" >"$stamp"
  fi
fi
[[ -d "$HERE/node_modules/playwright-core" ]] || die "node_modules missing: run without --no-install once"

# --- self-test ----------------------------------------------------------------------------------
if ((selftest)); then
  st_args=()
  [[ -n "${crawl_args[*]:-}" ]] && st_args=("${crawl_args[@]}")
  if ! bash "$HERE/selftest.sh" "${st_args[@]}"; then
    echo "run.sh: the self-test of the gate failed" >&2
    exit 1
  fi
  ((selftest_only)) && exit 0
fi

# --- build ----------------------------------------------------------------------------------------
if ((build)); then
  echo "run.sh: building the example plan (cargo run --release -- build)" >&2
  (cd "$REPO" && cargo run --release -- build) || die "the build failed"
fi

# --- sites ----------------------------------------------------------------------------------------
if ((${#sites[@]} == 0)); then
  sites=("it-masterplan=$REPO/public" "intranet=$REPO/intranet")
fi
site_args=() names=() dirs=()
for s in "${sites[@]}"; do
  name="${s%%=*}" dir="${s#*=}"
  [[ "$s" == *=* && -n "$name" && -n "$dir" ]] || die "--site wants NAME=DIR, got '$s'"
  [[ "$name" =~ ^[A-Za-z0-9._-]+$ ]] || die "site name '$name' must be [A-Za-z0-9._-]+"
  [[ -d "$dir" ]] || die "site $name: folder $dir does not exist"
  dir="$(cd "$dir" && pwd)"
  [[ -f "$dir/index.html" ]] || die "site $name: $dir/index.html does not exist"
  [[ "$dir" != *'"'* && "$dir" != *'\'* && "$dir" != *'$'* ]] || die "site $name: unsupported character in path $dir"
  for n in "${names[@]}"; do [[ "$n" != "$name" ]] || die "site name '$name' given twice"; done
  names+=("$name") dirs+=("$dir")
  site_args+=(--site "$name=$dir")
done

# --- nginx, serving every site under its sub-path ----------------------------------------------
TMP="$(mktemp -d "${TMPDIR:-/tmp}/krisenfest-browser.XXXXXX")"
NGINX_PID="" CRAWL_PID=""
cleanup() {
  if [[ -n "$CRAWL_PID" ]] && kill -0 "$CRAWL_PID" 2>/dev/null; then
    kill -TERM "$CRAWL_PID" 2>/dev/null || true
    wait "$CRAWL_PID" 2>/dev/null || true
  fi
  if [[ -n "$NGINX_PID" ]] && kill -0 "$NGINX_PID" 2>/dev/null; then
    kill "$NGINX_PID" 2>/dev/null || true
    wait "$NGINX_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

write_conf() { # $1 port
  local port="$1" mime=""
  if [[ -f /etc/nginx/mime.types ]]; then
    mime="include /etc/nginx/mime.types;"
  else
    mime='types { text/html html htm; text/css css; application/javascript js mjs; application/json json;
      image/svg+xml svg; image/png png; image/jpeg jpg jpeg; image/webp webp; image/x-icon ico;
      font/woff2 woff2; font/woff woff; text/csv csv; text/plain txt; application/xml xml; application/pdf pdf;
      application/rdf+xml rdf; application/ld+json jsonld; }'
  fi
  {
    ((EUID == 0)) && echo "user root;"
    cat <<EOF
worker_processes 1;
daemon off;
pid $TMP/nginx.pid;
error_log $TMP/error.log warn;
events { worker_connections 256; }
http {
  $mime
  default_type application/octet-stream;
  access_log $TMP/access.log;
  client_body_temp_path $TMP/client_body;
  proxy_temp_path $TMP/proxy;
  fastcgi_temp_path $TMP/fastcgi;
  uwsgi_temp_path $TMP/uwsgi;
  scgi_temp_path $TMP/scgi;
  server_tokens off;
  server {
    listen 127.0.0.1:$port;
    server_name localhost;
    autoindex off;
    index index.html;
    location = / { return 404; }
EOF
    for i in "${!names[@]}"; do
      printf '    location /%s/ { alias "%s/"; }\n' "${names[$i]}" "${dirs[$i]}"
    done
    echo "  }"
    echo "}"
  } >"$TMP/nginx.conf"
}

PORT=""
for attempt in 1 2 3 4 5; do
  port="$(free_port)"
  write_conf "$port"
  "$NGINX" -p "$TMP" -c "$TMP/nginx.conf" -e "$TMP/error.log" &
  NGINX_PID=$!
  up=0
  for _ in $(seq 1 100); do
    if ! kill -0 "$NGINX_PID" 2>/dev/null; then break; fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then up=1; break; fi
    sleep 0.05
  done
  if ((up)); then PORT="$port"; break; fi
  kill "$NGINX_PID" 2>/dev/null || true; wait "$NGINX_PID" 2>/dev/null || true; NGINX_PID=""
  echo "run.sh: nginx did not start on port $port (attempt $attempt):" >&2
  tail -n 5 "$TMP/error.log" >&2 2>/dev/null || true
done
[[ -n "$PORT" ]] || die "could not start nginx"
echo "run.sh: nginx $("$NGINX" -v 2>&1 | sed 's/.*nginx\///') serving on http://127.0.0.1:$PORT/{$(IFS=,; echo "${names[*]}")}/" >&2

# --- the crawler ----------------------------------------------------------------------------------
# in the background + wait, so that a TERM/INT to this script runs the traps at once
set +e
node "$HERE/crawl.mjs" --base "http://127.0.0.1:$PORT" "${site_args[@]}" "${crawl_args[@]}" &
CRAWL_PID=$!
wait "$CRAWL_PID"
rc=$?
CRAWL_PID=""
set -e
if ((rc == 2)); then
  echo "run.sh: crawler setup error; nginx error log:" >&2
  tail -n 20 "$TMP/error.log" >&2 2>/dev/null || true
fi
exit "$rc"
