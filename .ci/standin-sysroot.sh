#!/usr/bin/env bash
# Builds a stand-in for an Azure Sphere SDK sysroot (<SDK>/Sysroots/<API set>) in DIR, for CI
# and for anyone without the SDK:
#
#   .ci/standin-sysroot.sh DIR
#
#   DIR/usr/include     musl 1.2.3 headers (Debian's musl-dev:armhf)
#   DIR/usr/lib         crt1.o crti.o crtn.o, libc.so (musl:armhf), the empty libm.a & co.,
#                       libapplibs.so: the C ABI double (internal/device/abidouble) built for
#                       the device's CPU, with DeviceAuth_* moved out (see .ci/standin/tlsutils.c),
#                       and Storage_GetAbsolutePathInImagePackage (.ci/standin/storage.c)
#                       libtlsutils.so: DeviceAuth_GetCertificatePath, DeviceAuth_SslCtxFunc
#                       libcurl.so.4 (and libcurl.so): a stub whose every call fails
#                       (.ci/standin/curlstub.c): Debian has no libcurl for musl
#   DIR/lib             ld-musl-armhf.so.1 -> ../usr/lib/libc.so (musl's loader is its libc)
#   DIR/etc             ld-musl-armhf.path: the loader searches /lib and /usr/lib (of DIR)
#
# A program linked against it runs under `qemu-arm -L DIR prog`: qemu looks up absolute paths
# under DIR first, so the loader finds /lib/ld-musl-armhf.so.1 and then /usr/lib/libapplibs.so
# there, as on the device. The stand-in libapplibs.so installs the root CA certificates named in
# AZSG_STANDIN_ROOTCA (ID=FILE.pem[:ID=FILE.pem...]) when it is loaded (.ci/standin/seed.c).
#
# Needs clang and lld (CLANG, default clang-15, as TinyGo's build installs) and apt with the
# armhf architecture; adds the architecture and installs clang-15/lld-15 when they are missing.
# The musl packages are downloaded and unpacked into DIR, not installed.
#
#   .ci/standin-sysroot.sh -glibc DIR
#
# makes instead a test sysroot in the same layout over Debian's glibc for armhf, in which a
# program that uses libcurl runs end to end (Debian has no libcurl for musl; the musl
# stand-in's libcurl is a stub). It does not have the device's shape (NEEDED libc.so.6, 32-bit
# time_t in C code): it serves TestBootstrapDevice (internal/device/tinygotarget) only.
#
#   DIR/usr/include     -> /usr/arm-linux-gnueabihf/include (libc6-dev-armhf-cross)
#   DIR/usr/lib         crt1.o crti.o crtn.o (libc6-dev-armhf-cross); libc.so, a linker script:
#                       muslabi.o (.ci/standin/glibc-muslabi.c: mmap with musl's 64-bit
#                       off_t, as TinyGo's runtime calls it), then glibc; libcurl.so -> Debian's
#                       libcurl.so.4 (libcurl4:armhf, over OpenSSL); libapplibs.so and
#                       libtlsutils.so as above, built with arm-linux-gnueabihf-gcc
#   DIR/lib             ld-musl-armhf.so.1 -> /lib/ld-linux-armhf.so.3 (libc6:armhf)
#
# Under `qemu-arm -L DIR` the target's interpreter is then glibc's loader, which finds
# libc.so.6, libcurl.so.4 and libssl.so.3 in the host's multiarch directories
# (/lib/arm-linux-gnueabihf) and libapplibs.so in DIR/usr/lib. Installs gcc-arm-linux-gnueabihf,
# libc6-dev-armhf-cross and libcurl4:armhf when they are missing.
set -euo pipefail
glibc=false
if [ "${1:-}" = -glibc ]; then
	glibc=true
	shift
fi
if [ $# -ne 1 ]; then
	echo "usage: $0 [-glibc] DIR" >&2
	exit 2
fi
repo=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1"
dir=$(cd "$1" && pwd)
CLANG=${CLANG:-clang-15}
log() { printf 'standin-sysroot: %s\n' "$*" >&2; }
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
# apt: another job on the machine may hold its lock for a while.
apt() {
	local i
	for i in $(seq 20); do
		$sudo apt-get -o DPkg::Lock::Timeout=60 "$@" && return 0
		log "apt-get $1 failed (attempt $i; locked by another job?): retrying in 15s"
		sleep 15
	done
	return 1
}

if $glibc; then
	need=()
	command -v arm-linux-gnueabihf-gcc >/dev/null || need+=(gcc-arm-linux-gnueabihf)
	[ -f /usr/arm-linux-gnueabihf/lib/crt1.o ] || need+=(libc6-dev-armhf-cross)
	[ -e /usr/lib/arm-linux-gnueabihf/libcurl.so.4 ] || need+=(libcurl4:armhf)
	if [ ${#need[@]} -gt 0 ]; then
		log "installing ${need[*]}"
		dpkg --print-foreign-architectures | grep -qx armhf || $sudo dpkg --add-architecture armhf
		apt update -qq
		apt install -y -qq --no-install-recommends "${need[@]}" >/dev/null
	fi
	[ -e /lib/ld-linux-armhf.so.3 ] || { log "no /lib/ld-linux-armhf.so.3: libc6:armhf is not installed"; exit 1; }
	cross=/usr/arm-linux-gnueabihf
	log "laying out $dir (glibc test sysroot)"
	rm -rf "$dir/usr" "$dir/lib"
	mkdir -p "$dir/usr/lib" "$dir/lib"
	ln -s "$cross/include" "$dir/usr/include"
	cp "$cross/lib/crt1.o" "$cross/lib/crti.o" "$cross/lib/crtn.o" "$dir/usr/lib/"
	ln -s /lib/ld-linux-armhf.so.3 "$dir/lib/ld-musl-armhf.so.1"
	ln -s /usr/lib/arm-linux-gnueabihf/libcurl.so.4 "$dir/usr/lib/libcurl.so"
	# -Wno-format-truncation: the double truncates its diagnostics on purpose.
	gcc=(arm-linux-gnueabihf-gcc -mcpu=cortex-a7 -mfpu=neon-vfpv4 -mfloat-abi=hard -mthumb -O2 -fPIC -Wall -Werror
		-Wno-format-truncation)
	# An object, not an archive: lld would bind the program's mmap to libc.so.6's definition
	# rather than fetch an archive member.
	"${gcc[@]}" -c -o "$dir/usr/lib/muslabi.o" "$repo/.ci/standin/glibc-muslabi.c"
	printf '%s\n' "/* The C library of the glibc test sysroot (.ci/standin-sysroot.sh -glibc). */" \
		"OUTPUT_FORMAT(elf32-littlearm)" \
		"GROUP ( $dir/usr/lib/muslabi.o $cross/lib/libc.so.6 $cross/lib/libc_nonshared.a AS_NEEDED ( $cross/lib/ld-linux-armhf.so.3 ) )" \
		>"$dir/usr/lib/libc.so"
	double=$repo/internal/device/abidouble
	log "building libapplibs.so and libtlsutils.so from $double"
	"${gcc[@]}" -DDeviceAuth_GetCertificatePath=abidouble_tls_GetCertificatePath \
		-DDeviceAuth_SslCtxFunc=abidouble_tls_SslCtxFunc -I"$double" -I"$repo/internal/device/cfloor" \
		-shared -Wl,-z,defs -Wl,-soname,libapplibs.so -o "$dir/usr/lib/libapplibs.so" \
		"$double"/*.c "$repo/.ci/standin/seed.c" "$repo/.ci/standin/storage.c"
	"${gcc[@]}" -I"$double" -shared -Wl,-z,defs -Wl,-soname,libtlsutils.so -o "$dir/usr/lib/libtlsutils.so" \
		"$repo/.ci/standin/tlsutils.c" -L"$dir/usr/lib" -lapplibs
	{
		echo "Glibc test sysroot made by .ci/standin-sysroot.sh -glibc: not the device's shape."
		echo "glibc $(dpkg-query -W -f '${Version}' libc6:armhf) (Debian libc6:armhf, libc6-dev-armhf-cross);"
		echo "libcurl $(dpkg-query -W -f '${Version}' libcurl4:armhf) (Debian libcurl4:armhf, over OpenSSL);"
		echo "libapplibs.so and libtlsutils.so are the C ABI double of github.com/azsphere-go/applibs"
		echo "(internal/device/abidouble), not the SDK's."
	} >"$dir/STANDIN.txt"
	log "done: $dir"
	exit 0
fi

if ! command -v "$CLANG" >/dev/null || { ! command -v ld.lld-15 >/dev/null && ! command -v ld.lld >/dev/null; }; then
	log "installing clang-15 lld-15"
	apt update -qq
	apt install -y -qq --no-install-recommends clang-15 lld-15 >/dev/null
fi
if ! dpkg --print-foreign-architectures | grep -qx armhf || ! apt-cache show musl-dev:armhf >/dev/null 2>&1; then
	log "adding the armhf architecture to apt"
	$sudo dpkg --add-architecture armhf
	apt update -qq
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log "downloading musl:armhf musl-dev:armhf libgcc-12-dev-armhf-cross"
(cd "$work" && apt-get download -qq musl:armhf musl-dev:armhf libgcc-12-dev-armhf-cross 2>/dev/null)
for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$work/x"; done
# libgcc.a gives the two libraries the compiler's helper functions (64-bit division in der.c),
# hidden, as a GCC-built SDK library has them; it is not copied into the sysroot.
libgcc=$(echo "$work"/x/usr/lib/gcc-cross/arm-linux-gnueabihf/*/libgcc.a)
triple=arm-linux-musleabihf
version=$(dpkg-deb -f "$work"/musl-dev_*.deb Version)

log "laying out $dir"
rm -rf "$dir/usr" "$dir/lib" "$dir/etc"
mkdir -p "$dir/usr/include" "$dir/usr/lib" "$dir/lib"
cp -a "$work/x/usr/include/$triple/." "$dir/usr/include/"
cp -a "$work/x/usr/lib/$triple/." "$dir/usr/lib/"
rm -f "$dir/usr/lib/musl-gcc.specs"
cp "$work/x/lib/$triple/libc.so" "$dir/usr/lib/libc.so"
ln -s ../usr/lib/libc.so "$dir/lib/ld-musl-armhf.so.1"
# musl's loader reads its search path from /etc/ld-musl-armhf.path, which qemu-arm -L looks up
# in DIR first and then on the host: with Debian's musl:armhf installed on the host, the
# host's file would send the loader to /usr/lib/arm-linux-musleabihf, past DIR/usr/lib.
mkdir -p "$dir/etc"
printf '/lib\n/usr/lib\n' >"$dir/etc/ld-musl-armhf.path"

# The device's C flags (the SDK's: ARMv7-A Cortex-A7, hard float, NEON/VFPv4, Thumb-2).
cflags=(--target=armv7a-unknown-linux-musleabihf -mcpu=cortex-a7 -mfpu=neon-vfpv4 -mfloat-abi=hard -mthumb
	--sysroot="$dir" -nostdlibinc -isystem "$dir/usr/include" -O2 -fPIC -Wall -Werror)
ldflags=(-fuse-ld=lld -shared -nostdlib -L"$dir/usr/lib" -Wl,-z,defs)
double=$repo/internal/device/abidouble
rename=(-DDeviceAuth_GetCertificatePath=abidouble_tls_GetCertificatePath
	-DDeviceAuth_SslCtxFunc=abidouble_tls_SslCtxFunc)

log "building libapplibs.so from $double"
"$CLANG" "${cflags[@]}" "${rename[@]}" -I"$double" -I"$repo/internal/device/cfloor" "${ldflags[@]}" -Wl,-soname,libapplibs.so \
	-o "$dir/usr/lib/libapplibs.so" "$double"/*.c "$repo/.ci/standin/seed.c" "$repo/.ci/standin/storage.c" -lc "$libgcc"
log "building libtlsutils.so"
"$CLANG" "${cflags[@]}" -I"$double" "${ldflags[@]}" -Wl,-soname,libtlsutils.so \
	-o "$dir/usr/lib/libtlsutils.so" "$repo/.ci/standin/tlsutils.c" -lapplibs -lc "$libgcc"
log "building the stub libcurl.so.4"
"$CLANG" "${cflags[@]}" "${ldflags[@]}" -Wl,-soname,libcurl.so.4 \
	-o "$dir/usr/lib/libcurl.so.4" "$repo/.ci/standin/curlstub.c" -lc
ln -s libcurl.so.4 "$dir/usr/lib/libcurl.so"

cat >"$dir/STANDIN.txt" <<EOF
Stand-in for an Azure Sphere SDK sysroot, made by .ci/standin-sysroot.sh.
musl $version (Debian musl:armhf, musl-dev:armhf); libapplibs.so and libtlsutils.so are the
C ABI double of github.com/azsphere-go/applibs (internal/device/abidouble), not the SDK's.
EOF
log "done: $dir"
