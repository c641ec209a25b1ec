# Friendly verbs over CMake (CMakeLists.txt is the one source of truth).
#   make                      build everything (optimized, -march=native)
#   make chapters             build and run every chapter, in the notes' order
#   make chapter-adam         build and run one chapter; flags: ARGS="--beta1 0.8"
#   make test                 build and run the whole CTest suite
#   make test-sanitize        the suite under AddressSanitizer + UBSan (build-sanitize/)
#   make figures              redraw every chapter's figures into its folder
#   make exercise-adam        run a chapter's tests against your copy in its exercise/ folder
#   make exercise-reset-adam  start that exercise over
#   make bench                the update-loop benchmark (not part of the tests)
#   make fuzz                 fuzz the CSV, flag and reference readers (clang++; FUZZ_SECONDS=20)
#   make clean                remove the build folders
# Variables: CXX=clang++ picks the compiler, PORTABLE=ON builds without -march=native,
# BUILD=folder changes the build folder.

BUILD    ?= build
PORTABLE ?= OFF
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)
ARGS     ?=
FUZZ_SECONDS ?= 20

CHAPTER_DIRS := $(sort $(wildcard chapters/[0-9][0-9]-*))
CHAPTER_NAMES := $(foreach d,$(CHAPTER_DIRS),$(shell echo $(notdir $(d)) | sed 's/^[0-9]*-//'))

.PHONY: all build configure chapters test test-sanitize check-exercises figures bench fuzz clean help
.DEFAULT_GOAL := all

all: build

help:
	@sed -n '2,13p' Makefile | sed 's/^# \{0,1\}//'

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DPORTABLE=$(PORTABLE) -DCMAKE_CXX_COMPILER=$(CXX)

configure: $(BUILD)/CMakeCache.txt

build: configure
	cmake --build $(BUILD) -j $(JOBS)

chapters: build
	@set -e; for name in $(CHAPTER_NAMES); do \
	  printf '\n==================== chapter-%s ====================\n\n' $$name; \
	  ./$(BUILD)/chapter-$$name; \
	done

chapter-%: configure
	@cmake --build $(BUILD) -j $(JOBS) --target chapter-$* >/dev/null || \
	  { echo "no chapter called '$*'; the chapters are: $(CHAPTER_NAMES)"; \
	    cmake --build $(BUILD) -j $(JOBS) --target chapter-$* 2>&1 | tail -20; exit 2; }
	./$(BUILD)/chapter-$* $(ARGS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -LE exercises

test-sanitize:
	cmake -S . -B build-sanitize -DSANITIZE=ON -DPORTABLE=$(PORTABLE) -DCMAKE_CXX_COMPILER=$(CXX)
	cmake --build build-sanitize -j $(JOBS)
	cd build-sanitize && ctest --output-on-failure -j $(JOBS) -LE exercises

# CI: the exercise copies are current, and untouched they fail what they should.
check-exercises: build
	cd $(BUILD) && ctest --output-on-failure -L exercises

figures: build
	@set -e; for d in $(CHAPTER_DIRS); do \
	  name=$$(basename $$d | sed 's/^[0-9]*-//'); \
	  echo "chapter-$$name -> $$d/figures"; \
	  ./$(BUILD)/chapter-$$name --out $$d/figures > /dev/null; \
	done

exercise-reset-%: configure
	cmake --build $(BUILD) --target exercise-reset-$*

exercise-%: configure
	@cmake --build $(BUILD) -j $(JOBS) --target test-$*-exercise > $(BUILD)/exercise-$*.log 2>&1 || \
	  { grep -E "error|No rule" $(BUILD)/exercise-$*.log | head -20; \
	    echo "exercise-$* does not build (see above; full log: $(BUILD)/exercise-$*.log)"; exit 2; }
	./$(BUILD)/tests/test-$*-exercise

bench: configure
	cmake --build $(BUILD) -j $(JOBS) --target bench
	./$(BUILD)/bench $(ARGS)

fuzz:
	cmake -S . -B build-fuzz -DFUZZ=ON -DCMAKE_CXX_COMPILER=clang++
	cmake --build build-fuzz -j $(JOBS)
	@set -e; for t in csv cli reference; do \
	  mkdir -p build-fuzz/corpus/$$t; \
	  echo "== fuzz-$$t for $(FUZZ_SECONDS) s"; \
	  ./build-fuzz/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    -artifact_prefix=build-fuzz/ \
	    build-fuzz/corpus/$$t tests/fuzz/corpus/$$t > build-fuzz/fuzz-$$t.log 2>&1 || \
	    { tail -n 40 build-fuzz/fuzz-$$t.log; exit 1; }; \
	  grep -E "^stat::number_of_executed_units|^stat::average_exec_per_sec|^Done" build-fuzz/fuzz-$$t.log; \
	done

clean:
	rm -rf build build-sanitize build-fuzz
