#!/usr/bin/env bash
# Self-test of the browser gate: the good fixture must pass, the broken fixture must fail and the
# report must name every planted problem. Extra arguments are passed to run.sh.
# Usage: bash tests/browser/selftest.sh        (prints "N passed, M failed"; exit 1 on any failure)
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUN=(bash "$HERE/run.sh" --no-build)
OUT="$(mktemp -d "${TMPDIR:-/tmp}/krisenfest-selftest.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT
start=$(date +%s%N)

pass=0 fail=0
ok() { echo "ok   - $1"; pass=$((pass + 1)); }
bad() { echo "FAIL - $1"; fail=$((fail + 1)); }
expect() { # $1 description, $2 file, $3 extended regex
  if grep -Eq -- "$3" "$2"; then ok "$1"; else bad "$1 (no line matching /$3/)"; fi
}
summary_row() { # $1 file, $2 category -> "passed failed"
  awk -v c="$2" '$1 == c && NF == 4 { print $2, $3 }' "$1" | tail -n 1
}

# Packages: install once (unless the caller already did), then --no-install for the second run.
first=()
[[ -d "$HERE/node_modules/playwright-core" ]] && first=(--no-install)

# --- good: must pass -----------------------------------------------------------------------------
echo "# gate on fixtures/good (must pass)"
"${RUN[@]}" "${first[@]}" --site "good=$HERE/fixtures/good" "$@" >"$OUT/good.txt" 2>&1
rc=$?
if ((rc == 0)); then ok "good: exit status 0"; else bad "good: exit status $rc, expected 0"; fi
expect "good: final line reports 0 failed" "$OUT/good.txt" '^[1-9][0-9]* passed, 0 failed$'
read -r p f <<<"$(summary_row "$OUT/good.txt" interactions)"
if [[ "${p:-0}" -ge 2 && "${f:-1}" -eq 0 ]]; then ok "good: checklist and video interactions ran and passed ($p)"; else bad "good: interactions row is '${p:-?} ${f:-?}', expected >= 2 passed, 0 failed"; fi
read -r p f <<<"$(summary_row "$OUT/good.txt" vnu)"
if [[ "${p:-0}" -eq 3 && "${f:-1}" -eq 0 ]]; then ok "good: vnu checked 3 files"; else bad "good: vnu row is '${p:-?} ${f:-?}', expected 3 0"; fi
read -r p f <<<"$(summary_row "$OUT/good.txt" file-url)"
if [[ "${p:-0}" -ge 3 && "${f:-1}" -eq 0 ]]; then ok "good: file:// start page and followed links load ($p)"; else bad "good: file-url row is '${p:-?} ${f:-?}', expected >= 3 passed, 0 failed"; fi
read -r p f <<<"$(summary_row "$OUT/good.txt" status)"
if [[ "${p:-0}" -eq 3 ]]; then ok "good: crawled 3 pages"; else bad "good: status row is '${p:-?} ${f:-?}', expected 3 pages"; fi
if ((fail)); then echo "--- output (good) ---"; cat "$OUT/good.txt"; fi

# --- broken: must fail and name each planted problem ------------------------------------------
echo "# gate on fixtures/broken (must fail)"
before=$fail
"${RUN[@]}" --no-install --site "broken=$HERE/fixtures/broken" "$@" >"$OUT/broken.txt" 2>&1
rc=$?
if ((rc == 1)); then ok "broken: exit status 1"; else bad "broken: exit status $rc, expected 1"; fi
expect "broken: final line reports failures" "$OUT/broken.txt" '^[0-9]+ passed, [1-9][0-9]* failed$'
expect "broken: axe image-alt" "$OUT/broken.txt" '^ +image-alt \((critical|serious)\): .*img'
expect "broken: missing fragment #gibt-es-nicht" "$OUT/broken.txt" '^ +<a> seite\.html#gibt-es-nicht: no element with id .*"gibt-es-nicht" in /broken/seite\.html'
expect "broken: foreign-host stylesheet request" "$OUT/broken.txt" '^ +request to another host blocked: https://cdn\.example\.com/x\.css \(stylesheet\)'
expect "broken: preconnect to another host" "$OUT/broken.txt" '^ +<link rel=preconnect> https://fonts\.example\.com: makes the browser connect to another host'
expect "broken: 404 of the missing page" "$OUT/broken.txt" '^ +<a> fehlt\.html → /broken/fehlt\.html: HTTP 404'
expect "broken: link to a folder" "$OUT/broken.txt" '^ +<a> unterseite/: links to a folder'
expect "broken: checklist progress not saved" "$OUT/broken.txt" 'checklist "vergesslich": item "technik-testen" was ticked, but is not ticked after reloading'
expect "broken: video iframe before the click" "$OUT/broken.txt" 'video: before the click the page already has 1 iframe\(s\): https://www\.youtube\.com/embed/'
expect "broken: video without a nocookie iframe after the click" "$OUT/broken.txt" 'video: \[data-video\] #1: after the click there is no iframe with src https://www\.youtube-nocookie\.com/embed/'
expect "broken: script error reported" "$OUT/broken.txt" '^ +pageerror: .*kaputt'
expect "broken: dialog opened by an onfocus attribute" "$OUT/broken.txt" '^ +dialog: alert "1" opened by the page'
expect "broken: vnu error with file:line" "$OUT/broken.txt" 'fixtures/broken/seite\.html:[0-9]+(:[0-9]+)?: Stray end tag'
expect "broken: focus invisible in forced colours" "$OUT/broken.txt" 'forced-colors: a\.ohne-fokus "Zurück" shows no change when focused in forced-colours mode'
expect "broken: page scrolls sideways at 320 px" "$OUT/broken.txt" 'reflow: the page scrolls sideways at 320 px: scrollWidth [0-9]+'
expect "broken: table cell wider than 320 px" "$OUT/broken.txt" 'reflow: a cell of "Zu breite Tabelle" is [0-9]+ px wide at a 320 px viewport'
expect "broken: a menu on paper" "$OUT/broken.txt" 'print: nav is printed, but works only on screen'
expect "broken: file:// folder link" "$OUT/broken.txt" 'links to a folder \(unterseite/\): from file://'
expect "broken: file:// missing page" "$OUT/broken.txt" 'target file does not exist: .*fehlt\.html'
if ((fail > before)); then echo "--- output (broken) ---"; cat "$OUT/broken.txt"; fi

ms=$((($(date +%s%N) - start) / 1000000))
echo "# self-test took $((ms / 1000)).$(printf '%03d' $((ms % 1000))) s"
echo "$pass passed, $fail failed"
((fail == 0))
