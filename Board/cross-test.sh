#!/usr/bin/env bash
# Checks the aarch64 build under emulation (qemu-user) against an x86_64 build of the same
# sources by the same compiler; exits non-zero on any difference. For .ci/run.
#
#   sudo Board/cross-test.sh            build (Board/cross-build.sh, cached), then:
#                                         1. `wikichime version` runs under qemu
#                                         2. `render` of the recorded sample: the WAV files of
#                                            aarch64 and x86_64 are identical, byte for byte
#                                            and so are the traces (times n / rate)
#                                         3. `run --rate 0 --audio-device none --trace`: the
#                                            traces are identical but for `t` (arrival time) and
#                                            `dropped` (the throttle's verdict, which follows
#                                            from `t`)
#   sudo Board/cross-test.sh --xctest   also builds the XCTest suite for aarch64 (release) and
#                                       runs it under qemu: ~2 min to build, ~3.5 min to run
#   WIKICHIME_XCTEST_FILTER=AudioTests sudo Board/cross-test.sh --xctest    only those tests
#
# The x86_64 reference is built in the same compiler tree (Debian's Swift, the same version as
# the cross compiler), so that a difference can only come from the architecture.
prog=cross-test.sh
# shellcheck source=cross/common.sh
source "$(dirname "$0")/cross/common.sh"

xctest=no
for arg in "$@"; do
    case "$arg" in
        --xctest) xctest=yes ;;
        *) die "usage: $0 [--xctest]" ;;
    esac
done

started=$(seconds)
lock_cache
"$top/Board/cross-build.sh"

# The package holds the binary, the unit, the conffile, the profiles, the man page, the user.
deb="$top/dist/wikichime_$(wikichime_version "$top")_arm64.deb"
listing=$(dpkg-deb -c "$deb" | awk '{ print $NF }') || die "cannot read $deb"
for file in ./usr/bin/wikichime ./usr/lib/systemd/system/wikichime.service ./etc/wikichime.conf \
        ./usr/share/wikichime/boards/rpi4.board ./usr/share/man/man1/wikichime.1.gz ./usr/lib/sysusers.d/wikichime.conf \
        ./usr/lib/modules-load.d/wikichime.conf; do
    grep -qx "$file" <<<"$listing" || die "$deb has no $file"
done
cmp -s <(dpkg-deb --fsys-tarfile "$deb" | tar -xOf - ./usr/bin/wikichime) "$cache/work/wikichime" \
    || die "$deb does not hold the binary that was built"

say "building the x86_64 reference (same compiler, release, static Swift runtime)"
step=$(seconds)
in_chroot "
    swift_build -c release --static-swift-stdlib -j $jobs --scratch-path /work/build-x86_64 --product wikichime
    cp \"\$(swift build -c release -j $jobs --static-swift-stdlib --scratch-path /work/build-x86_64 --show-bin-path)/wikichime\" /work/wikichime-x86_64
" || die "the x86_64 reference build failed"
say "x86_64 reference built in $(elapsed "$step")"

say "comparing aarch64 (under qemu) with x86_64"
step=$(seconds)
in_chroot '
    fixture=Tests/TestSupport/Fixtures/recentchange-sample.jsonl
    out=/work/check; rm -rf "$out"; mkdir -p "$out"
    aarch64() { qemu-aarch64-static -L /sysroot /work/wikichime "$@"; }
    x86_64() { /work/wikichime-x86_64 "$@"; }
    failed=0
    fail() { echo "MISMATCH: $*" >&2; failed=1; }

    # 1. It starts and says its version.
    # (The libcurl version in parentheses is the library found at run time, from the sysroot here.)
    version=$(aarch64 version) || fail "aarch64 wikichime version exited $?"
    reference=$(x86_64 version)
    [ "${version%% (*}" = "${reference%% (*}" ] || fail "version: aarch64 \"$version\", x86_64 \"$reference\""
    echo "version: $version"

    # 2. An offline render: the same WAV file, byte for byte.
    for arch in aarch64 x86_64; do
        $arch render --input "$fixture" --output "$out/render-$arch.wav" --languages en \
            --trace "$out/render-trace-$arch.jsonl" 2>"$out/render-$arch.log" \
            || { cat "$out/render-$arch.log" >&2; fail "$arch render exited non-zero"; }
    done
    if cmp "$out/render-aarch64.wav" "$out/render-x86_64.wav"; then
        echo "render: identical WAV, $(stat -c %s "$out/render-x86_64.wav") bytes, $(sha256sum <"$out/render-x86_64.wav" | cut -c1-16)"
    else
        fail "render: the WAV files differ ($(cmp -l "$out/render-aarch64.wav" "$out/render-x86_64.wav" | wc -l) bytes; first: $(cmp "$out/render-aarch64.wav" "$out/render-x86_64.wav" 2>&1))"
    fi
    if cmp -s "$out/render-trace-aarch64.jsonl" "$out/render-trace-x86_64.jsonl"; then
        echo "render: identical traces, $(wc -l <"$out/render-trace-x86_64.jsonl") edits"
    else
        fail "render: the traces differ"
    fi

    # 3. A replay as `run` does it (no sound device), traced: the same edits in the same order,
    #    ignoring the arrival time `t` and `dropped`, which follows from it (the throttle admits
    #    15 notes per 300 ms of arrival time, and qemu is slower). The render trace above, whose
    #    times are fixed (n / rate), is compared whole, `dropped` included.
    for arch in aarch64 x86_64; do
        mkdir -p "$out/$arch-state" "$out/$arch-run"
        $arch run --input "$fixture" --rate 0 --audio-device none --trace "$out/run-trace-$arch.jsonl" \
            --config "$out/none.conf" --state-dir "$out/$arch-state" --runtime-dir "$out/$arch-run" \
            >"$out/run-$arch.out" 2>"$out/run-$arch.log" \
            || { cat "$out/run-$arch.log" >&2; fail "$arch run exited non-zero"; }
        sed -E -e "s/\"t\":[-0-9.eE+]+,?//" -e "s/,?\"dropped\":(true|false|null)//" \
            "$out/run-trace-$arch.jsonl" > "$out/run-trace-$arch.not"
    done
    if [ ! -s "$out/run-trace-x86_64.not" ]; then
        fail "run: the x86_64 trace is empty"
    elif diff "$out/run-trace-aarch64.not" "$out/run-trace-x86_64.not" >"$out/run-trace.diff"; then
        echo "run: identical traces but for t and dropped, $(wc -l <"$out/run-trace-x86_64.not") edits"
    else
        head -n 20 "$out/run-trace.diff" >&2
        fail "run: the traces differ (without t)"
    fi
    exit $failed
' || die "the aarch64 build does not behave as the x86_64 one (files in ${cache#"$top"/}/work/check)"
say "emulated checks passed in $(elapsed "$step")"

if [ "$xctest" = yes ]; then
    # install.sh, which InstallTests runs, needs groupadd/useradd and systemctl in the tree.
    ensure_chroot_packages passwd,systemd
    say "building the XCTest suite for aarch64 (release: the synthesiser tests are 10x slower in debug under qemu)"
    step=$(seconds)
    in_chroot "swift_build -c release -Xswiftc -enable-testing --build-tests --swift-sdks-path /sdks --swift-sdk $sdk_name -j $jobs --scratch-path /work/build-aarch64-tests" \
        || die "the aarch64 test build failed"
    say "XCTest suite built in $(elapsed "$step")"
    step=$(seconds)
    # In a user namespace whose binfmt_misc runs aarch64 programs through qemu: the CLI tests
    # start the built wikichime binary.
    emulate=yes in_chroot "
        bin=\$(swift build -c release --swift-sdks-path /sdks --swift-sdk $sdk_name --scratch-path /work/build-aarch64-tests --show-bin-path)
        status=0
        timeout 1800 qemu-aarch64-static -E LD_LIBRARY_PATH=/usr/libexec/swift/lib/swift/linux \
            \"\$bin/wikichimePackageTests.xctest\" ${WIKICHIME_XCTEST_FILTER:-} || status=\$?
        exit \$status
    " || die "the XCTest suite failed under qemu"
    say "XCTest suite passed under qemu in $(elapsed "$step")"
fi
say "all checks passed in $(elapsed "$started")"
