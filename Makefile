# Chartroom. The two commands a newcomer needs:
#   make demo   build, load the sample MPI, ingest the sample batches, serve
#   make test   every test, with real Tesseract
SHELL := /bin/bash
export PATH := /usr/local/go/bin:$(PATH)
# Tesseract parallelism comes from Chartroom's worker pool, one thread each.
export OMP_THREAD_LIMIT := 1
export MALLOC_ARENA_MAX := 2

BIN  := bin/chartroom
DATA ?= ./data
ADDR ?= 127.0.0.1:8080

.PHONY: deps build demo test test-short bench samples clean eval refile

deps:
	@scripts/deps.sh

build: deps
	go build -o $(BIN) ./cmd/chartroom

demo: build
	$(BIN) patients import --data $(DATA) samples/mpi.csv
	$(BIN) ingest --data $(DATA) samples/batches/*
	@echo
	@echo "Example searches (both return hits):"
	@echo "  $(BIN) search --data $(DATA) --addr $(ADDR) cholecystectomy"
	@echo "  $(BIN) search --data $(DATA) --addr $(ADDR) '+potassium +type:11502-2'"
	@echo "  curl -s 'http://$(ADDR)/api/v1/search?q=metoprolol'"
	@echo
	$(BIN) serve --data $(DATA) --addr $(ADDR)

# The tests run against a real MinIO server, built once from its Go module
# (about 10 minutes the first time) and started for the run.
test: deps
	go vet ./...
	scripts/minio.sh run go test -count=1 -timeout 30m ./...

# Fast unit tests only (no Tesseract-heavy end-to-end runs).
test-short:
	go test -short ./...

bench: deps
	scripts/minio.sh run go test -run '^$$' -bench . -benchmem -timeout 60m ./...
	scripts/measure-ingest.sh

samples:
	go run ./samples/generate -out samples

clean:
	rm -rf bin $(DATA)

# Filing quality on a freshly generated labelled set (EVAL_DOCS documents,
# EVAL_SEED seed): boundaries, types, patients, review, misfiles, calibration.
# The OCR'd pages stay in /tmp/chartroom-eval/data, so filing changes can be
# scored again in seconds with `make refile`.
EVAL_DOCS ?= 200
EVAL_SEED ?= $(shell date +%s)
eval: build
	rm -rf /tmp/chartroom-eval && go run ./samples/generate -eval $(EVAL_DOCS) -seed $(EVAL_SEED) -out /tmp/chartroom-eval
	$(BIN) eval --data /tmp/chartroom-eval/data --truth /tmp/chartroom-eval/truth.json --mpi /tmp/chartroom-eval/mpi.csv /tmp/chartroom-eval/batches/*

refile: build
	$(BIN) eval --refile --data /tmp/chartroom-eval/data --truth /tmp/chartroom-eval/truth.json
