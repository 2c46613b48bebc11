#!/usr/bin/env bash
# Installs what the editor end-to-end suites (`npm run test:e2e`) need on a Debian machine that
# reaches only the npm registry and Debian's packages:
#   - Debian: chromium (headless browser for code-server), ripgrep (code-server's search binary),
#     libkrb5-dev + pkg-config (to build the kerberos module), neovim (second LSP client).
#   - code-server 4.100.3 (the newest that accepts Node 20) into .e2e/code-server (git-ignored).
# A plain `npm i code-server` fails here: its postinstall downloads ripgrep from GitHub and root
# needs unsafe-perm. So install with --ignore-scripts and redo by hand what the scripts would do.
# Idempotent: every step is skipped when its result is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
start=$(date +%s)
CODE_SERVER_VERSION=4.100.3
prefix="$root/.e2e/code-server"
cs="$prefix/node_modules/code-server"
vscode="$cs/lib/vscode"

log() { echo "== setup-e2e: $*"; }

# --- Debian packages -------------------------------------------------------------------------
need_pkgs=()
for p in chromium ripgrep libkrb5-dev pkg-config neovim; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need_pkgs+=("$p")
done
if [ ${#need_pkgs[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  log "apt-get install ${need_pkgs[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
else
  log "Debian packages already installed"
fi

# --- code-server -------------------------------------------------------------------------------
installed_version=$(node -p "try{require('$cs/package.json').version}catch{''}" 2>/dev/null || true)
if [ "$installed_version" != "$CODE_SERVER_VERSION" ] || [ ! -f "$prefix/.ready" ]; then
  log "installing code-server@$CODE_SERVER_VERSION into .e2e/code-server"
  rm -f "$prefix/.ready"
  mkdir -p "$prefix"
  # Its own package.json so npm does not climb up to the repository's.
  [ -f "$prefix/package.json" ] || echo '{ "name": "odoo-perf-e2e-code-server", "private": true }' >"$prefix/package.json"
  (cd "$prefix" && npm install --no-audit --no-fund --ignore-scripts "code-server@$CODE_SERVER_VERSION")
  # Native modules are built against the system Node's headers (/usr/include/node): no download.
  export npm_config_nodedir=/usr
  # node-pty's post-install runs `npx node-gyp ...`; without a terminal npx would refuse to fetch it.
  export npm_config_yes=true
  (cd "$prefix" && npm rebuild argon2)
  (cd "$vscode" && npm install --no-audit --no-fund --omit=dev --ignore-scripts)
  (cd "$vscode" && npm rebuild node-pty @vscode/spdlog native-watchdog kerberos @parcel/watcher @vscode/deviceid)
  # @vscode/ripgrep's postinstall would download rg from GitHub: use Debian's.
  mkdir -p "$vscode/node_modules/@vscode/ripgrep/bin"
  cp /usr/bin/rg "$vscode/node_modules/@vscode/ripgrep/bin/rg"
  # The links code-server's own postinstall makes.
  ln -sfn node_modules "$vscode/node_modules.asar"
  ln -sfn code-linux.sh "$vscode/bin/remote-cli/code-server"
  ln -sfn browser-linux.sh "$vscode/bin/helpers/browser.sh"
  (cd "$vscode/extensions" && npm install --no-audit --no-fund --omit=dev --ignore-scripts)
  touch "$prefix/.ready"
else
  log "code-server $CODE_SERVER_VERSION already installed"
fi

# --- the e2e driver's own npm packages (devDependencies, normally installed by `npm ci`) -------
if [ ! -d node_modules/playwright-core ]; then
  log "npm install (playwright-core missing)"
  npm install --no-audit --no-fund
fi

# A throw-away HOME: code-server writes a default config file there on every start.
tmp_home=$(mktemp -d)
log "code-server $(HOME=$tmp_home XDG_CONFIG_HOME=$tmp_home node "$cs/out/node/entry.js" --version 2>/dev/null | tail -1)"
rm -rf "$tmp_home"
log "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo missing)"
log "nvim: $(nvim --version | head -1)"
log "done in $(( $(date +%s) - start )) s"
