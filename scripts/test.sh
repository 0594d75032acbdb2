#!/usr/bin/env bash
# The whole test suite on a fresh machine: set up .venv, lint and type-check, check generated files and the compose
# file, start a real Neo4j (tools/neo4j-launcher), run pytest against both real stores, stop Neo4j.
# A store that cannot start fails the run; nothing is skipped for lack of a server.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/venv.sh
source scripts/venv.sh

echo "==> ruff"
ruff check smokeindex tests bench
ruff format --check smokeindex tests bench
echo "==> mypy"
mypy
echo "==> 生成文件一致性 (generated files up to date)"
smokeindex schema generate --check
echo "==> docker-compose.yml"
scripts/check-compose.sh

echo "==> Neo4j 测试服务器 (Neo4j test server)"
scripts/neo4j-test-server.sh start
trap 'scripts/neo4j-test-server.sh stop' EXIT

echo "==> pytest"
python -m pytest "$@"
