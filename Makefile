# vtools: make (release build), make test, make demo, make docs, make bench, make install.
PREFIX  ?= /usr/local
DESTDIR ?=
SWIFT   ?= swift
TOOLS    = vexport vtail vcount vgen
# The Swift runtime is linked statically so each tool starts in a millisecond or two.
RELEASE  = -c release --static-swift-stdlib
BIN      = .build/release
DEBUG_BIN = .build/debug

BINDIR   = $(DESTDIR)$(PREFIX)/bin
MAN1DIR  = $(DESTDIR)$(PREFIX)/share/man/man1
MAN7DIR  = $(DESTDIR)$(PREFIX)/share/man/man7
BASHDIR  = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR   = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR  = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d

.PHONY: all release debug test demo docs bench stress sanitize fuzz install uninstall clean

all: release

release:
	$(SWIFT) build $(RELEASE)

debug:
	$(SWIFT) build

# Unit tests and end-to-end tests of the built executables.
test:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip StressTests

# Fault injection, concurrency, signals and the vtail rotation model: a few minutes at most.
stress:
	$(SWIFT) build --build-tests
	$(SWIFT) test --filter StressTests

# The main job on the default events file ($$VICTOR_EVENTS_FILE or ~/.victor/metrics/victor.jsonl):
# synthetic agent events through vexport, then show and count them. The readers are given the
# file by name, since with no FILE they read standard input whenever it is not a terminal.
EVENTS = $${VICTOR_EVENTS_FILE:-$$HOME/.victor/metrics/victor.jsonl}
demo: release
	@echo "== vgen --rate 200 --count 120 | vexport --flush-interval 1s --stats"
	$(BIN)/vgen --rate 200 --count 120 | $(BIN)/vexport --flush-interval 1s --stats
	@echo "== vtail --no-follow -n 5 --fields category,name,tool=data.tool_name  ($(EVENTS))"
	$(BIN)/vtail --no-follow -n 5 --fields category,name,tool=data.tool_name "$(EVENTS)"
	@echo "== vtail --no-follow -n 5 --format text"
	$(BIN)/vtail --no-follow -n 5 --format text "$(EVENTS)"
	@echo "== vcount --by category"
	$(BIN)/vcount --by category "$(EVENTS)"

# Regenerate the man pages and completions from each tool's one command declaration.
docs: debug
	@mkdir -p man completions/bash completions/zsh completions/fish
	@for t in $(TOOLS); do \
	  $(DEBUG_BIN)/$$t --generate man > man/$$t.1 && \
	  $(DEBUG_BIN)/$$t --generate bash > completions/bash/$$t && \
	  $(DEBUG_BIN)/$$t --generate zsh > completions/zsh/_$$t && \
	  $(DEBUG_BIN)/$$t --generate fish > completions/fish/$$t.fish || exit 1; \
	done
	@echo "man/ and completions/ regenerated"

bench: release
	bash bench/run.sh

# The unit tests under AddressSanitizer and ThreadSanitizer (separate scratch paths, so the
# normal build is untouched). The end-to-end and stress suites are skipped to stay fast.
# Leak checking is off: LeakSanitizer reports memory that lives as long as the process (XCTest's
# test closures, once-initialised globals such as each tool's CommandSpec and vgen's vocabulary)
# and fails the run at exit; memory errors (overflows, use after free) are what this is for.
# Tests/tsan.supp explains the one ThreadSanitizer suppression (a zero-sized value's placeholder
# address, not shared memory).
sanitize:
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build/asan
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --sanitize=address --scratch-path .build/asan --skip StressTests --skip CLITests
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build/tsan
	$(SWIFT) test --sanitize=thread --scratch-path .build/tsan --skip StressTests --skip CLITests

# libFuzzer over the core's parsers, FUZZ_SECONDS each (default 60).
fuzz:
	bash fuzz/run.sh

# `make install` builds the release binaries first; `make install BIN=.build/debug` (any BIN
# given on the command line) installs binaries already built there, as the install test does.
ifeq ($(origin BIN),command line)
INSTALL_BUILD =
else
INSTALL_BUILD = release
endif

install: $(INSTALL_BUILD)
	@for t in $(TOOLS); do test -x $(BIN)/$$t || { echo "$(BIN)/$$t is not built" >&2; exit 1; }; done
	install -d $(BINDIR) $(MAN1DIR) $(MAN7DIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	for t in $(TOOLS); do \
	  install -m 755 $(BIN)/$$t $(BINDIR)/$$t && \
	  install -m 644 man/$$t.1 $(MAN1DIR)/$$t.1 && \
	  install -m 644 completions/bash/$$t $(BASHDIR)/$$t && \
	  install -m 644 completions/zsh/_$$t $(ZSHDIR)/_$$t && \
	  install -m 644 completions/fish/$$t.fish $(FISHDIR)/$$t.fish || exit 1; \
	done
	install -m 644 man/vtools.7 $(MAN7DIR)/vtools.7

uninstall:
	for t in $(TOOLS); do \
	  rm -f $(BINDIR)/$$t $(MAN1DIR)/$$t.1 $(BASHDIR)/$$t $(ZSHDIR)/_$$t $(FISHDIR)/$$t.fish; \
	done
	rm -f $(MAN7DIR)/vtools.7

clean:
	rm -rf .build
