# Meridian developer commands. `make` alone lists them.

GO ?= go

.DEFAULT_GOAL := help
.PHONY: help run build test test-all lint bench fuzz clean web

help: ## List targets with a one-line description
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-8s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

run: ## Start Meridian with the embedded default (SQLite, in-process NATS) and demo data
	$(GO) run ./cmd/meridian serve --demo

build: ## Build the binary into bin/meridian
	$(GO) build -o bin/meridian ./cmd/meridian

# Tests run under the race detector (it needs cgo: a C compiler). Eight
# end-to-end tests of cmd/meridian take minutes each: the three-instance
# cluster with NATS and PostgreSQL restarts, the crash test, whole simulated
# operations, the demo in a browser. They skip themselves under -short.
# `make test` skips them, to stay under 10 minutes on a 2-core machine.
# `make test-all`, which CI (.ci/run) runs, runs everything else under
# -race, then these eight without it: they are the longest tests even
# without -race, and the race detector multiplies the CPU of busy paths up
# to sixteen-fold (the watchlist import the simulated operations start
# with: 50 s against 3), which would take CI past its 20 minutes. The code
# they drive is race-checked by the shorter tests of the same paths
# (TestTwoInstances, TestWorker*, the browser and trust tests).
# docs/architecture.md ("Tests") has the measured costs.
# PostgreSQL tests run when MERIDIAN_TEST_POSTGRES is set.
SLOW_E2E = ^(TestClusterSurvives|TestCrashLosesNothing|TestSimOperation|TestServeDemo|TestDemoNetworks|TestDemoPassengers|TestDemoFollowup|TestBrowserDemo)$$

# cmd/meridian's tests run one after another and are the long pole of the
# race run; its browser tests (mostly waiting on Chromium) run as a second
# process beside the rest, so that both cores stay busy.
#
# SQLite here is modernc.org/sqlite: SQLite's C, and the C library under
# it, translated to Go. Instrumented, every memory access of that C pays
# the race detector's shadow-memory check and -race's pointer checks
# (checkptr), and the SQLite engine was most of the race run's processor
# time (the sqlite package's tests: 74 CPU s instrumented, 22 not;
# cmd/meridian's: 348 and 197; docs/benchmarks.md, "Test time").
# NORACE compiles those three translated-C packages without -race, as the
# C of a cgo SQLite driver never is race-checked; every package of ours
# and the driver's Go (modernc.org/sqlite) stay instrumented.
NORACE = -gcflags=modernc.org/sqlite/lib=-race=false -gcflags=modernc.org/libc/...=-race=false -gcflags=modernc.org/memory=-race=false
RACE = $(GO) test -race $(NORACE) -short -count=1 -timeout 30m
BROWSER = ^TestBrowser

test: ## Vet and run the tests under the race detector, the slow end-to-end ones skipped (-short)
	$(GO) vet ./...
	@$(RACE) -skip '$(BROWSER)' ./... & a=$$!; \
	$(RACE) -run '$(BROWSER)' ./cmd/meridian & b=$$!; \
	s=0; wait $$a || s=1; wait $$b || s=1; exit $$s

test-all: ## Vet and run every test as CI does: -race on all but the eight slow end-to-end ones
	$(GO) vet ./...
	@$(RACE) -skip '$(BROWSER)' ./... & a=$$!; \
	$(RACE) -run '$(BROWSER)' ./cmd/meridian & b=$$!; \
	s=0; wait $$a || s=1; wait $$b || s=1; \
	$(GO) test -count=1 -timeout 30m -run '$(SLOW_E2E)' ./cmd/meridian || s=1; exit $$s

lint: ## Run go vet and fail on files gofmt would change
	$(GO) vet ./...
	@files=$$(find . -name '*.go' -not -path './.git/*' -not -path '*/node_modules/*' \
		-not -path '*/testdata/*' -not -path './web/dist/*' -not -path './bin/*' -not -path './data/*' -print0 | \
		xargs -0 -r "$$($(GO) env GOROOT)/bin/gofmt" -l); \
	if [ -n "$$files" ]; then echo "gofmt needed on:"; echo "$$files"; exit 1; fi

bench: ## Run all benchmarks with allocation counts
	$(GO) test -run '^$$' -bench . -benchmem ./...

fuzz: ## Run each fuzz target for 10s
	@set -e; \
	list=$$($(GO) test -list '^Fuzz' ./...); \
	echo "$$list" | awk '/^Fuzz/ {n[++c] = $$1} /^ok/ {for (i = 1; i <= c; i++) print $$2, n[i]; c = 0}' | \
	while read -r pkg fn; do \
		echo "== $$pkg $$fn"; \
		$(GO) test -run '^$$' -fuzz "^$$fn$$" -fuzztime 10s "$$pkg"; \
	done

web: ## Build the UI (needs Node) into web/dist, which is committed and embedded
	cd web && npm ci && npm run build

clean: ## Remove build output and local data
	rm -rf bin data
