#!/usr/bin/env bash
# Installs what chronoline needs to build and test on Debian 12 (as root, or with sudo).
# Does nothing when everything is already there, so it is cheap to call every time.
set -euo pipefail
packages=(g++ cmake make libboost-dev libboost-date-time-dev libboost-graph-dev libpugixml-dev
          doctest-dev libcli11-dev graphviz libxml2-utils)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
