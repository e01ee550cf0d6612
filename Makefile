# Thin wrapper over meson/ninja for the README's commands. See docs/architecture.md.
#   make        build build/taxiang (release)
#   make run    install missing packages, build, create taxiang.db with the demo, serve on :8080
#   make test   every test (unit, HTTP, browser, fuzz) under ASan+UBSan; ends "tests: N passed, N failed"
#   make bench  benchmarks; writes bench/results/latest.md

BUILD ?= build
TEST_BUILD ?= build-test
DB ?= taxiang.db
LISTEN ?= 127.0.0.1:8080

.PHONY: all run test bench clean deps

all: $(BUILD)/build.ninja
	@ninja -C $(BUILD) taxiang

$(BUILD)/build.ninja:
	@scripts/deps.sh build
	meson setup $(BUILD) --buildtype=release

deps:
	@scripts/deps.sh build

run:
	@scripts/run.sh "$(DB)" "$(LISTEN)"

test:
	@scripts/test.sh

bench:
	@scripts/bench.sh

clean:
	rm -rf $(BUILD) $(TEST_BUILD) build-fuzz
