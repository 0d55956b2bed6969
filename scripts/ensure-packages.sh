#!/usr/bin/env bash
# Install the given Debian packages, but only those that are missing.
# Idempotent: when everything is installed it touches nothing (no apt-get update,
# no network). Runs apt as root directly, through sudo otherwise.
#
#   scripts/ensure-packages.sh PKG...
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 PKG..." >&2
    exit 2
fi

missing=()
for pkg in "$@"; do
    # `dpkg -s` also exits 0 for a removed package whose config files remain,
    # so read its Status line rather than its exit code.
    if ! dpkg -s "$pkg" 2>/dev/null | grep -qx 'Status: install ok installed'; then
        missing+=("$pkg")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "ensure-packages: already installed: $*"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "ensure-packages: missing ${missing[*]}, and not root and no sudo to install them" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-packages: missing ${missing[*]} and apt-get is not available (Debian/Ubuntu expected)" >&2
    exit 1
fi

echo "ensure-packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
