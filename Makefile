# SPDX-License-Identifier: GPL-3.0-or-later
# ownsim — build, test and demo.  `make demo` and `make test` work on a fresh
# Debian machine: both first run `deps`, which installs missing packages.

CC      ?= gcc
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Werror
# Link-time optimisation lets the engine, the replay and the statistics
# inline across files while their headers stay opaque (docs/performance.md).
# gcc only: its objects need gcc-ar; another compiler builds without it.
# The objects are fat (-ffat-lto-objects: the optimiser's IR and ordinary
# code): ownsim and the benchmarks link with LTO, the test programs
# (ownsim-oom too) without it (NOLTO), from the same objects.  An LTO link
# re-optimises every object it pulls in, and the test programs' links had
# become most of `make test`'s build: 78 s of CPU for unit-tests alone,
# about 190 s for all of them (docs/design.md "Tests").  Compiling the
# ordinary code runs gcc's format-truncation analysis, which slim LTO
# objects never reached: it finds snprintf calls whose output may be cut
# (the ASan build, -O1, always showed them, as warnings: so here too).
ifneq ($(shell $(CC) --version 2>/dev/null | grep -c 'Free Software Foundation'),0)
LTO     := -flto=auto -ffat-lto-objects -Wno-error=format-truncation
NOLTO   := -fno-lto
AR      := gcc-ar
endif
OPT     ?= -O3 -g $(LTO)
SAN     ?=
CFLAGS  := $(CSTD) $(WARN) $(OPT) $(SAN) -Iinclude -MMD -MP
# Where `make install` puts things (README, "Install").  The binary finds its
# data relative to its own place (src/util/datadir.c); DATADIR, compiled in,
# is only the last place it tries.  DESTDIR stages an install (packaging).
PREFIX  ?= /usr/local
DESTDIR ?=
DATADIR := $(PREFIX)/share/ownsim
LDLIBS  := -lgsl -lgslcblas -lcsv -linih -lnettle -ldl -lpthread -lm
BUILD   ?= build

DEBS    := libgsl-dev libcsv-dev libcriterion-dev libinih-dev nettle-dev libical-dev pkg-config gnuplot-nox parallel tzdata groff-base
BENCH_DEBS := python3-simpy python3-simpy3
# only make test-browser needs these (the brief in a real browser, its PDF)
BROWSER_DEBS := chromium-headless-shell poppler-utils python3 fonts-dejavu-core
FUZZ_DEBS := clang libclang-rt-14-dev
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

LIB_SRC  := $(sort $(wildcard src/*/*.c))
LIB_SRC  := $(filter-out src/cli/%,$(LIB_SRC))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/*.c))
# every command-line test script (lib.sh is sourced by them, not run); the
# slowest first, so that two at a time (tests/run_parallel.sh) do not end
# with one long script alone on a core (times from `make test`'s own
# report, "== SCRIPT (N s, ...)"; the order only affects the time)
CLI_SLOW  := $(addprefix tests/cli/,options.sh known_truth.sh errors.sh fit_into.sh fit.sh plot.sh \
               big_scenario.sh merge_scale.sh plot_layout.sh metrics_all.sh)
CLI_TESTS := $(CLI_SLOW) $(filter-out tests/cli/lib.sh $(CLI_SLOW),$(sort $(wildcard tests/cli/*.sh)))
# scripts run at once by make test (and make asan): every core
TEST_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# a recipe's sub-make that builds uses every core unless the caller chose
# (`make -jN ...`, whose jobserver it then shares): CI and the README call
# plain `make test`, and a serial build left a core idle for most of a
# minute in each of make test, make asan and make oom
SUBJ = $(if $(filter -j%,$(MAKEFLAGS)),,-j$(TEST_JOBS))

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)
HEADERS  := $(sort $(wildcard include/ownsim/*.h))
HDR_CHK  := $(HEADERS:include/ownsim/%.h=$(BUILD)/hdrcheck/%.o)

.PHONY: FORCE all deps bench-deps fuzz-deps test demo asan valgrind valgrind-full bench bench-side clean check-headers check-docs metric-docs \
        expect-docs keys-docs \
        fuzz fuzz-smoke fuzz-replay oom test-browser test-calibrate \
        man install uninstall deb test-deb
all: $(BUILD)/ownsim

# Install what is missing of a list of Debian packages; a no-op when
# everything is there.
define install_missing
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call install_missing,$(DEBS))

# only the benchmarks need these (SimPy for the side-by-side: Debian's
# python3-simpy is SimPy 2.3, python3-simpy3 SimPy 3.0)
bench-deps: deps
	$(call install_missing,$(BENCH_DEBS))

# Objects are rebuilt when the compiler or its flags change (OPT, SAN, ...):
# an LTO object mixed with plain ones would silently lose the optimisation.
$(BUILD)/cflags.txt: FORCE
	@mkdir -p $(BUILD)
	@echo '$(CC) $(CFLAGS)' | cmp -s - $@ || echo '$(CC) $(CFLAGS)' > $@
FORCE:

$(BUILD)/%.o: %.c $(BUILD)/cflags.txt
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

# The build recorded in every provenance.ini (docs/output.md): the compiler
# and `git describe`, read here, never from the network.  Only provenance.o
# depends on it, so a new commit rebuilds one file.
BUILD_CC  := $(shell $(CC) --version 2>/dev/null | head -1 | tr -d "\"'\\;")
BUILD_GIT := $(shell git describe --always --dirty 2>/dev/null | tr -d "\"'\\;")
$(BUILD)/buildid.txt: FORCE
	@mkdir -p $(BUILD)
	@printf '%s\n%s\n' '$(BUILD_CC)' '$(BUILD_GIT)' | cmp -s - $@ || \
	  printf '%s\n%s\n' '$(BUILD_CC)' '$(BUILD_GIT)' > $@

$(BUILD)/src/output/provenance.o: src/output/provenance.c $(BUILD)/cflags.txt $(BUILD)/buildid.txt
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DOWNSIM_BUILD_CC='"$(or $(BUILD_CC),unknown)"' \
	  -DOWNSIM_BUILD_GIT='"$(or $(BUILD_GIT),unknown)"' -c $< -o $@

# The install prefix's data folder, the last place the binary looks for its
# gnuplot scripts and holiday lists (include/ownsim/datadir.h); a change of
# PREFIX rebuilds this one file.
$(BUILD)/datadir.txt: FORCE
	@mkdir -p $(BUILD)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@

$(BUILD)/src/util/datadir.o: src/util/datadir.c $(BUILD)/cflags.txt $(BUILD)/datadir.txt
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DOWNSIM_DATADIR='"$(DATADIR)"' -c $< -o $@

# The per-incident sums in point.c read a record whose fields were stored
# one by one a moment before; vectorised, those reads span two fresh stores
# and stall on store forwarding (3% of the M/M/c benchmark).
$(BUILD)/src/run/point.o: private CFLAGS += -fno-tree-vectorize

$(BUILD)/libownsim.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

$(BUILD)/ownsim: $(CLI_OBJ) $(BUILD)/libownsim.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libownsim.a $(LDLIBS)

$(BUILD)/unit-tests: $(TEST_OBJ) $(BUILD)/libownsim.a
	$(CC) $(CFLAGS) $(NOLTO) -o $@ $(TEST_OBJ) $(BUILD)/libownsim.a -lcriterion $(LDLIBS)

# tests/metric: the metric table compiled with one test-only row, in its own
# binary (linked before the library, its copy of metric.c is the one every
# module calls; the row would show in the other tests' CSVs), and the
# generator of the metric reference in docs/output.md.
$(BUILD)/metric-extra-tests: tests/metric/test_extra_metric.c src/stats/metric.c $(HEADERS) \
                             $(BUILD)/libownsim.a
	$(CC) $(CFLAGS) $(NOLTO) -o $@ $< $(BUILD)/libownsim.a -lcriterion $(LDLIBS)

$(BUILD)/metric-doc: tests/metric/metric_doc.c $(BUILD)/libownsim.a
	$(CC) $(CFLAGS) $(NOLTO) -o $@ $< $(BUILD)/libownsim.a $(LDLIBS)

# Plausibility as a test: what scenarios/default.ini implies against the
# ranges of scenarios/default.expect.csv, and the table docs/model.md carries
# from that file (tests/implied/implied_expect.c).
$(BUILD)/implied-expect: tests/implied/implied_expect.c $(BUILD)/libownsim.a
	$(CC) $(CFLAGS) $(NOLTO) -o $@ $< $(BUILD)/libownsim.a $(LDLIBS)

# ownsim with the allocation-failure hook linked in (tests/oom/failmalloc.c,
# docs/design.md "Out of memory"): for `make oom` only, never installed.
# The hook is built without LTO and without builtins (it defines malloc), and
# not instrumented by ASan: it runs before ASan's shadow memory exists; in an
# ASan build it forwards to ASan's allocator (FAILMALLOC_ASAN).  Linked
# without LTO, as the other test programs (the same source paths; its LTO
# link was 20 s of make oom).
$(BUILD)/tests/oom/failmalloc.o: private CFLAGS += -fno-lto -fno-builtin -fno-sanitize=all \
  $(if $(findstring address,$(SAN)),-DFAILMALLOC_ASAN)
$(BUILD)/tests/oom/failmalloc.o: Makefile
$(BUILD)/ownsim-oom: $(CLI_OBJ) $(BUILD)/tests/oom/failmalloc.o $(BUILD)/libownsim.a
	$(CC) $(CFLAGS) $(NOLTO) -o $@ $(CLI_OBJ) $(BUILD)/tests/oom/failmalloc.o $(BUILD)/libownsim.a $(LDLIBS)

# Writes a synthetic ticket export with known parameters (import tests).
$(BUILD)/gen-tickets: tests/import/gen_tickets.c $(BUILD)/libownsim.a
	$(CC) $(CFLAGS) $(NOLTO) -o $@ $< $(BUILD)/libownsim.a $(LDLIBS)

# Writes the folders of a sharded synthetic sweep, a thousand from one process
# (tests/cli/merge_scale.sh finds it beside $(BUILD)/ownsim; docs/sweeps.md
# measures merge's memory with it).
$(BUILD)/gen-shards: tests/sweep/gen_shards.c src/sweep/sweep_int.h $(BUILD)/libownsim.a
	$(CC) $(CFLAGS) $(NOLTO) -o $@ $< $(BUILD)/libownsim.a $(LDLIBS)

# Each public header must compile on its own.
$(BUILD)/hdrcheck/%.o: include/ownsim/%.h
	@mkdir -p $(dir $@)
	printf '#include "ownsim/%s.h"\n' $* | $(CC) $(CFLAGS) -x c -c - -o $@

check-headers: $(HDR_CHK)

test: deps
	tests/lint/layers.sh
	tests/lint/long_functions.sh
	tests/lint/spdx.sh
	$(MAKE) --no-print-directory $(SUBJ) check-headers $(BUILD)/ownsim $(BUILD)/unit-tests $(BUILD)/gen-tickets \
	  $(BUILD)/gen-shards \
	  $(BUILD)/metric-extra-tests $(BUILD)/implied-expect
	OWNSIM=$(BUILD)/ownsim $(BUILD)/unit-tests --jobs 2
	$(BUILD)/metric-extra-tests --jobs 2
	@echo "OWNSIM=$(BUILD)/ownsim GEN=$(BUILD)/gen-tickets EXPECT=$(BUILD)/implied-expect, $(TEST_JOBS) at a time:"
	@OWNSIM=$(BUILD)/ownsim GEN=$(BUILD)/gen-tickets EXPECT=$(BUILD)/implied-expect \
	  tests/run_parallel.sh $(TEST_JOBS) $(CLI_TESTS)
	$(BUILD)/implied-expect check scenarios/default.ini scenarios/default.expect.csv
	$(MAKE) --no-print-directory $(SUBJ) fuzz-replay BUILD=$(BUILD) OPT="$(OPT)" SAN="$(SAN)"
	@$(MAKE) --no-print-directory check-docs BUILD=$(BUILD)

# calibrate's default set on ten known-truth histories (issue 24 item 5,
# tests/calibrate/known_truth_all.sh): minutes of CPU, so apart from
# `make test`; CI runs it once.
test-calibrate: deps
	$(MAKE) --no-print-directory $(SUBJ) $(BUILD)/ownsim
	OWNSIM=$(BUILD)/ownsim tests/calibrate/known_truth_all.sh

# `ownsim report` in headless Chromium: screenshot not blank, SVG text boxes
# inside their canvas and not overlapping (measured in the browser), no
# script runs, the PDF's pages and text (docs/report.md).  Apart from
# `make test`: it installs a browser.
test-browser: deps
	$(call install_missing,$(BROWSER_DEBS))
	$(MAKE) --no-print-directory $(SUBJ) $(BUILD)/ownsim
	OWNSIM=$(BUILD)/ownsim tests/browser/report.sh

# docs/scenario.md carries the key reference that `ownsim keys` prints,
# docs/output.md the metric reference that build/metric-doc prints
# (`make metric-docs` rewrites it), and docs/model.md the table of
# scenarios/default.expect.csv (`make expect-docs` rewrites it).
check-docs: $(BUILD)/ownsim $(BUILD)/metric-doc $(BUILD)/implied-expect
	@$(BUILD)/ownsim keys > $(BUILD)/keys.md
	@sed -n '/<!-- BEGIN KEYS -->/,/<!-- END KEYS -->/p' docs/scenario.md | sed '1d;$$d' > $(BUILD)/keys-doc.md
	@if cmp -s $(BUILD)/keys.md $(BUILD)/keys-doc.md; then echo "ok - docs/scenario.md key reference matches 'ownsim keys'"; \
	 else echo "not ok - docs/scenario.md key reference is stale: run 'make keys-docs'"; \
	      diff $(BUILD)/keys-doc.md $(BUILD)/keys.md | head -20; exit 1; fi
	@$(BUILD)/metric-doc > $(BUILD)/metrics.md
	@sed -n '/<!-- BEGIN METRICS -->/,/<!-- END METRICS -->/p' docs/output.md | sed '1d;$$d' > $(BUILD)/metrics-doc.md
	@if [ -s $(BUILD)/metrics.md ] && cmp -s $(BUILD)/metrics.md $(BUILD)/metrics-doc.md; then \
	   echo "ok - docs/output.md metric reference matches the metric table"; \
	 else echo "not ok - docs/output.md metric reference is stale: run 'make metric-docs'"; \
	      diff $(BUILD)/metrics-doc.md $(BUILD)/metrics.md | head -20; exit 1; fi
	@$(BUILD)/implied-expect markdown scenarios/default.expect.csv > $(BUILD)/expect.md
	@sed -n '/<!-- BEGIN EXPECT -->/,/<!-- END EXPECT -->/p' docs/model.md | sed '1d;$$d' > $(BUILD)/expect-doc.md
	@if [ -s $(BUILD)/expect.md ] && cmp -s $(BUILD)/expect.md $(BUILD)/expect-doc.md; then \
	   echo "ok - docs/model.md expected ranges match scenarios/default.expect.csv"; \
	 else echo "not ok - docs/model.md expected ranges are stale: run 'make expect-docs'"; \
	      diff $(BUILD)/expect-doc.md $(BUILD)/expect.md | head -20; exit 1; fi

# Rewrite the table of expected ranges in docs/model.md from the file.
expect-docs: $(BUILD)/implied-expect
	$(BUILD)/implied-expect markdown scenarios/default.expect.csv > $(BUILD)/expect.md
	awk -v gen=$(BUILD)/expect.md '/<!-- END EXPECT -->/ { skip = 0 } !skip { print } \
	  /<!-- BEGIN EXPECT -->/ { while ((getline l < gen) > 0) print l; skip = 1 }' \
	  docs/model.md > $(BUILD)/model.md && mv $(BUILD)/model.md docs/model.md

# Rewrite the key reference in docs/scenario.md from the key table.
keys-docs: $(BUILD)/ownsim
	$(BUILD)/ownsim keys > $(BUILD)/keys.md
	awk -v gen=$(BUILD)/keys.md '/<!-- END KEYS -->/ { skip = 0 } !skip { print } \
	  /<!-- BEGIN KEYS -->/ { while ((getline l < gen) > 0) print l; skip = 1 }' \
	  docs/scenario.md > $(BUILD)/scenario.md && mv $(BUILD)/scenario.md docs/scenario.md

# Rewrite the metric reference in docs/output.md from the table.
metric-docs: $(BUILD)/metric-doc
	$(BUILD)/metric-doc > $(BUILD)/metrics.md
	awk -v gen=$(BUILD)/metrics.md '/<!-- END METRICS -->/ { skip = 0 } !skip { print } \
	  /<!-- BEGIN METRICS -->/ { while ((getline l < gen) > 0) print l; skip = 1 }' \
	  docs/output.md > $(BUILD)/output.md && mv $(BUILD)/output.md docs/output.md

# Same suite under AddressSanitizer and UBSan, in its own build tree.  At -O1
# gcc's -Wformat-truncation (a value-range heuristic) flags snprintf calls
# whose truncation is checked or impossible (paths under a bounded temporary
# folder, "key%d" names), which -O3 proves safe: it stays a warning here and
# an error in the normal build.
ASAN_OPT := -O1 -g -Wno-error=format-truncation
ASAN_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
asan:
	$(MAKE) --no-print-directory test BUILD=build-asan OPT="$(ASAN_OPT)" SAN="$(ASAN_SAN)"

# Out-of-memory fault injection (tests/oom/sweep.sh, docs/design.md "Out of
# memory"): the N-th allocation fails, for N over a small run, the same run
# replacing a folder, a load, a 3-point sweep, a goal seek, a sensitivity
# and an uncertainty study, run --precision and report (HTML).  The native
# build with allocation N failing alone, then with every later one; the
# ASan build (leaks) with N alone, sampled more thinly (its runs cost 3
# times as much).  Not under valgrind, which replaces malloc itself.  About
# a minute and a half on 2 cores; CI runs it once.  OOM_FULL=1 tries every
# N (a quarter of an hour).
oom: deps
	$(MAKE) --no-print-directory $(SUBJ) $(BUILD)/ownsim-oom
	OWNSIM=$(BUILD)/ownsim-oom tests/oom/sweep.sh
	OWNSIM=$(BUILD)/ownsim-oom OOM_PERSIST=1 tests/oom/sweep.sh
	$(MAKE) --no-print-directory $(SUBJ) build-asan/ownsim-oom BUILD=build-asan OPT="$(ASAN_OPT)" SAN="$(ASAN_SAN)"
	OWNSIM=build-asan/ownsim-oom OOM_DENSE=100 OOM_SAMPLES=100 tests/oom/sweep.sh

# Under valgrind memcheck: memory errors and definite or indirect leaks
# fail it.  What valgrind adds to the ASan run (which covers the whole
# suite) is reads of uninitialised memory.  Its cost is set by Criterion:
# every test runs in a fresh exec of the test binary, and memcheck takes
# about 2.7 s of CPU to start one (translating the start-up of ~25 shared
# libraries; measured: a trivial Criterion test costs 1.7 s), so the whole
# suite took 11 minutes on 2 cores, half of .ci/run's budget, nearly all of
# it start-up (docs/design.md "Tests").  make valgrind therefore runs
#  - ownsim itself under memcheck through tests/cli/run.sh and
#    tests/cli/sweep.sh: the whole path from scenario to
#    written results (load, replay, engine, calendar, statistics, output,
#    sweeps) with real inputs;
#  - the unit suites of the readers of outside input that those two
#    scripts do not reach (CSV, import, distributions' text and files, INI,
#    numbers, quoting, calendars and holiday files): VALGRIND_SUITES_A
#    and _B (each name checked to be a suite: a filter that matches
#    nothing would pass silently).
# make valgrind-full runs every unit suite under memcheck as well (about
# 12 minutes on 2 cores; not in .ci/run).
VALGRIND := valgrind --quiet --error-exitcode=99 --leak-check=full \
            --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
            --trace-children=yes
# in two halves of about 53 tests each, so that they run beside the two
# scripts, two memcheck processes at a time: sweep.sh (about 160 s under
# memcheck) then run.sh (55 s) on one core, the halves (about 120 s each)
# on the other
VALGRIND_SUITES_A := import|calendar|number
VALGRIND_SUITES_B := csvr|import_filter|dist_parse|dist_empirical|inifile|escape
# every suite but these (hundreds of replays, bootstrap refits and sampling
# runs of code the other suites already call: about 3 minutes) under
# valgrind-full
VALGRIND_SKIP := calibrate|fit_family|fit|dist_sampling
valgrind: deps
	$(MAKE) --no-print-directory $(SUBJ) $(BUILD)/ownsim $(BUILD)/unit-tests
	@for s in $(subst |, ,$(VALGRIND_SUITES_A) $(VALGRIND_SUITES_B)); do \
	  $(BUILD)/unit-tests --list | grep -q "^$$s: " || \
	    { echo "not ok - make valgrind: no unit suite $$s"; exit 1; }; done
	OWNSIM_REAL=$(CURDIR)/$(BUILD)/ownsim OWNSIM=tests/valgrind/ownsim-vg \
	  tests/run_parallel.sh $(TEST_JOBS) tests/cli/sweep.sh \
	  '$(VALGRIND) $(BUILD)/unit-tests --jobs 1 --filter @($(VALGRIND_SUITES_A))/*' \
	  '$(VALGRIND) $(BUILD)/unit-tests --jobs 1 --filter @($(VALGRIND_SUITES_B))/*' \
	  tests/cli/run.sh

valgrind-full: deps
	$(MAKE) --no-print-directory $(SUBJ) $(BUILD)/ownsim $(BUILD)/unit-tests
	$(VALGRIND) $(BUILD)/unit-tests --jobs $(TEST_JOBS) --filter '!($(VALGRIND_SKIP))/*'
	OWNSIM_REAL=$(CURDIR)/$(BUILD)/ownsim OWNSIM=tests/valgrind/ownsim-vg \
	  tests/run_parallel.sh $(TEST_JOBS) tests/cli/sweep.sh tests/cli/run.sh

demo: deps
	$(MAKE) --no-print-directory $(SUBJ) $(BUILD)/ownsim
	$(BUILD)/ownsim run scenarios/default.ini -o out/default
	$(BUILD)/ownsim plot out/default

# Benchmarks (timing lives here, never in the tests).
# make bench reports the targets of issue 26 (PASS/MISS, never fails on a
# MISS); make bench-side runs ownsim and SimPy on the same M/M/4 interleaved.
bench: bench-deps
	$(MAKE) --no-print-directory $(SUBJ) $(BUILD)/ownsim $(BUILD)/bench $(BUILD)/floor
	BENCH=$(BUILD)/bench OWNSIM=$(BUILD)/ownsim FLOOR=$(BUILD)/floor tests/bench/bench.sh

bench-side: bench-deps
	$(MAKE) --no-print-directory $(SUBJ) $(BUILD)/ownsim $(BUILD)/bench $(BUILD)/floor
	BENCH=$(BUILD)/bench OWNSIM=$(BUILD)/ownsim FLOOR=$(BUILD)/floor tests/bench/side_by_side.sh

$(BUILD)/bench: tests/bench/bench.c $(BUILD)/libownsim.a
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libownsim.a $(LDLIBS)

$(BUILD)/floor: tests/bench/floor.c $(BUILD)/cflags.txt
	$(CC) $(CFLAGS) -o $@ $< $(LDLIBS)

# ---- fuzzing ------------------------------------------------------------
# libFuzzer harnesses (clang) in tests/fuzz; `make test` replays their
# corpora and every crash kept in tests/fuzz/regressions with gcc.
FUZZERS   := scenario dist override outages import empirical
FUZZ_TIME ?= 600
FUZZ_CC   := clang
FUZZ_FLAGS := $(CSTD) -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude -Itests/fuzz
# the library once for every harness (instrumented for coverage, without
# libFuzzer's main), not once per harness: CI's fuzz stage built it six times
FUZZ_LIB_FLAGS := $(CSTD) -g -O1 -fsanitize=fuzzer-no-link,address,undefined -Iinclude
FUZZ_OBJ  := $(LIB_SRC:%.c=build-fuzz/%.o)
.SECONDARY: $(FUZZ_OBJ)

fuzz-deps:
	$(call install_missing,$(FUZZ_DEBS))

build-fuzz/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_LIB_FLAGS) -MMD -MP -c $< -o $@

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_util.h $(FUZZ_OBJ)
	@mkdir -p build-fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(FUZZ_OBJ) $(LDLIBS)

$(BUILD)/fuzz-replay-%: tests/fuzz/fuzz_%.c tests/fuzz/replay_main.c $(BUILD)/libownsim.a
	$(CC) $(CFLAGS) $(NOLTO) -Itests/fuzz -o $@ $< tests/fuzz/replay_main.c $(BUILD)/libownsim.a $(LDLIBS)

fuzz-replay: $(FUZZERS:%=$(BUILD)/fuzz-replay-%)
	@for f in $(FUZZERS); do \
	  files=$$(find tests/fuzz/corpus/$$f tests/fuzz/regressions/$$f -type f ! -name .keep); \
	  $(BUILD)/fuzz-replay-$$f $$files > /dev/null || { echo "not ok - fuzz regressions: $$f"; exit 1; }; \
	  echo "ok - fuzz corpus and regressions replay cleanly: $$f"; \
	done

# each harness for a few seconds (CI), or FUZZ_TIME seconds each (make fuzz)
# each harness for 5 s, one per core at a time (a fuzzer uses one)
fuzz-smoke: fuzz-deps
	$(MAKE) --no-print-directory -j2 $(FUZZERS:%=build-fuzz/fuzz_%)
	$(MAKE) --no-print-directory -j$(TEST_JOBS) -Otarget $(FUZZERS:%=fuzz-smoke-%)

fuzz-smoke-%:
	@mkdir -p build-fuzz/corpus-$*
	@build-fuzz/fuzz_$* -max_total_time=5 -timeout=10 -rss_limit_mb=2048 \
	  -artifact_prefix=build-fuzz/crash-$*- build-fuzz/corpus-$* tests/fuzz/corpus/$* \
	  2> build-fuzz/$*.log || { tail -30 build-fuzz/$*.log; exit 1; }
	@echo "ok - fuzz smoke: $* ($$(grep -c . build-fuzz/corpus-$*/* 2>/dev/null | wc -l) inputs)"

fuzz: fuzz-deps
	$(MAKE) --no-print-directory -j2 $(FUZZERS:%=build-fuzz/fuzz_%)
	@for f in $(FUZZERS); do \
	  mkdir -p build-fuzz/corpus-$$f; \
	  build-fuzz/fuzz_$$f -max_total_time=$(FUZZ_TIME) -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix=build-fuzz/crash-$$f- build-fuzz/corpus-$$f tests/fuzz/corpus/$$f \
	    2> build-fuzz/$$f.log; echo "$$f: exit $$?"; tail -3 build-fuzz/$$f.log; \
	done

# ---- man pages and shell completion ---------------------------------------
# man/ownsim.1, man/ownsim-scenario.5, completion/ownsim.bash and
# completion/_ownsim are generated from the command, option and key tables
# (`ownsim help --man 1|5`, `ownsim help --completion bash|zsh`, src/cli/help.c)
# and committed; tests/cli/man.sh and completion.sh fail when one is stale,
# and `make man` rewrites them.
GENERATED := man/ownsim.1:--man=1 man/ownsim-scenario.5:--man=5 \
             completion/ownsim.bash:--completion=bash completion/_ownsim:--completion=zsh
man: $(BUILD)/ownsim
	@for g in $(GENERATED); do \
	  $(BUILD)/ownsim help $${g#*:} > $${g%%:*}.new && mv $${g%%:*}.new $${g%%:*} && echo "wrote $${g%%:*}"; \
	done

# ---- install ---------------------------------------------------------------
# make install [PREFIX=/usr/local] [DESTDIR=]: the binary to PREFIX/bin, the
# gnuplot scripts and example scenarios (with the holiday lists) to
# PREFIX/share/ownsim, the man pages, the bash and zsh completions.  The
# binary finds its data from its own place (PREFIX/bin/../share/ownsim), so
# the tree may be moved.  OWNSIM_BIN installs another binary (tests/cli/install.sh
# installs the one under test without rebuilding it).
OWNSIM_BIN  ?= $(BUILD)/ownsim
BINDIR      := $(PREFIX)/bin
MANDIR      := $(PREFIX)/share/man
BASHCOMPDIR := $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  := $(PREFIX)/share/zsh/vendor-completions
INSTALL     ?= install
install: $(OWNSIM_BIN)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/plots \
	  $(DESTDIR)$(DATADIR)/scenarios/holidays $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	  $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	$(INSTALL) -m 755 $(OWNSIM_BIN) $(DESTDIR)$(BINDIR)/ownsim
	$(INSTALL) -m 644 plots/*.gp $(DESTDIR)$(DATADIR)/plots
	$(INSTALL) -m 644 scenarios/*.ini $(DESTDIR)$(DATADIR)/scenarios
	$(INSTALL) -m 644 scenarios/holidays/*.ics $(DESTDIR)$(DATADIR)/scenarios/holidays
	$(INSTALL) -m 644 man/ownsim.1 $(DESTDIR)$(MANDIR)/man1/ownsim.1
	$(INSTALL) -m 644 man/ownsim-scenario.5 $(DESTDIR)$(MANDIR)/man5/ownsim-scenario.5
	$(INSTALL) -m 644 completion/ownsim.bash $(DESTDIR)$(BASHCOMPDIR)/ownsim
	$(INSTALL) -m 644 completion/_ownsim $(DESTDIR)$(ZSHCOMPDIR)/_ownsim

# Removes what install wrote (and share/ownsim whole), nothing else.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ownsim $(DESTDIR)$(MANDIR)/man1/ownsim.1 \
	  $(DESTDIR)$(MANDIR)/man5/ownsim-scenario.5 $(DESTDIR)$(BASHCOMPDIR)/ownsim \
	  $(DESTDIR)$(ZSHCOMPDIR)/_ownsim
	rm -rf $(DESTDIR)$(DATADIR)

# ---- Debian package --------------------------------------------------------
# make deb: the package from the files git tracks (and new ones it does not
# ignore), built in a copy under build/deb/ so the tree stays clean;
# dpkg-buildpackage -us -uc -b leaves build/deb/ownsim_VERSION_ARCH.deb there,
# then lintian checks it: it fails on an error or warning and shows the info
# and pedantic tags (none at the time of writing, no override needed).  make test-deb installs that package with apt-get, runs the
# installed ownsim on an installed example scenario, plots it, renders
# `man ownsim`, and removes the package whatever happens (tests/deb/install.sh).
# A few minutes: the package builds the whole program once.
DEB_DIR  := build/deb
DEB_DEBS := build-essential debhelper dpkg-dev fakeroot lintian man-db groff-base
deb: deps
	$(call install_missing,$(DEB_DEBS))
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/ownsim
	git ls-files -co --exclude-standard | grep -v '^build' | \
	  while IFS= read -r f; do [ ! -e "$$f" ] || printf '%s\n' "$$f"; done | \
	  tar -cf - -T - | tar -xf - -C $(DEB_DIR)/ownsim
	cd $(DEB_DIR)/ownsim && dpkg-buildpackage -us -uc -b -jauto
	lintian -I --pedantic --fail-on error,warning $(DEB_DIR)/ownsim_*.deb

test-deb: deb
	tests/deb/install.sh $(DEB_DIR)/ownsim_*.deb

clean:
	rm -rf build build-asan build-fuzz out

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(wildcard build-fuzz/src/*/*.d)
