#!/usr/bin/env bash
# Writes THIRD-PARTY-LICENSES.md, the notice of every crate compiled into the binary, with
# cargo-about (about.toml says which licences are accepted). With --check, writes nothing and
# fails if the notice is out of date or a crate has a licence about.toml does not accept.
# Installs cargo-about (pinned) if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=0.9.3
if ! cargo about --version 2>/dev/null | grep -q "$VERSION"; then
    cargo install --locked --features cli cargo-about --version "$VERSION"
fi
out=THIRD-PARTY-LICENSES.md
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
# --offline: licence texts come from the crates themselves, not from clearlydefined.io (CI
# reaches only the package registries).
# --features pdf: the notice covers the PDF build (typst and its crates) too; the default build
# contains a subset of these crates.
cargo about generate --locked --fail --features pdf -c about.toml about.hbs -o "$tmp"
if [[ "${1:-}" == "--check" ]]; then
    if ! diff -q "$out" "$tmp" >/dev/null; then
        diff -u "$out" "$tmp" | head -40 || true
        echo "error: $out is out of date; run scripts/third-party.sh and commit it" >&2
        exit 1
    fi
    echo "$out is up to date; every licence is accepted"
else
    cp "$tmp" "$out"
    echo "wrote $out"
fi
