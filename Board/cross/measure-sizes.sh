#!/usr/bin/env bash
# What each dependency costs in the aarch64 binary (release, static Swift and C++ runtimes,
# stripped), built exactly as Board/cross-build.sh builds it.
# Measurement only: nothing here is part of the build. Uses the trees of Board/cross-build.sh.
#
#   sudo Board/cross/measure-sizes.sh            builds everything below (~5 min), prints the figures
#   sudo Board/cross/measure-sizes.sh --report   prints the figures of the last run again
#
# 1. Probes (Board/cross/probes): the smallest programs that use the Swift runtime alone,
#    FoundationEssentials, swift-log, swift-argument-parser, and both.
# 2. The same argument-parser probes with swift-argument-parser 1.8.2's one file that imports
#    FoundationEssentials replaced by Board/cross/ArgumentParser-Foundation.swift (in a scratch
#    copy): what FoundationEssentials costs. This is why wikichime has its own command line
#    (Sources/Arguments) and no longer depends on swift-argument-parser.
# 3. A linker map of wikichime, summed by where the bytes come from (allocated sections only).
prog=measure-sizes.sh
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"

# --report: only print the figures of the last run.
if [ "${1:-}" != --report ]; then
prepare
rm -rf "$cache/work/sizes"; mkdir -p "$cache/work/sizes"
in_chroot "
    out=/work/sizes
    args='$aarch64_release_args'   # as Board/cross-build.sh builds
    strip_to() { aarch64-linux-gnu-strip --strip-all -o \"\$out/\$2\" \"\$1\"; }

    # 1. Probes.
    mkdir -p /work/probes
    rm -rf /work/probes/plain && cp -a Board/cross/probes /work/probes/plain
    (cd /work/probes/plain && swift_build \$args --scratch-path /work/probes/build-plain)
    bin=\$(cd /work/probes/plain && swift build \$args --scratch-path /work/probes/build-plain --show-bin-path)
    for p in stdlib essentials logging argparser argparser-logging; do strip_to \"\$bin/\$p\" probe-\$p; done

    # 2. swift-argument-parser without FoundationEssentials.
    rm -rf /work/probes/swift-argument-parser
    git clone -q --branch 1.8.2 -c advice.detachedHead=false https://github.com/apple/swift-argument-parser /work/probes/swift-argument-parser
    cp Board/cross/ArgumentParser-Foundation.swift /work/probes/swift-argument-parser/Sources/ArgumentParser/Utilities/Foundation.swift
    rm -rf /work/probes/patched && cp -a Board/cross/probes /work/probes/patched
    sed -i 's|.package(url: \"https://github.com/apple/swift-argument-parser\", exact: \"1.8.2\")|.package(path: \"/work/probes/swift-argument-parser\")|' /work/probes/patched/Package.swift
    (cd /work/probes/patched && swift_build \$args --scratch-path /work/probes/build-patched --product argparser \
        && swift_build \$args --scratch-path /work/probes/build-patched --product argparser-logging)
    bin=\$(cd /work/probes/patched && swift build \$args --scratch-path /work/probes/build-patched --show-bin-path)
    for p in argparser argparser-logging; do strip_to \"\$bin/\$p\" probe-\$p-without-foundation; done

    # 3. wikichime as shipped, with a linker map.
    swift_build \$args --scratch-path /work/build-sizes --product wikichime -Xlinker -Map=\$out/wikichime.map
    strip_to \"\$(swift build \$args --scratch-path /work/build-sizes --show-bin-path)/wikichime\" wikichime
"
fi

sizes="$cache/work/sizes"
echo
echo "== stripped sizes (aarch64, release, static Swift and C++ runtimes)"
for f in probe-stdlib probe-essentials probe-logging probe-argparser probe-argparser-without-foundation \
         probe-argparser-logging probe-argparser-logging-without-foundation wikichime; do
    printf '%-46s %10d bytes  %6.2f MB\n' "$f" "$(stat -c %s "$sizes/$f")" "$(echo "$(stat -c %s "$sizes/$f") / 1000000" | bc -l)"
done

# Bytes of allocated, file-backed input sections in a linker map, by origin.
by_origin() {
    awk '
        function hex(s,   i, v) { v = 0; for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return v }
        function origin(path,   base, m) {
            if (path ~ /\.a\(/) { sub(/\(.*/, "", path); n = split(path, parts, "/"); return parts[n] }
            if (match(path, /[A-Za-z0-9_-]+\.build\//)) { m = substr(path, RSTART, RLENGTH - 7); return "module " m }
            n = split(path, parts, "/"); return "other: " parts[n]
        }
        /^ *[0-9a-f]+ +[0-9a-f]+ +[0-9a-f]+ +[0-9]+ / {
            rest = $0; sub(/^ *[0-9a-f]+ +[0-9a-f]+ +[0-9a-f]+ +[0-9]+ /, "", rest)
            if (rest ~ /^[^ ]/) { section = rest; next }   # an output section
            if (rest !~ /^        [^ ]/) next              # a symbol (input sections are indented by 8)
            if (section ~ /^\.(debug|comment|symtab|strtab|shstrtab|bss|tbss)/) next
            sub(/^ +/, "", rest); path = rest; sub(/:\(.*/, "", path)
            bytes[origin(path)] += hex($3)
        }
        END { for (o in bytes) printf "%10d  %s\n", bytes[o], o }
    ' "$1" | sort -rn
}
for map in wikichime; do
    echo
    echo "== $map: allocated bytes by origin (linker map, before stripping; top 25)"
    by_origin "$sizes/$map.map" | head -n 25
done
