# Friendly verbs over CMake (CMakeLists.txt is the one source of truth).
#   make                      build everything (optimized, -march=native)
#   make chapters             build and run every chapter, in the notes' order (only the
#                             chapter programs are built: about a minute the first time)
#   make chapter-adam         build and run one chapter; flags: ARGS="--beta1 0.8"
#   make test                 build and run the whole CTest suite
#   make test-sanitize        the suite under AddressSanitizer + UBSan (build-sanitize/)
#   make figures              redraw every chapter's figures into its folder
#   make exercise-adam        the Adam exercise: writes your copy of the chapter's header
#                             with its equations blanked (chapters/05-adam/exercise/adam.hpp)
#                             if missing, and checks it (exit 0 when every equation is right)
#   make exercise-reset-adam  start that exercise over (your copy is kept as a backup)
#   make chapter-adam EXERCISE=1  run the chapter program on your exercise copy
#   make bench                the update-loop benchmark (not part of the tests)
#   make compare-torch        the project beside PyTorch and NumPy, one process, one thread
#                             (tests/bench/compare_torch.py; needs PYTHON with torch and numpy)
#   make reference            run every reference case (tests/reference/cases/) in double
#                             and in float
#   make fuzz                 fuzz the CSV, flag and reference readers (clang++; FUZZ_SECONDS=60)
#   make clean                remove the build folders
# Variables: CXX=clang++ picks the compiler, PORTABLE=ON builds without -march=native,
# BUILD=folder changes the build folder, PYTHON=python3 the interpreter of compare-torch.

SHELL    := /bin/bash
BUILD    ?= build
PORTABLE ?= OFF
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)
ARGS     ?=
FUZZ_SECONDS ?= 60
PYTHON   ?= python3

CHAPTER_DIRS := $(sort $(wildcard chapters/[0-9][0-9]-*))
CHAPTER_NAMES := $(foreach d,$(CHAPTER_DIRS),$(shell echo $(notdir $(d)) | sed 's/^[0-9]*-//'))

.PHONY: all build configure chapters test test-sanitize check-exercises figures bench reference \
        compare-torch fuzz clean help
.DEFAULT_GOAL := all

all: build

help:
	@sed -n '2,/^$$/p' Makefile | sed '$$d; s/^# \{0,1\}//'

# Quiet: the first line a verb prints is its own (the configure output is in a log).
$(BUILD)/CMakeCache.txt:
	@mkdir -p $(BUILD)
	@cmake -S . -B $(BUILD) -DPORTABLE=$(PORTABLE) -DCMAKE_CXX_COMPILER=$(CXX) \
	  > $(BUILD)/configure.log 2>&1 || { cat $(BUILD)/configure.log; exit 2; }

configure: $(BUILD)/CMakeCache.txt

build: configure
	cmake --build $(BUILD) -j $(JOBS)

# The chapter programs only (no tests, no bench), their build output kept in a log. The
# first chapter is built and run while the other six build behind it.
FIRST_CHAPTER := $(firstword $(CHAPTER_NAMES))
OTHER_CHAPTERS := $(wordlist 2,$(words $(CHAPTER_NAMES)),$(CHAPTER_NAMES))
BUILD_LOG = $(BUILD)/build-chapters.log
# A failed build of the programs: its first errors, where the whole log is, exit status 2.
build_failed = { grep -E "error|Error" $(1) | head -20; echo "the build failed (log: $(1))"; exit 2; }

chapters: configure
	@echo "building chapter-$(FIRST_CHAPTER) (build log: $(BUILD_LOG))"
	@cmake --build $(BUILD) -j $(JOBS) --target chapter-$(FIRST_CHAPTER) > $(BUILD_LOG) 2>&1 || \
	  $(call build_failed,$(BUILD_LOG))
	@set -eo pipefail; mkdir -p $(BUILD)/chapters; \
	( if cmake --build $(BUILD) -j $(JOBS) --target $(addprefix chapter-,$(OTHER_CHAPTERS)) \
	    >> $(BUILD_LOG) 2>&1; then echo 0; else echo 1; fi > $(BUILD)/build-chapters.status ) & \
	for name in $(CHAPTER_NAMES); do \
	  if [ $$name = $(word 2,$(CHAPTER_NAMES)) ]; then \
	    wait; \
	    if [ "$$(cat $(BUILD)/build-chapters.status)" != 0 ]; then \
	      $(call build_failed,$(BUILD_LOG)); \
	    fi; \
	  fi; \
	  printf '\n==================== chapter-%s ====================\n\n' $$name; \
	  ./$(BUILD)/chapter-$$name | tee $(BUILD)/chapters/$$name.txt; \
	done; \
	printf '\n==================== what the seven chapters showed ====================\n'; \
	for name in $(CHAPTER_NAMES); do \
	  printf '\nchapter-%s (all of it: %s/chapters/%s.txt)\n' $$name $(BUILD) $$name; \
	  sed -n '/^What this run showed/,/^$$/p' $(BUILD)/chapters/$$name.txt | sed '1d; /^$$/d'; \
	done

ifeq ($(EXERCISE),1)
# make chapter-adam EXERCISE=1: the chapter program built on your exercise copy.
chapter-%: exercise-tool
	@./$(EXERCISE_TOOL) create $*
	@cmake --build $(BUILD) -j $(JOBS) --target chapter-$*-exercise > $(BUILD)/build-chapter-$*.log 2>&1 || \
	  { ./$(EXERCISE_TOOL) condense $* $(BUILD)/build-chapter-$*.log; exit 2; }
	@./$(BUILD)/chapter-$*-exercise $(ARGS)
else
chapter-%: configure
	@cmake --build $(BUILD) -j $(JOBS) --target chapter-$* > $(BUILD)/build-chapter-$*.log 2>&1 || \
	  { if grep -q "No rule to make target" $(BUILD)/build-chapter-$*.log; then \
	      echo "no chapter called '$*'; the chapters are: $(CHAPTER_NAMES)"; \
	    else $(call build_failed,$(BUILD)/build-chapter-$*.log); fi; exit 2; }
	./$(BUILD)/chapter-$* $(ARGS)
endif

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -LE exercises

test-sanitize:
	cmake -S . -B build-sanitize -DSANITIZE=ON -DPORTABLE=$(PORTABLE) -DCMAKE_CXX_COMPILER=$(CXX)
	cmake --build build-sanitize -j $(JOBS)
	cd build-sanitize && ctest --output-on-failure -j $(JOBS) -LE exercises

# CI: each checker passes the real header, counts nothing right on the blanked copy, and
# names every known mistake (tests/exercises/<name>.mistakes).
check-exercises: build
	cmake --build $(BUILD) -j $(JOBS) --target exercise-tests
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -L exercises

figures: configure
	@cmake --build $(BUILD) -j $(JOBS) --target $(addprefix chapter-,$(CHAPTER_NAMES)) > \
	  $(BUILD_LOG) 2>&1 || $(call build_failed,$(BUILD_LOG))
	@set -e; for d in $(CHAPTER_DIRS); do \
	  name=$$(basename $$d | sed 's/^[0-9]*-//'); \
	  echo "chapter-$$name -> $$d/figures"; \
	  ./$(BUILD)/chapter-$$name --out $$d/figures > /dev/null; \
	done

# The exercises (tests/exercises/): the tool writes and resets the learner's copies.
EXERCISE_TOOL = $(BUILD)/tests/exercise-tool
exercise-tool: configure
	@cmake --build $(BUILD) --target exercise-tool > $(BUILD)/exercise-tool.log 2>&1 || \
	  $(call build_failed,$(BUILD)/exercise-tool.log)

exercise-reset-%: exercise-tool
	@./$(EXERCISE_TOOL) reset $*

# Writes the copy if it is missing, builds the checker against it and runs it: exit 0 when
# every equation is right, 1 otherwise, 2 when the copy does not compile.
exercise-%: exercise-tool
	@./$(EXERCISE_TOOL) create $*
	@cmake --build $(BUILD) -j $(JOBS) --target exercise-check-$* > $(BUILD)/exercise-$*.log 2>&1 || \
	  { ./$(EXERCISE_TOOL) condense $* $(BUILD)/exercise-$*.log; exit 2; }
	@./$(BUILD)/tests/exercise-check-$*

bench: configure
	cmake --build $(BUILD) -j $(JOBS) --target bench
	./$(BUILD)/bench $(ARGS)

# Builds tests/bench/capi.cpp into $(BUILD)/compare-torch/ and runs the comparison; without
# torch or numpy it says what to install and exits 0.
compare-torch:
	$(PYTHON) tests/bench/compare_torch.py --build-dir $(BUILD)/compare-torch $(ARGS)

reference: configure
	cmake --build $(BUILD) -j $(JOBS) --target reference-check
	./$(BUILD)/reference-check tests/reference/cases/*.txt
	./$(BUILD)/reference-check --float tests/reference/cases/*.txt

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
