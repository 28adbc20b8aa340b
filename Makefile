# Meridian developer commands. `make` alone lists them.

GO ?= go

.DEFAULT_GOAL := help
.PHONY: help run build test lint bench fuzz clean web

help: ## List targets with a one-line description
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-8s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

run: ## Start Meridian with the embedded default (SQLite, in-process NATS) and demo data
	$(GO) run ./cmd/meridian serve --demo

build: ## Build the binary into bin/meridian
	$(GO) build -o bin/meridian ./cmd/meridian

test: ## Vet and run all tests (PostgreSQL too when MERIDIAN_TEST_POSTGRES is set)
	$(GO) vet ./... && $(GO) test -count=1 -timeout 30m ./...

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
