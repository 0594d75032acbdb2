#!/usr/bin/env bash
# Create (once) the project virtual environment in .venv and install the package with its dev tools into it.
# Sourced by scripts/demo.sh and scripts/test.sh; safe to run again (pip only installs what is missing).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${SMOKEINDEX_VENV:-$ROOT/.venv}"

pick_python() {
    for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
        [[ -n "$candidate" ]] || continue
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "需要 Python >= 3.11 (Python 3.11 or newer is required); set PYTHON=/path/to/python" >&2
    return 1
}

if [[ ! -x "$VENV/bin/python" ]]; then
    PY="$(pick_python)"
    echo "==> 创建虚拟环境 (creating virtual environment) $VENV with $("$PY" --version)"
    "$PY" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
fi
echo "==> 安装 smokeindex 及依赖 (installing the package and its dependencies)"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT[dev]"
export PATH="$VENV/bin:$PATH"
