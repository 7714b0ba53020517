#!/usr/bin/env bash
# Quick start: serves the portal on the embedded defaults (frontend on :3000, backend on :7007, SQLite, guest
# sign-in, the organizations sandbox seeded with the demo organization). Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/toolchain.sh
ensure_dependencies
exec yarn start "$@"
