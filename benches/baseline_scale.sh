#!/usr/bin/env bash
# Many municipalities on one baseline (issue 21, design §10): generates N plans on
# examples/baseline-kommunal, each with 20 overrides (18 `set`, 2 `applicable: false`) and 10
# local records, and builds them all with `krisenfest build --all`. Prints plans per second
# and the peak memory (max RSS) of the run.
#
#   benches/baseline_scale.sh [N ...]        e.g. benches/baseline_scale.sh 10 100 396
#   KRISENFEST=target/release/krisenfest benches/baseline_scale.sh 396
#
# Needs GNU time (/usr/bin/time) for the memory figure.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${KRISENFEST:-$here/target/release/krisenfest}"
[ -x "$bin" ] || { echo "build first: cargo build --release (or set KRISENFEST)" >&2; exit 2; }
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(10 100 396)

gen() { # gen DIR N
  local dir=$1 n=$2
  rm -rf "$dir"; mkdir -p "$dir"
  cp -r "$here/examples/baseline-kommunal" "$dir/baseline-kommunal"
  rm -rf "$dir/baseline-kommunal/public" "$dir/baseline-kommunal/intranet"
  local site; site=$(sed -n '/^legal:/,$p' "$here/examples/gemeinde-a/content/site.yaml")
  for i in $(seq -w 1 "$n"); do
    local p="$dir/gemeinde-$i/content"
    mkdir -p "$p/data/measures"
    {
      echo "title: IT-Masterplan Gemeinde $i"
      echo "municipality: Gemeinde $i"
      echo "baseline: {path: ../baseline-kommunal}"
      echo "outputs:"
      echo "  - {name: public, audience: public, dir: public, base_url: \"https://www.gemeinde-$i.example/\"}"
      echo "  - {name: intranet, audience: internal, dir: intranet}"
      echo "license: {name: \"Datenlizenz Deutschland – Namensnennung – 2.0\", url: \"https://www.govdata.de/dl-de/by-2-0\"}"
      echo "$site"
    } > "$p/site.yaml"
    {
      for r in 001 002 003 004 005 006 007 008 009 010; do
        printf -- '- id: R-%s\n  set: {owner: "Hauptamt Gemeinde %s"}\n  reason: In Gemeinde %s ist das Hauptamt zuständig.\n' "$r" "$i" "$i"
      done
      for m in 001 002 003 004 005 006 007 008; do
        printf -- '- id: M-%s\n  set: {responsible: "IT-Koordination Gemeinde %s"}\n  reason: Eigene IT-Koordination.\n' "$m" "$i"
      done
      printf -- '- id: R-017\n  applicable: false\n  reason: Trifft in Gemeinde %s nicht zu.\n' "$i"
      printf -- '- id: R-018\n  applicable: false\n  reason: Trifft in Gemeinde %s nicht zu.\n' "$i"
    } > "$p/data/overrides.yaml"
    for l in 01 02 03 04 05 06 07 08 09 10; do
      printf 'id: M-L%s\ntitle: Eigene Maßnahme %s der Gemeinde %s\nresponsible: Hauptamt\nstatus: geplant\ngoals: [Z-V1]\naudience: public\n' "$l" "$l" "$i" > "$p/data/measures/m-l$l.yaml"
    done
  done
}

printf '%6s %10s %12s %12s\n' plans seconds plans/s "peak MiB"
for n in "${counts[@]}"; do
  dir="$(mktemp -d)"
  gen "$dir" "$n"
  out="$(mktemp)"
  start=$(date +%s.%N)
  /usr/bin/time -v "$bin" build --all "$dir" >/dev/null 2>"$out" || { tail -20 "$out"; exit 1; }
  end=$(date +%s.%N)
  rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}' "$out")
  # the baseline folder is a plan too and is built along
  awk -v n="$n" -v s="$start" -v e="$end" -v r="$rss" \
    'BEGIN { t = e - s; printf "%6d %10.2f %12.1f %12.0f\n", n, t, n / t, r / 1024 }'
  rm -rf "$dir" "$out"
done
