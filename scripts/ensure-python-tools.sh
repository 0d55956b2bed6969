#!/usr/bin/env bash
# Installs the Python packages the tests use as independent checkers, when missing:
# standardwebhooks (verifies Ferry's outbound signatures), jsonschema and cryptography
# (Providers/_tools/make_fixture.py check). Test tooling only; never used by Ferry itself.
set -euo pipefail

packages=(standardwebhooks jsonschema cryptography)

if ! command -v python3 >/dev/null 2>&1 || ! python3 -m pip --version >/dev/null 2>&1; then
    bash "$(dirname "$0")/ensure-packages.sh" python3 python3-pip
fi

missing=()
for package in "${packages[@]}"; do
    python3 -c "import importlib.metadata as m; m.version('$package')" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

# Debian's own python3 refuses pip installs (PEP 668, "externally managed"); only when the
# plain install fails that way, retry with --break-system-packages.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if python3 -m pip install --quiet --disable-pip-version-check "${missing[@]}" 2>"$log"; then
    exit 0
fi
if grep -q externally-managed-environment "$log"; then
    echo "pip: python3 is externally managed; retrying with --break-system-packages"
else
    cat "$log" >&2
fi
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
    --break-system-packages "${missing[@]}"
