# ntkcert: build, test, install. `make check` runs the TAP suite with prove;
# `make check SANITIZE=1` (or `make sanitize`) the same under ASan+UBSan.
VERSION := 0.1.0
PREFIX  ?= /usr/local
CC      ?= cc

ifeq ($(SANITIZE),1)
BUILD   ?= build-san
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
else
BUILD   ?= build
endif

# No -ffast-math, no FP contraction: the interval core relies on IEEE rounding.
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -Wall -Wextra -Werror -fPIC -fopenmp -ffp-contract=off $(SANFLAGS)
CPPFLAGS += -Iinclude -D_DEFAULT_SOURCE \
            -DNTKCERT_VERSION='"$(VERSION)"' -DNTKCERT_SOURCE_DIR='"$(CURDIR)"'
LDFLAGS += -fopenmp $(SANFLAGS)
LDLIBS  := -lmpfi -lmpfr -lgmp -llapacke -lopenblas -lsleef -ljansson -lcrypto -lz -lm

# See blas_coretype() in src/cli/main.c: tests and benchmarks get the same fix.
ifeq ($(origin OPENBLAS_CORETYPE),undefined)
OPENBLAS_CORETYPE := $(shell grep -qw avx512f /proc/cpuinfo 2>/dev/null && echo SkylakeX || \
                       (grep -qw avx2 /proc/cpuinfo 2>/dev/null && echo Haswell))
ifneq ($(OPENBLAS_CORETYPE),)
export OPENBLAS_CORETYPE
endif
endif

LIB_SRC := $(wildcard src/*.c)
CLI_SRC := $(wildcard src/cli/*.c)
TEST_SRC := $(wildcard tests/t-*.c)
BENCH_SRC := $(wildcard bench/*.c)
LIB_OBJ := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
CLI_OBJ := $(CLI_SRC:src/cli/%.c=$(BUILD)/obj/cli/%.o)
TESTS   := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
BENCHES := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
HEADERS := $(wildcard include/ntkcert/*.h) include/ntkcert.h

.PHONY: all check sanitize bench demo install uninstall clean deps proofs
all: $(BUILD)/libntkcert.a $(BUILD)/libntkcert.so $(BUILD)/ntkcert

$(BUILD)/obj/%.o: src/%.c $(HEADERS) $(wildcard src/*.h) src/cli/cli.h Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# Only vm_acos's AVX2 path, chosen at run time, uses these instructions.
$(BUILD)/obj/vmath.o: CFLAGS += -mavx2 -mfma
# Vectorises the Gram map's loops (kernel.c's gram_segment).
$(BUILD)/obj/kernel.o: CFLAGS += -O3

$(BUILD)/libntkcert.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/libntkcert.so: $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libntkcert.so.0 $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/ntkcert: $(CLI_OBJ) $(BUILD)/libntkcert.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libntkcert.a $(LDLIBS)

$(BUILD)/tests/%: tests/%.c tests/tap.h $(BUILD)/libntkcert.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests -DFIXTURES='"$(CURDIR)/tests/fixtures"' $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libntkcert.a $(LDLIBS)

$(BUILD)/bench/svm_libsvm: LDLIBS += -lsvm
$(BUILD)/bench/%: bench/%.c $(BUILD)/libntkcert.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libntkcert.a $(LDLIBS)

deps:
	@scripts/install-deps

# The suite: compiled TAP programs and shell TAP scripts, run by prove.
check: deps all $(TESTS)
	NTKCERT_BUILD=$(CURDIR)/$(BUILD) prove -v -j2 --exec '' $(TESTS) $(wildcard tests/*.t)

sanitize:
	$(MAKE) check SANITIZE=1

bench: all
	scripts/install-deps --bench
	$(MAKE) $(BENCHES)
	scripts/fetch-mnist
	@for b in $(filter-out %/entk,$(BENCHES)) bench/*.sh; do \
	  echo "== $$b"; NTKCERT_BUILD=$(CURDIR)/$(BUILD) $$b || exit 1; done
	@echo "(bench/entk NET.model... compares networks' empirical NTK with the analytic one)"

# The main job: train the SVM and KRR (lambda 1) on MNIST 0/1, certify 100
# test points with the paper's bound and the tight one, print the table.
demo: deps all
	scripts/fetch-mnist
	$(BUILD)/ntkcert reproduce table3 --quick --subset 100 --out $(BUILD)/demo

# Frama-C WP on the certified path's contracts; writes proofs/summary.md.
proofs:
	scripts/install-deps --proofs
	proofs/run

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include/ntkcert
	install -m 755 $(BUILD)/ntkcert $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(BUILD)/libntkcert.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(BUILD)/libntkcert.so $(DESTDIR)$(PREFIX)/lib/libntkcert.so.$(VERSION)
	ln -sf libntkcert.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libntkcert.so.0
	ln -sf libntkcert.so.0 $(DESTDIR)$(PREFIX)/lib/libntkcert.so
	install -m 644 include/ntkcert.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 include/ntkcert/*.h $(DESTDIR)$(PREFIX)/include/ntkcert/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' ntkcert.pc.in \
	  > $(DESTDIR)$(PREFIX)/lib/pkgconfig/ntkcert.pc

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/ntkcert $(DESTDIR)$(PREFIX)/lib/libntkcert.* \
	  $(DESTDIR)$(PREFIX)/lib/pkgconfig/ntkcert.pc $(DESTDIR)$(PREFIX)/include/ntkcert.h
	rm -rf $(DESTDIR)$(PREFIX)/include/ntkcert

clean:
	rm -rf build build-san
