#!/usr/bin/env bash
# The main job on a fresh machine: set up .venv, install, run the demo on the embedded store.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/venv.sh
source scripts/venv.sh
exec smokeindex demo "$@"
