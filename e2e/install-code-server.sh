#!/bin/sh
# From ../shared/vscode-e2e/install-code-server.sh (the recipe proven on this machine),
# copied here because CI runs from a clean clone without ../shared. Used by e2e/code-server.ts.
# Install code-server (VS Code in a browser, from npm) into DIR, offline apart from the
# npm registry and Debian packages, so the extension can be tested in a real VS Code.
#   usage: install-code-server.sh DIR        then: DIR/node_modules/.bin/code-server --help
# Needs root (apt) and Node 20. Takes a few minutes (native modules are built).
set -eu
DIR=${1:?usage: install-code-server.sh DIR}
VERSION=4.100.3                       # VS Code 1.100; the last line of releases for Node 20
if [ -x "$DIR/node_modules/.bin/code-server" ]; then echo "code-server already in $DIR"; exit 0; fi
need=""
for p in build-essential pkg-config python3 libkrb5-dev ripgrep; do
  dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
done
if [ -n "$need" ]; then apt-get update -qq && apt-get install -y -qq $need >/dev/null; fi
# VS Code's @vscode/ripgrep downloads rg from the internet at install time; give it
# Debian's rg through the download cache it checks first.
for v in 1.15.11 1.15.12 1.15.13 1.15.14; do
  c="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$v"; mkdir -p "$c"
  t=$(mktemp -d); cp /usr/bin/rg "$t/rg"
  tar -C "$t" -czf "$c/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" rg; rm -rf "$t"
done
mkdir -p "$DIR"; cd "$DIR"
[ -f package.json ] || echo '{"private": true}' > package.json
npm_config_yes=true npm_config_unsafe_perm=true npm install --no-audit --no-fund --unsafe-perm "code-server@$VERSION"
test -d node_modules/code-server/lib/vscode/node_modules || { echo "code-server's own install step did not run" >&2; exit 1; }
echo "code-server $VERSION installed in $DIR"
