#!/usr/bin/env bash
# Installs what the VS Code tests need on Debian 12 / Node 20, as root, with no internet but npm and apt:
# Debian chromium (the headless UI client), build tools for code-server's native modules, ripgrep, and
# code-server 4.100.3 (VS Code 1.100.3) outside the repo tree, cached between runs.
# Idempotent: a second run with everything in place does nothing but print the versions.
set -euo pipefail
CODE_SERVER_VERSION=4.100.3
DEST=${CF_TOOLS:-$HOME/.cache/ceph-federation}/code-server
ENTRY=$DEST/node_modules/code-server/out/node/entry.js
# Written only after code-server's postinstall succeeded: a half-finished install is redone.
STAMP=$DEST/.installed-$CODE_SERVER_VERSION

need=()
for pair in chromium:/usr/bin/chromium ripgrep:/usr/bin/rg; do
  [ -x "${pair#*:}" ] || need+=("${pair%%:*}")
done
if [ ! -f "$STAMP" ]; then
  # node-pty and kerberos compile against the Node headers shipped by Debian's nodejs package, or by NodeSource's.
  need+=(build-essential python3 pkg-config libkrb5-dev ripgrep)
fi
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  # apt's lists are empty on a fresh image: update once, only when a package is not found.
  if ! apt-get install -y --no-install-recommends "${need[@]}" >/dev/null 2>&1; then
    apt-get update -qq
    apt-get install -y --no-install-recommends "${need[@]}" >/dev/null
  fi
fi

if [ ! -f "$STAMP" ]; then
  # @vscode/ripgrep's postinstall downloads rg from GitHub, which is unreachable here: seed its cache with Debian's rg.
  export TMPDIR=${TMPDIR:-/tmp}
  rgcache="$TMPDIR/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$rgcache"
  tar czf "$rgcache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C /usr/bin rg
  mkdir -p "$DEST"
  [ -f "$DEST/package.json" ] || echo '{"name":"ceph-federation-code-server","private":true}' > "$DEST/package.json"
  # unsafe_perm: code-server's postinstall refuses root without it; yes: node-pty runs `npx node-gyp`, which would
  # prompt; nodedir: headers from the local Node instead of a download; allow_all_scripts: npm 11 skips dependency
  # install scripts by default, and code-server's postinstall (a nested npm install in lib/vscode) is the install.
  nodedir=$(dirname "$(dirname "$(command -v node)")")
  (cd "$DEST" && npm_config_nodedir="$nodedir" npm_config_unsafe_perm=true npm_config_yes=true \
    npm_config_dangerously_allow_all_scripts=true \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")
  touch "$STAMP"
fi

echo "code-server $(node "$ENTRY" --version 2>/dev/null | tail -1) at $DEST"
/usr/bin/chromium --version 2>/dev/null || true
