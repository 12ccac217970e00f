#!/usr/bin/env bash
# Device builds with TinyGo, run from the repository root (CI calls it from .ci/run):
#
#  1. TinyGo 0.33 through the project's toolchain script (TINYGO_BUILD_SH, default
#     ../shared/toolchains/tinygo/build.sh), or the tinygo named by TINYGO;
#  2. a stand-in Azure Sphere sysroot (.ci/standin-sysroot.sh), or the sysroot in SYSROOT;
#  3. the target, from cmd/azsphere-tinygo-target;
#  4. the target's tests (internal/device/tinygotarget: device shape, runtime under qemu-arm,
#     the examples' output, and examples/bootstrap-device end to end: TestBootstrapDevice runs
#     it against a local issuing service, Debian's armhf libcurl and the double in the glibc
#     test sysroot that `.ci/standin-sysroot.sh -glibc DIR` makes, as the musl stand-in has
#     no real libcurl);
#  5. every program in PROGRAMS below: built, checked for the device's shape (ELF32 ARM EABI5
#     hard float, interpreter /lib/ld-musl-armhf.so.1, NEEDED only libc.so, libapplibs.so,
#     libtlsutils.so and, for programs that use deviceauth/curl, libcurl.so.4; C library not
#     linked statically), run under qemu-arm against the stand-in, and its stripped size
#     compared with the 1 MiB flash budget (failing above it) and the 256 KiB goal; the C
#     floor (internal/device/cfloor) is built beside them.
#
# Installs qemu-user and llvm-15 when missing (TinyGo's build installs clang-15 and lld-15;
# the glibc test sysroot the ARM cross compiler and libcurl4:armhf).
# With KEEP=1 the work directory (target, sysroot, programs) is kept and printed.
set -euo pipefail
cd "$(dirname "$0")/.."
export CI="${CI:-true}"
start=$(date +%s)
step() { printf '\n=== tinygo: %s (%ds)\n' "$*" "$(($(date +%s) - start))"; }
fail() {
	printf 'tinygo.sh: %s\n' "$*" >&2
	exit 1
}

# The device programs, as package paths from the repository root. Add a program here to have
# CI build, check, run and measure it (TestDevicePrograms also checks the examples' output).
PROGRAMS=(
	./internal/device/cmd/certlist
	./examples/certificates
	./examples/wifi
	./examples/bootstrap-device
	./internal/device/tinygotarget/testdata/certstore
	./internal/device/tinygotarget/testdata/deviceauth
)
# What a program needs beyond the defaults, by its base name: the generator's flags for its
# target, and the arguments, environment and exit status of its run against the stand-in.
# Target flags per program (none today: every program builds with the target's defaults).
# bootstrap-device's run gets as far as its request: the stand-in's libcurl is a stub that
# fails every call (curl_global_init), so it exits 1; TestBootstrapDevice runs it end to end
# over the glibc test sysroot.
declare -A TARGET_FLAGS=()
declare -A RUN_ARGS=([bootstrap-device]="-url https://127.0.0.1:9/enroll -roots certs/issuer-root.pem -wait 5s")
declare -A RUN_ENV=([bootstrap-device]="AZSG_STANDIN_DAA=:")
declare -A RUN_EXIT=([bootstrap-device]=1)
# The stand-in double's world for the programs' runs: the password of the certificates
# example's encrypted key, the access points of the Wi-Fi example, and a memory report at exit.
export AZSG_STANDIN_KEY_PASSWORD="sample key password"
export AZSG_STANDIN_AP="Contoso Office,0250f2000001,2437,-48,2,sample passphrase;Contoso Office,0250f2000002,5180,-61,2,sample passphrase;Contoso Guest,0250f2000003,2462,-70,1"
FLASH_BUDGET=$((1024 * 1024)) # MT3620: application flash, image package included
SIZE_GOAL=$((256 * 1024))

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
# apt: another job on the machine may hold its lock for a while.
apt() {
	local i
	for i in $(seq 20); do
		$sudo apt-get -o DPkg::Lock::Timeout=60 "$@" && return 0
		echo "tinygo.sh: apt-get $1 failed (attempt $i; locked by another job?): retrying in 15s" >&2
		sleep 15
	done
	return 1
}
if ! command -v qemu-arm >/dev/null || ! command -v llvm-strip-15 >/dev/null || ! command -v llvm-readelf-15 >/dev/null; then
	step "installing qemu-user llvm-15"
	export DEBIAN_FRONTEND=noninteractive
	apt update -qq
	apt install -y -qq --no-install-recommends qemu-user llvm-15 >/dev/null
fi

if [ -n "${TINYGO:-}" ]; then
	step "TinyGo: $TINYGO"
	[ -x "$TINYGO" ] || fail "TINYGO=$TINYGO is not an executable"
else
	build_sh=${TINYGO_BUILD_SH:-../shared/toolchains/tinygo/build.sh}
	step "TinyGo from $build_sh"
	[ -f "$build_sh" ] || fail "$build_sh not found: set TINYGO_BUILD_SH to the toolchain's build.sh, or TINYGO to a tinygo binary"
	eval "$(bash "$build_sh")"
	TINYGO=$(command -v tinygo)
fi
# TinyGo 0.33 accepts Go 1.19 to 1.23 as its go command.
export GOTOOLCHAIN="${GOTOOLCHAIN:-go1.23.12}"
"$TINYGO" version

work=$(mktemp -d)
if [ "${KEEP:-}" = 1 ]; then
	trap 'echo "tinygo.sh: work directory kept: $work"' EXIT
else
	trap 'rm -rf "$work"' EXIT
fi

if [ -n "${SYSROOT:-}" ]; then
	step "sysroot: $SYSROOT"
	sysroot=$SYSROOT
else
	step "stand-in sysroot"
	sysroot=$work/sysroot
	bash .ci/standin-sysroot.sh "$sysroot"
fi
standin=false
[ -f "$sysroot/STANDIN.txt" ] && standin=true

step "glibc test sysroot, for bootstrap-device end to end"
glibc_sysroot=$work/glibc-sysroot
bash .ci/standin-sysroot.sh -glibc "$glibc_sysroot"

step "target"
target=$work/azsphere.json
go run ./cmd/azsphere-tinygo-target -sysroot "$sysroot" -o "$target"
cat "$target"

step "tests of the target: device shape, runtime, the examples under qemu-arm, bootstrap-device end to end"
AZSPHERE_SYSROOT=$sysroot AZSPHERE_GLIBC_SYSROOT=$glibc_sysroot TINYGO=$TINYGO go test -count=1 -v \
	-run 'TestDeviceShape|TestRuntime|TestDevicePrograms|TestBootstrapDevice' \
	./internal/device/tinygotarget/ 2>&1 | grep -Ev '^=== (RUN|PAUSE|CONT)'

# Certificates for the stand-in's store, so that programs have something to list.
seed=""
if $standin && command -v openssl >/dev/null; then
	for i in 1 2; do
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
			-keyout "$work/key$i.pem" -out "$work/root$i.pem" -subj "/CN=Stand-in Root $i/O=azsphere-go" 2>/dev/null
		seed=${seed:+$seed:}root$i=$work/root$i.pem
	done
fi

READELF=llvm-readelf-15
# check_shape FILE: the device's shape, as TestDeviceShape checks it. (Output is captured
# first: grep -q in a pipeline would end readelf early and fail the pipeline.)
check_shape() {
	local f=$1 h l d syms dyn needed lib
	h=$($READELF -h "$f")
	l=$($READELF -l "$f")
	d=$($READELF -d "$f")
	syms=$($READELF -s "$f")
	dyn=$($READELF --dyn-syms "$f")
	grep -q 'Class: *ELF32' <<<"$h" || fail "$f: not ELF32"
	grep -q 'Machine: *ARM' <<<"$h" || fail "$f: not ARM"
	grep -q 'Flags: *0x5000400' <<<"$h" || fail "$f: e_flags are not EABI5 hard float: $(grep Flags <<<"$h")"
	grep -qF '[Requesting program interpreter: /lib/ld-musl-armhf.so.1]' <<<"$l" ||
		fail "$f: interpreter is not /lib/ld-musl-armhf.so.1"
	needed=$(sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' <<<"$d")
	grep -qx libc.so <<<"$needed" || fail "$f: libc.so is not NEEDED"
	for lib in $needed; do
		# libcurl.so.4: the SDK's libcurl (its soname as libcurl's build names it; deviceauth/curl).
		case $lib in libc.so | libapplibs.so | libtlsutils.so | libcurl.so.4) ;; *) fail "$f: NEEDED $lib, not on the device" ;; esac
	done
	grep -Eq ' UND __libc_start_main$' <<<"$dyn" || fail "$f: __libc_start_main is not imported"
	if awk '$7 != "UND"' <<<"$syms" | grep -Eq ' (__init_libc|__libc_start_init|__init_tls|__stdio_write)$'; then
		fail "$f: musl is linked statically"
	fi
	echo "$f: ELF32 ARM EABI5 hard float, /lib/ld-musl-armhf.so.1, NEEDED" $needed
}

step "C floor (internal/device/cfloor/certlist.c, clang -Os)"
cfloor=$work/cfloor
clang-15 --target=armv7a-unknown-linux-musleabihf -mcpu=cortex-a7 -mfpu=neon-vfpv4 -mfloat-abi=hard -mthumb -Os \
	--sysroot="$sysroot" -nostdlibinc -isystem "$sysroot/usr/include" -fuse-ld=lld -nostdlib \
	-Wl,--dynamic-linker=/lib/ld-musl-armhf.so.1 -Wl,--gc-sections -s -o "$cfloor" \
	"$sysroot/usr/lib/crt1.o" "$sysroot/usr/lib/crti.o" internal/device/cfloor/certlist.c \
	-L"$sysroot/usr/lib" -lapplibs -lc "$sysroot/usr/lib/crtn.o"
check_shape "$cfloor"
cfloor_size=$(stat -c %s "$cfloor")
cfloor_resident="-"
if $standin; then
	AZSG_STANDIN_MEMORY=1 AZSG_STANDIN_ROOTCA=$seed qemu-arm -L "$sysroot" "$cfloor" -mem 2>"$work/cfloor.stderr"
	cat "$work/cfloor.stderr" >&2
	cfloor_resident=$(sed -n 's/^resident writable memory: \([0-9]*\) KiB$/\1/p' "$work/cfloor.stderr" | tail -1)
fi

over=0
report=()
for prog in "${PROGRAMS[@]}"; do
	name=$(basename "$prog")
	step "$prog${TARGET_FLAGS[$name]:+ (target: ${TARGET_FLAGS[$name]})}"
	bin=$work/$name
	t=$target
	if [ -n "${TARGET_FLAGS[$name]:-}" ]; then
		t=$work/azsphere-$name.json
		# shellcheck disable=SC2086 # the flags are words
		go run ./cmd/azsphere-tinygo-target -sysroot "$sysroot" ${TARGET_FLAGS[$name]} -o "$t"
	fi
	"$TINYGO" build -target="$t" -o "$bin" "$prog"
	check_shape "$bin"
	llvm-strip-15 -o "$bin.stripped" "$bin"
	size=$(stat -c %s "$bin.stripped")
	databss=$(llvm-size-15 -A "$bin.stripped" | awk '$1 == ".data" || $1 == ".bss" { s += $2 } END { print s + 0 }')
	resident="-"
	if $standin; then
		rc=0
		# shellcheck disable=SC2086 # the arguments and variables are words
		env AZSG_STANDIN_MEMORY=1 AZSG_STANDIN_ROOTCA="$seed" ${RUN_ENV[$name]:-} \
			qemu-arm -L "$sysroot" "$bin" ${RUN_ARGS[$name]:-} 2>"$work/$name.stderr" || rc=$?
		cat "$work/$name.stderr" >&2
		[ "$rc" = "${RUN_EXIT[$name]:-0}" ] || fail "$prog: exit status $rc under qemu-arm, want ${RUN_EXIT[$name]:-0}"
		resident=$(sed -n 's/^resident writable memory: \([0-9]*\) KiB$/\1/p' "$work/$name.stderr" | tail -1)
	fi
	line=$(printf '%-16s %8d bytes stripped (%3d%% of the 1 MiB flash, %3d%% of the 256 KiB goal, %4.1fx the C floor); data+bss %d bytes; %s KiB resident at exit%s' \
		"$name" "$size" $((size * 100 / FLASH_BUDGET)) $((size * 100 / SIZE_GOAL)) \
		"$(awk -v a="$size" -v b="$cfloor_size" 'BEGIN { print a / b }')" "$databss" "$resident" \
		"${TARGET_FLAGS[$name]:+ (target ${TARGET_FLAGS[$name]})}")
	echo "$line"
	report+=("$line")
	if [ "$size" -gt "$FLASH_BUDGET" ]; then
		echo "tinygo.sh: $prog is over the MT3620's 1 MiB of application flash" >&2
		over=1
	fi
done

step "sizes (C floor: $cfloor_size bytes, $cfloor_resident KiB resident at exit)"
printf '%s\n' "${report[@]}"
[ "$over" = 0 ] || fail "a program is over the flash budget"
step "done"
