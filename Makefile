# analyze-dump: build, test, and run on the bundled sample core.
SAMPLE      := Fixtures/cores/warmup-lock
SAMPLE_WORK := .build/sample
SWIFT_FLAGS ?=
PREFIX      ?= /usr/local
DESTDIR     ?=
BINARY      ?= .build/release/analyze-dump
MAN_WORK    := .build/man

.PHONY: deps build release sample test screenshot bench clean install install-files

deps:
	@scripts/install-deps

build: deps
	swift build $(SWIFT_FLAGS)

release: deps
	swift build -c release $(SWIFT_FLAGS)

# Installs what is missing, builds, and analyses the bundled sample core (a warm-up holding
# a lock while request threads queue behind it).
sample: build
	@mkdir -p $(SAMPLE_WORK)
	@zstd -q -d -f $(SAMPLE)/warmup-lock.zst -o $(SAMPLE_WORK)/warmup-lock
	@chmod +x $(SAMPLE_WORK)/warmup-lock
	swift run $(SWIFT_FLAGS) analyze-dump $(SAMPLE)/core.zst --exe $(SAMPLE_WORK)/warmup-lock

# Installs what is missing, builds, and runs the whole test suite: the CPU-trigger tests
# after the rest, alone, since the live scenarios' busy threads on a 2-core machine can deny
# the watched thread the CPU share its trigger needs; the core_pattern test alone, since it
# points the machine's core_pattern at the handler, which the kernel cores other tests write
# need as it was; the mutation fuzzing tests last, since
# their two runs at a time starve the live scenarios' timing.
test: deps
	swift build --build-tests $(SWIFT_FLAGS)
	swift test --skip-build --skip '^(FuzzTests\.|CLITests\.CPUTriggerTests/|CLITests\.CorePatternTests/)' $(SWIFT_FLAGS)
	swift test --skip-build --filter '^CLITests\.CPUTriggerTests/' $(SWIFT_FLAGS)
	swift test --skip-build --filter '^CLITests\.CorePatternTests/' $(SWIFT_FLAGS)
	swift test --skip-build --filter '^FuzzTests\.' $(SWIFT_FLAGS)

# Renders the sample core's HTML report, checks it in headless Chromium, and saves a
# screenshot for humans: .build/sample/report.html and .build/sample/report.png.
screenshot: build
	@mkdir -p $(SAMPLE_WORK)
	@zstd -q -d -f $(SAMPLE)/warmup-lock.zst -o $(SAMPLE_WORK)/warmup-lock
	@chmod +x $(SAMPLE_WORK)/warmup-lock
	swift run $(SWIFT_FLAGS) analyze-dump $(SAMPLE)/core.zst --exe $(SAMPLE_WORK)/warmup-lock --html $(SAMPLE_WORK)/report.html -o /dev/null
	scripts/check-html-report --screenshot $(SAMPLE_WORK)/report.png $(SAMPLE_WORK)/report.html

# Builds the release binary and installs it with its man pages (generated from the argument
# parser by scripts/generate-manual) and its bash, zsh and fish completions (the parser's
# --generate-completion-script) under $(DESTDIR)$(PREFIX).
install: release
	$(MAKE) install-files

# What `install` installs, from BINARY as built already (the tests use a debug binary).
install-files:
	rm -rf $(MAN_WORK)
	scripts/generate-manual $(BINARY) $(MAN_WORK)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 0755 $(BINARY) $(DESTDIR)$(PREFIX)/bin/analyze-dump
	install -m 0644 $(MAN_WORK)/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	$(BINARY) --generate-completion-script bash > $(MAN_WORK)/analyze-dump.bash
	$(BINARY) --generate-completion-script zsh > $(MAN_WORK)/_analyze-dump
	$(BINARY) --generate-completion-script fish > $(MAN_WORK)/analyze-dump.fish
	install -m 0644 $(MAN_WORK)/analyze-dump.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/analyze-dump
	install -m 0644 $(MAN_WORK)/_analyze-dump $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_analyze-dump
	install -m 0644 $(MAN_WORK)/analyze-dump.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/analyze-dump.fish

bench: release
	Benchmarks/run

clean:
	rm -rf .build
