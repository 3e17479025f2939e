# mercato: the two-command quick start (make demo, make test) and the other entry points.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
RELEASE_DIR := build/release
SANITIZE_DIR := build/sanitize
FUZZ_DIR := build/fuzz
MERCATO := $(RELEASE_DIR)/src/cli/mercato
DEMO_DIR := demo
UNITY ?= ON
UNITY_BATCH ?= 8

.PHONY: all setup build build-sanitize test test-release demo bench fuzz format format-check clean

all: build

setup:
	@bash scripts/setup.sh

build: setup
	@cmake -S . -B $(RELEASE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release > /dev/null
	@cmake --build $(RELEASE_DIR) -j $(JOBS)

# Unity batches compile each library's and test's sources a few at a time, so the heavy headers
# (gtest, nlohmann/json, Eigen) are parsed once a batch; the release build stays one file a unit,
# which keeps every file's own includes honest.
build-sanitize: setup
	@cmake -S . -B $(SANITIZE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMERCATO_SANITIZE=ON -DMERCATO_BENCH=OFF \
	  -DCMAKE_UNITY_BUILD=$(UNITY) -DCMAKE_UNITY_BUILD_BATCH_SIZE=$(UNITY_BATCH) > /dev/null
	@cmake --build $(SANITIZE_DIR) -j $(JOBS)

# The test suite runs under AddressSanitizer and UndefinedBehaviorSanitizer.
test: build-sanitize
	@cd $(SANITIZE_DIR) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

test-release: build
	@cd $(RELEASE_DIR) && ctest --output-on-failure -j $(JOBS)

demo: build
	@bash scripts/demo.sh $(MERCATO) $(DEMO_DIR)

bench: build
	@bash scripts/setup.sh bench
	@bash bench/run.sh $(RELEASE_DIR)

fuzz:
	@bash scripts/setup.sh fuzz
	@CXX=clang++ cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMERCATO_FUZZ=ON -DMERCATO_TESTS=OFF > /dev/null
	@cmake --build $(FUZZ_DIR) -j $(JOBS)
	@bash fuzz/run.sh $(FUZZ_DIR) $${FUZZ_SECONDS:-60}

FORMAT_FILES = find src bench fuzz \( -name '*.cpp' -o -name '*.h' \) -print0

format: setup
	@$(FORMAT_FILES) | xargs -0 clang-format -i

# Fails, naming each file and line, when a file is not as clang-format would lay it out.
format-check: setup
	@$(FORMAT_FILES) | xargs -0 clang-format --dry-run -Werror
	@echo "format-check: every file under src bench fuzz is formatted"

clean:
	@rm -rf build
