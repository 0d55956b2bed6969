# Ferry: build, test, fuzz and benchmark entry points.
# `make run` and `make test` work on a fresh Debian bookworm machine that has the
# Swift toolchain: missing system packages are installed on first use.

# Find swift even when PATH lacks it (CI's environment, non-login shells).
ifeq ($(shell command -v swift 2>/dev/null),)
  ifneq ($(wildcard /opt/swift/usr/bin/swift),)
    export PATH := /opt/swift/usr/bin:$(PATH)
  endif
endif

SWIFT        ?= swift
# Fail the build when a target imports a package target it does not declare as a
# dependency: this keeps the layer arrows of DESIGN.md honest.
IMPORT_CHECK := --explicit-target-dependency-import-check error
ENSURE       := bash scripts/ensure-packages.sh

# System libraries behind COpenSSL / CNGHTTP2 (found through pkg-config).
DEPS         := libssl-dev libnghttp2-dev pkg-config
# The reference server and load generator of the benchmarks.
BENCH_DEPS   := nginx-light wrk

FUZZ_SECONDS ?= 60
export FUZZ_SECONDS

.PHONY: all deps test-deps bench-deps build run test fuzz bench bench-http bench-relay clean

all: build

deps:
	@$(ENSURE) $(DEPS)

bench-deps:
	@$(ENSURE) $(BENCH_DEPS)

build: deps
	$(SWIFT) build -c release $(IMPORT_CHECK)

# The relay on its embedded demo config, with a demo subscriber and a request to paste.
# Extra arguments: make run ARGS="--listen 127.0.0.1:9000"
run: build
	exec .build/release/ferry demo $(ARGS)

# Plain `swift test`: Swift Testing already runs tests in parallel, and
# `--parallel` only changes how XCTest cases are run and reported.
# The Python packages some tests use as independent checkers (standardwebhooks, jsonschema).
test-deps: deps
	@bash scripts/ensure-python-tools.sh

test: test-deps
	$(SWIFT) build $(IMPORT_CHECK)
	$(SWIFT) test $(IMPORT_CHECK)

fuzz:
	@test -f Fuzz/fuzz.sh || { echo "make fuzz: Fuzz/fuzz.sh does not exist yet" >&2; exit 1; }
	bash Fuzz/fuzz.sh

# Both benchmarks; each also runs alone (bench-http: the HTTP server, bench-relay: the
# whole relay path against nginx proxy_pass). Settings: see Benchmarks/*.sh, e.g.
# make bench-relay DURATION=30
bench: bench-http bench-relay

bench-http: bench-deps build
	bash Benchmarks/http-bench.sh

bench-relay: bench-deps build
	bash Benchmarks/relay-bench.sh

clean:
	rm -rf .build Fuzz/.build
