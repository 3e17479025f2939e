#!/usr/bin/env bash
# Installs the Debian packages mercato needs to build, test, fuzz and benchmark.
# Idempotent: installs only what is missing; uses sudo when not root.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  clang libclang-rt-14-dev
  libsqlite3-dev sqlite3 libzstd-dev zstd zlib1g-dev libssl-dev
  nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev
  libeigen3-dev libxgboost-dev libhnswlib-dev libboost-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 time wrk
  r-base-core r-cran-forecast r-cran-prophet
  python3-sklearn
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "setup: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
