# guidec: the two set-up commands are `make site` and `make test`.
GO      ?= go
BIN     := bin/guidec
SOURCE  ?= guides
OUT     ?= public
CORPUS  ?= ../shared/corpus/authelia
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X github.com/guidec/guidec/internal/cli.version=$(VERSION)

.PHONY: all build site test check serve bench fuzz vet fmt clean

all: build

build:
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/guidec

## site: build guides/ into public/
site: build
	./$(BIN) build --source $(SOURCE) --out $(OUT)

## test: the full suite (unit, golden, CLI scripts, corpus conformance, browser when chromium is present)
test:
	$(GO) vet ./...
	$(GO) test -count=1 ./...

## check: the CI gate over our own guides
check: build
	./$(BIN) check --source $(SOURCE)

## serve: live preview of guides/
serve: build
	./$(BIN) serve --source $(SOURCE)

## bench: per-stage and end-to-end benchmarks
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 5 ./... | tee bench.txt

## fuzz: run every fuzz target briefly (FUZZTIME=10m for the long runs)
FUZZTIME ?= 15s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$t"; \
	    $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

vet:
	$(GO) vet ./...
	gofmt -l $$(git ls-files '*.go')

clean:
	rm -rf bin $(OUT)
