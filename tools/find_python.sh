#!/usr/bin/env bash
# Print the absolute path of a Python interpreter >= 3.12 on stdout.
#
# Usage: tools/find_python.sh [PYTHON]
#
# If PYTHON is given (or set in the environment), only that interpreter is
# checked. Otherwise these candidates are tried in order, each one actually run:
#   python3.13, python3.12, python3 (from PATH), then every pyenv version >= 3.12,
#   newest first.
# A candidate that exists but does not run (e.g. a pyenv shim for a version that
# is not selected) is skipped. Exits 1 with a message on stderr if none qualifies.
set -u

MIN_MAJOR=3
MIN_MINOR=12
CHECK="import sys; sys.exit(0 if sys.version_info >= (${MIN_MAJOR}, ${MIN_MINOR}) else 1)"

# Run a candidate command; on success print the real executable it resolves to.
try() {
    "$@" -c "$CHECK" >/dev/null 2>&1 || return 1
    "$@" -c "import sys; print(sys.executable)" 2>/dev/null
}

requested="${1:-${PYTHON:-}}"
if [ -n "$requested" ]; then
    if exe="$(try "$requested")" && [ -n "$exe" ]; then
        echo "$exe"
        exit 0
    fi
    echo "PYTHON=$requested is not a working Python >= ${MIN_MAJOR}.${MIN_MINOR}." >&2
    exit 1
fi

for cand in python3.13 python3.12 python3; do
    if command -v "$cand" >/dev/null 2>&1; then
        if exe="$(try "$cand")" && [ -n "$exe" ]; then
            echo "$exe"
            exit 0
        fi
    fi
done

if command -v pyenv >/dev/null 2>&1; then
    root="$(pyenv root 2>/dev/null || true)"
    versions="$(pyenv versions --bare 2>/dev/null \
        | grep -E '^[0-9]+\.[0-9]+(\.[0-9]+)?$' | sort -t. -k1,1nr -k2,2nr -k3,3nr || true)"
    for v in $versions; do
        major="${v%%.*}"
        rest="${v#*.}"
        minor="${rest%%.*}"
        if [ "$major" -lt "$MIN_MAJOR" ] \
            || { [ "$major" -eq "$MIN_MAJOR" ] && [ "$minor" -lt "$MIN_MINOR" ]; }; then
            continue
        fi
        if [ -n "$root" ] && [ -x "$root/versions/$v/bin/python" ]; then
            if exe="$(try "$root/versions/$v/bin/python")" && [ -n "$exe" ]; then
                echo "$exe"
                exit 0
            fi
        fi
        if exe="$(PYENV_VERSION="$v" try pyenv exec python)" && [ -n "$exe" ]; then
            echo "$exe"
            exit 0
        fi
    done
fi

cat >&2 <<EOF
coproduction needs Python >= ${MIN_MAJOR}.${MIN_MINOR}; none found. Install one (e.g. pyenv install 3.12) or set PYTHON=/path/to/python
EOF
exit 1
