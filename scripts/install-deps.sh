#!/usr/bin/env bash
# Installs the Debian 12 packages tabhook needs to build, test and run its demo. Idempotent, and quiet
# when everything is already there.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git curl
  libyaml-cpp-dev libcurl4-openssl-dev nlohmann-json3-dev libfmt-dev catch2
  libcpp-httplib-dev libexpected-dev libpugixml-dev libcli11-dev libssl-dev
  clang clang-tidy libclang-rt-14-dev python3 python3-jsonschema python3-yaml
  help2man zsh pre-commit binutils
  openssl systemd chromium   # the TLS test, systemd-analyze verify, the status-page test
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
