#!/usr/bin/env bash
# Packaging, from the build CTest runs in (the tabhook binary's build directory; nothing is rebuilt):
# 1. `cmake --install` with DESTDIR puts the binary, man page, completions, schemas, docs and systemd units
#    in the GNUInstallDirs places, installs no fake-tableau, and the installed tabhook runs.
# 2. `cpack -G DEB` builds the .deb; dpkg-deb --info shows the metadata and Depends, every shared library
#    the binary needs comes from a package in Depends, dpkg-deb --contents lists the layout.
# 3. The .deb is unpacked with dpkg -x into a throwaway root (never dpkg -i here: that would change the
#    machine running the tests; see docs/install.md for the by-hand check): its tabhook --version runs, and
#    its units pass systemd-analyze verify with ExecStart pointed at the unpacked binary.
set -euo pipefail
: "${TABHOOK:?}" "${TABHOOK_SOURCE_DIR:?}"
fail() { echo "FAIL: $*" >&2; exit 1; }
for tool in cmake cpack dpkg-deb dpkg; do command -v "$tool" >/dev/null || fail "$tool is not installed"; done

build=$(cd "$(dirname "$TABHOOK")/.." && pwd)
[ -f "$build/CPackConfig.cmake" ] || fail "$build has no CPackConfig.cmake (cmake/Packaging.cmake not included?)"
work=$(mktemp -d "${E2E_TMP:-/tmp}/package.XXXXXX")
[ -n "${KEEP_E2E_TMP:-}" ] || trap 'rm -rf "$work"' EXIT
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
[ -n "$version" ] || fail "no project version in $build/CMakeCache.txt"
units=$(cd "$TABHOOK_SOURCE_DIR/systemd" 2>/dev/null && ls -- *.service *.timer 2>/dev/null || true)
with_man=1
grep -q '^TABHOOK_HELP2MAN:FILEPATH=.*NOTFOUND' "$build/CMakeCache.txt" && with_man=0

# expect_layout ROOT: the installed tree under ROOT/usr.
expect_layout() {
  local root=$1 f
  local files=(usr/bin/tabhook usr/share/bash-completion/completions/tabhook usr/share/zsh/vendor-completions/_tabhook
    usr/share/tabhook/schemas/tabhook-v1.json usr/share/doc/tabhook/README.md usr/share/doc/tabhook/daemon.md)
  [ "$with_man" = 1 ] && files+=(usr/share/man/man1/tabhook.1.gz)
  for u in $units; do files+=("usr/lib/systemd/system/$u"); done
  for f in "${files[@]}"; do [ -f "$root/$f" ] || fail "$root: missing $f"; done
  [ -x "$root/usr/bin/tabhook" ] || fail "$root/usr/bin/tabhook is not executable"
  ! find "$root" -name 'fake-tableau*' -o -name 'tls-proxy*' -o -name 'unit_*' | grep -q . || fail "$root: test tools installed"
  if [ "$with_man" = 1 ]; then
    # Compressed as Debian policy asks, with no name or time stamp in the gzip header (gzip -n).
    gzip -t "$root/usr/share/man/man1/tabhook.1.gz" || fail "tabhook.1.gz is not gzip"
    [ "$(od -An -tu4 -j4 -N4 "$root/usr/share/man/man1/tabhook.1.gz" | tr -d ' ')" = 0 ] ||
      fail "tabhook.1.gz carries a time stamp (not reproducible)"
    zcat "$root/usr/share/man/man1/tabhook.1.gz" >"$work/tabhook.1"
    grep -q '^\.TH TABHOOK "1"' "$work/tabhook.1" || fail "tabhook.1 is not a man page"
    for c in validate plan apply drift test export run events; do
      grep -q "tabhook $c:" "$work/tabhook.1" || fail "tabhook.1 does not document '$c'"
    done
    grep -q 'detailed\\-exitcode' "$work/tabhook.1" || fail "tabhook.1 lacks the subcommands' flags"
  else
    echo "help2man was not found at configure time: no man page checked (scripts/install-deps.sh installs it)"
  fi
}

# 1. cmake --install into a staging root.
DESTDIR="$work/stage" cmake --install "$build" --prefix /usr >"$work/install.log" 2>&1 ||
  { cat "$work/install.log" >&2; fail "cmake --install failed"; }
expect_layout "$work/stage"
out=$("$work/stage/usr/bin/tabhook" --version) || fail "installed tabhook --version failed"
[ "$out" = "tabhook $version" ] || fail "installed tabhook --version: '$out'"

# 2. cpack -G DEB, its files under $work.
(cd "$work" && cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/cpack") >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log" >&2; fail "cpack -G DEB failed"; }
deb=$(ls "$work"/cpack/tabhook_"$version"_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { cat "$work/cpack.log" >&2; fail "no tabhook_${version}_*.deb in $work/cpack"; }

dpkg-deb --info "$deb" >"$work/info.txt"
field() { sed -n "s/^ $1: //p" "$work/info.txt"; }
[ "$(field Package)" = tabhook ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$version" ] || fail "Version: $(field Version)"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture: $(field Architecture)"
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
grep -q '^ Description: Tableau webhooks as code' "$work/info.txt" || fail "no Description"
depends=$(field Depends)
names=$(tr ',' '\n' <<<"$depends" | sed -e 's/(.*//' -e 's/ //g')
for p in libyaml-cpp0.7 libcurl4 libfmt9 libpugixml1v5 libcpp-httplib0.11; do
  grep -qxF "$p" <<<"$names" || fail "Depends lacks $p: $depends"
done
# Every library the binary needs (its NEEDED entries) is shipped by an installed package named in Depends.
needed=$(readelf -d "$TABHOOK" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
[ -n "$needed" ] || fail "readelf found no NEEDED entry in $TABHOOK"
while read -r lib path; do
  grep -qxF "$lib" <<<"$needed" || continue
  real=$(readlink -f "$path")
  pkg=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$real" 2>/dev/null || dpkg -S "${real#/usr}" 2>/dev/null ||
    dpkg -S "/usr$real" 2>/dev/null || true)
  pkg=${pkg%%:*}
  [ -n "$pkg" ] || fail "no package ships $lib ($real)"
  grep -qxF "$pkg" <<<"$names" || fail "$lib comes from $pkg, which Depends does not name: $depends"
done < <(ldd "$TABHOOK" | awk '$2 == "=>" && $3 ~ /^\// {print $1, $3}' | grep -v -E '^(linux-vdso|libasan|libubsan|libtsan|liblsan)')

dpkg-deb --contents "$deb" >"$work/contents.txt"
for f in ./usr/bin/tabhook ./usr/share/bash-completion/completions/tabhook ./usr/share/zsh/vendor-completions/_tabhook \
  ./usr/share/tabhook/schemas/tabhook-v1.json; do
  grep -q " $f\$" "$work/contents.txt" || fail "dpkg-deb --contents lacks $f"
done
for u in $units; do grep -q " ./usr/lib/systemd/system/$u\$" "$work/contents.txt" || fail "the .deb lacks the unit $u"; done
! grep -q -e fake-tableau -e '/usr/local' "$work/contents.txt" || fail "the .deb holds a test tool or a /usr/local path"

# 3. Unpack into a throwaway root and run it.
dpkg -x "$deb" "$work/root"
expect_layout "$work/root"
out=$("$work/root/usr/bin/tabhook" --version) || fail "unpacked tabhook --version failed"
[ "$out" = "tabhook $version" ] || fail "unpacked tabhook --version: '$out'"
"$work/root/usr/bin/tabhook" validate --offline "$TABHOOK_SOURCE_DIR/examples" >/dev/null ||
  fail "unpacked tabhook cannot validate the examples"

if [ -n "$units" ]; then
  command -v systemd-analyze >/dev/null || fail "systemd-analyze is not installed (package systemd)"
  mkdir "$work/units"
  for u in $units; do
    sed "s#/usr/bin/tabhook#$work/root/usr/bin/tabhook#g" "$work/root/usr/lib/systemd/system/$u" >"$work/units/$u"
  done
  # shellcheck disable=SC2046,SC2086 # one argument per unit
  (cd "$work/units" && timeout 60 systemd-analyze verify $(printf './%s ' $units)) >"$work/verify.txt" 2>&1 ||
    { cat "$work/verify.txt" >&2; fail "systemd-analyze verify failed on the packaged units"; }
  [ ! -s "$work/verify.txt" ] || { cat "$work/verify.txt" >&2; fail "systemd-analyze verify warned about the packaged units"; }
fi
echo "package_deb_installs: ok ($(basename "$deb"), $(du -k "$deb" | cut -f1) KiB, units: $(echo $units))"
