#!/usr/bin/env bash
# Tests of the libcurl client (deviceauth/curl) and of the device bootstrap program
# (examples/bootstrap-device), run from the repository root:
#
#  1. amd64, with -race: the host build (libcurl.so.4 loaded at run time, no DAA) and the
#     build against the C ABI double (-tags abidouble: DeviceAuth_SslCtxFunc puts a test DAA
#     certificate into libcurl's OpenSSL context), against local HTTPS servers; the package's
#     libcurl declarations are compiled against <curl/curl.h>;
#  2. the same for linux/arm (arm-linux-gnueabihf-gcc, Debian's armhf libcurl) under
#     qemu-arm, the declarations checked against the armhf <curl/curl.h>;
#  3. a device build (-tags azsphere) of examples/bootstrap-device linked against stand-in
#     libapplibs/libtlsutils (the double) and Debian's armhf libcurl, run under qemu-arm, and
#     its size reported.
#
# Installs what it needs when it is missing: libcurl4, libcurl4-openssl-dev, the ARM cross
# compiler, qemu-user, and the armhf libcurl (dpkg --add-architecture armhf).
set -euo pipefail
cd "$(dirname "$0")/.."
export CI="${CI:-true}"
start=$(date +%s)
step() { printf '\n=== curl-tests: %s (%ds)\n' "$*" "$(($(date +%s) - start))"; }

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
need=()
dpkg -s "libcurl4-openssl-dev:$(dpkg --print-architecture)" >/dev/null 2>&1 || need+=(libcurl4 libcurl4-openssl-dev)
command -v arm-linux-gnueabihf-gcc >/dev/null || need+=(gcc-arm-linux-gnueabihf libc6-dev-armhf-cross)
command -v qemu-arm >/dev/null || need+=(qemu-user)
command -v gcc >/dev/null || need+=(gcc libc6-dev)
dpkg -s libcurl4-openssl-dev:armhf >/dev/null 2>&1 || need+=(libcurl4:armhf libcurl4-openssl-dev:armhf)
if [ ${#need[@]} -gt 0 ]; then
	step "installing ${need[*]}"
	export DEBIAN_FRONTEND=noninteractive
	dpkg --print-foreign-architectures | grep -qx armhf || $sudo dpkg --add-architecture armhf
	$sudo apt-get update -qq
	$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

PKGS=(./deviceauth/curl/ ./examples/bootstrap-device/)
ARM_ENV=(CGO_ENABLED=1 GOOS=linux GOARCH=arm GOARM=7 CC=arm-linux-gnueabihf-gcc)
# The armhf libcurl and its libc are Debian's multiarch packages under /, not the cross
# toolchain's /usr/arm-linux-gnueabihf.
QEMU="qemu-arm -L /"

step "amd64: vet (host, abidouble) and tests with -race"
CGO_ENABLED=1 go vet "${PKGS[@]}"
CGO_ENABLED=1 go vet -tags abidouble "${PKGS[@]}" ./internal/device/abidouble/
CGO_ENABLED=1 go test -race -count=1 "${PKGS[@]}"
CGO_ENABLED=1 go test -race -count=1 -tags abidouble "${PKGS[@]}"

step "linux/arm: vet of the device build (-tags azsphere) and of the double build"
env "${ARM_ENV[@]}" go vet -tags azsphere "${PKGS[@]}"
env "${ARM_ENV[@]}" go vet -tags abidouble "${PKGS[@]}"

step "linux/arm under qemu-arm: host build and double build tests"
env "${ARM_ENV[@]}" go test -count=1 -exec "$QEMU" ./deviceauth/curl/
env "${ARM_ENV[@]}" go test -count=1 -tags abidouble -exec "$QEMU" "${PKGS[@]}"

step "linux/arm: device build of examples/bootstrap-device against stand-in libraries"
stubs=$(mktemp -d)
trap 'rm -rf "$stubs"' EXIT
cat >"$stubs/storage.c" <<'C'
#include <stdlib.h>
#include <string.h>
/* Stand-in for Storage_GetAbsolutePathInImagePackage (applibs/storage.h): paths as given. */
char *Storage_GetAbsolutePathInImagePackage(const char *rel) { return rel ? strdup(rel) : NULL; }
C
arm-linux-gnueabihf-gcc -O2 -shared -fPIC -o "$stubs/libapplibs.so" internal/device/abidouble/*.c "$stubs/storage.c"
printf '\n' >"$stubs/empty.c"
arm-linux-gnueabihf-gcc -shared -fPIC -o "$stubs/libtlsutils.so" "$stubs/empty.c"
env "${ARM_ENV[@]}" CGO_LDFLAGS="-L$stubs" go build -tags azsphere -trimpath -ldflags='-s -w' \
	-o "$stubs/bootstrap-device" ./examples/bootstrap-device
size=$(stat -c %s "$stubs/bootstrap-device")
echo "bootstrap-device (device build, linux/arm, gc, stripped): $size bytes; MT3620 flash budget: 1048576 bytes"
# The stand-in device has not attested: the program must wait and give up.
set +e
out=$($QEMU -E "LD_LIBRARY_PATH=$stubs" "$stubs/bootstrap-device" -url https://127.0.0.1:9/enroll -roots roots.pem -wait 500ms 2>&1)
rc=$?
set -e
echo "$out"
if [ "$rc" -ne 1 ] || ! grep -q "waiting for device authentication" <<<"$out"; then
	echo "bootstrap-device: exit $rc, want 1 and a wait for device authentication"
	exit 1
fi

step "done"
