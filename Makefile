# trustwork: `make run` to use it, `make test` to check everything.
# Every target installs what it needs through the Go toolchain (modules come
# from the Go module proxy); tmux is needed by the end-to-end tests.

GO       ?= go
BIN      := bin/trustwork
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X main.version=$(VERSION)
PKGS     := ./...

# Fuzz targets as package:Func pairs; `make test` runs each briefly.
FUZZ_TARGETS := ./internal/workbook:FuzzSplitFrontMatter \
                ./internal/sanitize:FuzzText \
                ./internal/sanitize:FuzzDisplay \
                ./internal/export:FuzzMarkdown \
                ./internal/export:FuzzRoundTrip \
                ./internal/portable:FuzzRead
FUZZTIME_SHORT ?= 8s
FUZZTIME_LONG  ?= 5m

.PHONY: all build completions run test check vet fmt-check unit fuzz-short fuzz soak bench clean

all: build

build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/trustwork

## completions: the bash, zsh and fish completions and the man page, in
## bin/ (all generated from the command table in cmd/trustwork/commands.go)
completions: build
	./$(BIN) completion bash > bin/trustwork.bash
	./$(BIN) completion zsh > bin/_trustwork
	./$(BIN) completion fish > bin/trustwork.fish
	./$(BIN) man > bin/trustwork.1

## run: build and open the workbook on the default data file
## ($XDG_DATA_HOME/trustwork/journal.db, or ~/.local/share/trustwork/journal.db)
run: build
	./$(BIN)

## test: formatting, vet, every Go test with the race detector (including
## the tmux tests of the real binary and a 20-kill crash loop), and a short
## fuzz run of each fuzz target
test: check fuzz-short unit

check: fmt-check vet

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

unit:
	$(GO) test -race -count=1 -timeout 20m $(PKGS)

fuzz-short:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; fn=$${t##*:}; \
		echo "fuzz $$fn ($(FUZZTIME_SHORT))"; \
		$(GO) test -run='^$$' -fuzz="^$$fn$$" -fuzztime=$(FUZZTIME_SHORT) $$pkg || exit 1; \
	done

## fuzz: a longer fuzz run of every target
fuzz:
	$(MAKE) fuzz-short FUZZTIME_SHORT=$(FUZZTIME_LONG)

## soak: the crash loop with 200 SIGKILLs of the real binary, with the
## lock off and on
soak:
	TRUSTWORK_CRASH_KILLS=200 $(GO) test -count=1 -timeout 180m -run '^TestCrashLoop(Locked)?$$' -v ./internal/e2e/

## bench: every benchmark, summarised in one table (see BENCHMARKS.md):
## builds trustwork and a minimal Bubble Tea program, generates the S/M/L
## journals in a temporary directory, runs the Go benchmarks (-count 5)
## and the whole-process runs (medians of 7). About 5 minutes on 2 cores.
BENCH_FLAGS ?= -count 5 -runs 7
bench:
	$(GO) run ./internal/bench/cmd/benchreport $(BENCH_FLAGS)

clean:
	rm -rf bin
