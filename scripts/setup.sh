#!/usr/bin/env bash
# Installs the Debian packages one part of mercato needs; each group lists why each package is there.
# Usage: scripts/setup.sh [GROUP...]   (GROUP: build, fuzz, bench; default build)
#   build  builds the binary and runs the tests, the demo and the golden comparison (make build/test)
#   fuzz   the libFuzzer build (make fuzz), on top of build
#   bench  the benchmarks' reference programs (make bench), on top of build
# Idempotent: installs only what is missing; uses sudo when not root.
set -euo pipefail

build_packages=(
  # toolchain and build driver
  build-essential cmake ninja-build pkg-config
  ccache       # compiler cache, used by CMake when present
  mold         # faster linker, used by CMake when present (lld also works)
  clang-format # make format / make format-check
  # libraries found by CMake (find_package / pkg_check_modules)
  libsqlite3-dev     # the store
  libzstd-dev        # .zst imports
  zlib1g-dev         # .gz imports
  libssl-dev         # API key hashing, HMAC webhooks, artifact digests
  nlohmann-json3-dev # JSON everywhere
  libcli11-dev       # the command line
  libeigen3-dev      # ALS and the serving index
  libxgboost-dev     # boosted trees (customer models)
  libhnswlib-dev     # approximate nearest neighbours for serving
  libboost-dev       # Boost.Asio/Beast: the HTTP front end; Boost.Math: the experiments' distributions
  libxxhash-dev      # XXH3: experiments' sticky assignment by hashing
  libjemalloc-dev    # the release binary's allocator: about a quarter less CPU per served request
  libcurl4-openssl-dev # the outbox's deliverer: HTTP(S) to webhooks, Klaviyo and Mandrill
  libgtest-dev       # unit tests
  python3-scipy      # the experiments' agreement test with SciPy (tests/experiment)
  # scripts/golden.sh
  curl python3
  # the dashboard's browser test (tests/browser): headless Chromium driven by puppeteer-core
  chromium
)
# The dashboard (web/) is built by npm at build time: Debian's nodejs and npm, unless a node
# with npm is already installed (e.g. NodeSource's, which ships npm inside its nodejs package).
if ! command -v npm > /dev/null; then
  build_packages+=(nodejs npm)
fi

fuzz_packages=(
  clang libclang-rt-14-dev # libFuzzer and the sanitizers' runtimes for clang
  libomp-dev               # OpenMP for the model libraries under clang
)

bench_packages=(
  time         # peak-RSS figures (/usr/bin/time)
  sqlite3 zstd # the import reference (sqlite3 .import) and unpacking the data sets
  wrk          # the HTTP load reference
  nginx-light  # the static-file server the HTTP figures are compared with
  r-base-core r-cran-forecast r-cran-prophet # forecast references (ETS, Prophet)
  r-cran-bayesm                              # hierarchical Bayes elasticities (pricing reference)
  python3-sklearn                            # customer clustering reference (k-means)
)

groups=("$@")
if [ ${#groups[@]} -eq 0 ]; then groups=(build); fi
packages=("${build_packages[@]}")
for g in "${groups[@]}"; do
  case "$g" in
    build) ;;
    fuzz) packages+=("${fuzz_packages[@]}") ;;
    bench) packages+=("${bench_packages[@]}") ;;
    *)
      echo "setup: unknown group '$g' (expected build, fuzz or bench)" >&2
      exit 2
      ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present (${groups[*]})"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "setup: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
