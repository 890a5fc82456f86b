# guidec: the two set-up commands are `make site` and `make test`.
GO      ?= go
BIN     := bin/guidec
SOURCE  ?= guides
OUT     ?= public
CORPUS  ?= ../shared/corpus/authelia
DOCS    ?= ../shared/corpus/authelia-docs
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X github.com/guidec/guidec/internal/cli.version=$(VERSION)

.PHONY: all build site test check serve bench bench-hugo bench-startup bench-ir pgo seeds fuzz vet fmt clean

all: build

# A static binary (no cgo: guidec calls no C; net and os/user have pure-Go
# fallbacks) starts without the dynamic loader, a few milliseconds less per
# run (docs/performance.md, Start-up).
build:
	CGO_ENABLED=0 $(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/guidec

## site: build guides/ into public/
site: build
	./$(BIN) build --source $(SOURCE) --out $(OUT)

## test: the full suite (unit, golden, CLI scripts, corpus conformance, browser when chromium is present)
# The goldmark fork under internal/third_party is a module of its own (a
# replace directive): ./... does not reach its tests, which pin every
# change the fork made for speed to upstream's output.
test:
	$(GO) vet ./...
	$(GO) test -count=1 ./...
	cd internal/third_party/goldmark && $(GO) test -count=1 ./...

## check: the CI gate over our own guides
check: build
	./$(BIN) check --source $(SOURCE)

## serve: live preview of guides/
serve: build
	./$(BIN) serve --source $(SOURCE)

## bench: the end-to-end scale benchmark (corpus ×1, ×10, ×50, ×83 = 7,304 guides), then the
## per-stage benchmarks of every package, into $(BENCH_OUT) (docs/performance.md), then
## bench-hugo (guidec side by side with Hugo, into $(BENCH_HUGO_OUT)).
## Compare two runs with: benchstat docs/bench-baseline.txt bench.txt
## Refresh the baseline with: make bench BENCH_OUT=docs/bench-baseline.txt
BENCH_OUT    ?= bench.txt
BENCH_COUNT  ?= 6
BENCH_SCALES ?= 1,10,50,83
# BENCH_SITE_DIR is where the scale benchmark writes the sites it builds:
# empty (the default) for a temporary directory on disk, as users build;
# BENCH_SITE_DIR=/dev/shm for tmpfs, which leaves the file system out.
BENCH_SITE_DIR ?=
# The scale benchmark runs first: the per-stage ones delete many files, which
# slows file creation for a minute on some file systems (docs/performance.md).
bench:
	bash -o pipefail -c "GUIDEC_BENCH_DIR=$(CURDIR)/bin/bench GUIDEC_BENCH_SCALES=$(BENCH_SCALES) GUIDEC_BENCH_OUT=$(BENCH_SITE_DIR) \
	  $(GO) test -v -run '^$$' -bench '^BenchmarkScale$$' -benchtime 1x -count $(BENCH_COUNT) -timeout 60m ./tests | tee $(BENCH_OUT)"
	bash -o pipefail -c "$(GO) test -run '^$$' -bench . -skip '^BenchmarkScale$$' -benchmem -count $(BENCH_COUNT) -timeout 30m ./... | tee -a $(BENCH_OUT)"
	$(MAKE) bench-hugo

## bench-hugo: guidec side by side with Hugo (issue 15): build and check of the corpus and of
## Authelia's docs tree, ×1 and ×$(BENCH_HUGO_SCALE), and guidec serve's save→reload, medians of
## alternating runs, wall time, CPU, peak RSS, ratios to Hugo and the targets; the table is printed
## and written to $(BENCH_HUGO_OUT), then the fixed cost of a run (check and build of one guide,
## guidec version, package initialisation). Without hugo installed it measures guidec alone and says so.
## Quicker: make bench-hugo BENCH_HUGO_ARGS='-n 3 -n-scaled 1 -only corpus,docs'
BENCH_HUGO_OUT   ?= bin/bench-hugo.md
BENCH_HUGO_RUNS  ?= 7
BENCH_HUGO_SCALE ?= 10
BENCH_HUGO_ARGS  ?=
bench-hugo: build
	$(GO) run ./cmd/benchcmp -guidec $(BIN) -n $(BENCH_HUGO_RUNS) -scale $(BENCH_HUGO_SCALE) -md $(BENCH_HUGO_OUT) $(BENCH_HUGO_ARGS)

## bench-startup: only the fixed cost of a run (issue 15: check of one guide ≤ 15 ms), 21 alternating runs.
bench-startup: build
	$(GO) run ./cmd/benchcmp -guidec $(BIN) -only startup $(BENCH_HUGO_ARGS)

## bench-ir: instruction counts of a check of one guide, of the corpus and of the docs tree, and of a
## fresh corpus build (callgrind with the collector off and one worker: repeatable to ±0.1 % whatever
## else the machine runs, where wall times are not; docs/performance.md). Needs valgrind.
IR_RUNS ?= version;check -q --jobs 1 --source guides/romm;check -q --jobs 1 --source $(CORPUS);check -q --jobs 1 --source $(DOCS);build -q --jobs 1 --source $(CORPUS) --out bin/ir-site
bench-ir: build
	@command -v valgrind >/dev/null || { echo "bench-ir: needs valgrind (Debian package valgrind)"; exit 2; }
	@export GUIDEC_CACHE_DIR=$(CURDIR)/bin/ir-cache; IFS=';'; for run in $$(echo "$(IR_RUNS)"); do \
	  IFS=' '; rm -rf bin/ir-site bin/.ir-site.guidec; ./$(BIN) $$run >/dev/null 2>&1; rm -rf bin/ir-site bin/.ir-site.guidec; \
	  n=$$(GOGC=off GODEBUG=cpu.avx512f=off,cpu.rdtscp=off,asyncpreemptoff=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null ./$(BIN) $$run 2>&1 >/dev/null | grep -o 'refs: *[0-9,]*' | tr -d ,); \
	  printf '%8.1f M  guidec %s\n' "$$(echo $${n#refs:} | awk '{print $$1/1e6}')" "$$run"; \
	done; rm -rf bin/ir-site bin/.ir-site.guidec

## pgo: refresh cmd/guidec/default.pgo, the CPU profile `go build` optimises guidec with
## (profile-guided optimisation, docs/performance.md): check and build of the corpus ×10 and
## of Authelia's docs tree, merged into one profile. Run it after large changes to hot code.
PGO_DIR := bin/pgo
pgo: build
	rm -rf $(PGO_DIR) && mkdir -p $(PGO_DIR)
	bash ../shared/bench/replicate.sh $(CORPUS) $(PGO_DIR)/x10 10 >/dev/null
	@# guidec check exits 1 when it finds errors, which these trees have: only 2 (a failure) stops.
	@set -e; run() { GUIDEC_CACHE_DIR=$(CURDIR)/$(PGO_DIR)/cache ./$(BIN) "$$@" >/dev/null || [ $$? = 1 ]; }; \
	run check -q --source $(PGO_DIR)/x10; \
	run check -q --source $(PGO_DIR)/x10 --cpuprofile $(PGO_DIR)/check-x10.prof; \
	run build -q --source $(PGO_DIR)/x10 --out $(PGO_DIR)/site-x10 --cpuprofile $(PGO_DIR)/build-x10.prof; \
	run check -q --source $(DOCS) --cpuprofile $(PGO_DIR)/check-docs.prof; \
	run build -q --keep-going --source $(DOCS) --out $(PGO_DIR)/site-docs --cpuprofile $(PGO_DIR)/build-docs.prof
	$(GO) tool pprof -proto $(PGO_DIR)/*.prof > cmd/guidec/default.pgo
	rm -rf $(PGO_DIR)
	@echo "cmd/guidec/default.pgo refreshed; rebuild with make build"

## seeds: regenerate the fuzz seed corpora taken from guides/ (after editing a guide)
seeds:
	@for pkg in $$(grep -l 'func TestFuzzSeeds' $$(git ls-files '*seeds_test.go') | xargs -n1 dirname | sort -u); do \
	  $(GO) test -count=1 -run '^TestFuzzSeeds$$' ./$$pkg -update-seeds || exit 1; \
	done

## fuzz: run every fuzz target briefly (FUZZTIME=10000x runs each 10,000 times; FUZZTIME=10m for the long runs)
FUZZTIME ?= 15s
fuzz:
	@for mod in . internal/third_party/goldmark; do \
	  for pkg in $$(cd $$mod && $(GO) list ./...); do \
	    for t in $$(cd $$mod && $(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	      echo "== $$pkg $$t"; \
	      (cd $$mod && $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg) || exit 1; \
	    done; \
	  done; \
	done

vet:
	$(GO) vet ./...
	gofmt -l $$(git ls-files '*.go')

# $(OUT) and the working copies guidec keeps beside it (README: The output folder).
clean:
	rm -rf bin $(OUT) $(dir $(OUT)).$(notdir $(OUT)).guidec
