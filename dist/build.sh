#!/usr/bin/env bash
# Builds the installers and packages into dist/out/:
#   alliance-desk_VERSION_amd64.deb            Debian/Ubuntu package (menu entry, icon, .adesk type)
#   alliance-desk-VERSION-linux-x86_64.tar.gz  binary, .desktop file, icon, MIME type, README
#   AllianceDesk-VERSION-setup.exe             Windows installer (NSIS): Start menu, uninstaller,
#                                              .adesk association
# Needs (Debian/Ubuntu; installed when missing and run as root): dpkg-dev, nsis,
# gcc-mingw-w64-x86-64, and the Rust target x86_64-pc-windows-gnu.
# Usage: dist/build.sh [--linux-only | --windows-only]
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
out=dist/out
mkdir -p "$out"
want_linux=1; want_windows=1
case "${1:-}" in
  --linux-only) want_windows=0 ;;
  --windows-only) want_linux=0 ;;
esac

need() { # need COMMAND PACKAGE
  command -v "$1" >/dev/null && return
  [ "$(id -u)" = 0 ] || { echo "missing $1: apt-get install $2" >&2; exit 1; }
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "$2" >/dev/null
}

build_linux() {
  need dpkg-deb dpkg-dev
  cargo build --release --locked
  local bin=target/release/alliance-desk
  # Tarball: everything a user needs to run it from a folder or install it by hand.
  local name="alliance-desk-$version-linux-x86_64"
  local tree="$out/$name"
  rm -rf "$tree" && mkdir -p "$tree"
  install -m 755 "$bin" "$tree/alliance-desk"
  install -m 644 dist/linux/alliance-desk.desktop assets/icon.png README.md "$tree/"
  install -m 644 dist/linux/alliance-desk-mime.xml "$tree/"
  mv "$tree/icon.png" "$tree/alliance-desk.png"
  tar -C "$out" -czf "$out/$name.tar.gz" "$name"
  rm -rf "$tree"
  # Debian package.
  local deb="$out/deb"
  rm -rf "$deb" && mkdir -p "$deb/DEBIAN" "$deb/usr/bin" "$deb/usr/share/applications" \
    "$deb/usr/share/icons/hicolor/256x256/apps" "$deb/usr/share/mime/packages" \
    "$deb/usr/share/doc/alliance-desk"
  install -m 755 "$bin" "$deb/usr/bin/alliance-desk"
  install -m 644 dist/linux/alliance-desk.desktop "$deb/usr/share/applications/"
  install -m 644 assets/icon.png "$deb/usr/share/icons/hicolor/256x256/apps/alliance-desk.png"
  install -m 644 dist/linux/alliance-desk-mime.xml "$deb/usr/share/mime/packages/alliance-desk.xml"
  install -m 644 README.md CHANGELOG.md "$deb/usr/share/doc/alliance-desk/"
  local size
  size=$(du -sk "$deb/usr" | cut -f1)
  cat > "$deb/DEBIAN/control" <<CONTROL
Package: alliance-desk
Version: $version
Section: office
Priority: optional
Architecture: amd64
Maintainer: Alliance Desk <alliance-desk@localhost>
Installed-Size: $size
Depends: libc6, libgl1, libx11-6, libxkbcommon-x11-0, libxcursor1, libxrandr2, libxi6
Description: Health-benefits negotiation workbench
 Compare plans, certify best-in-class quality and model renewal, pooled-volume
 and value-based deals from the workbooks carriers and HR systems send.
 Everything runs offline; member data never leaves the machine.
CONTROL
  cat > "$deb/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
command -v update-mime-database >/dev/null && update-mime-database /usr/share/mime || true
command -v update-desktop-database >/dev/null && update-desktop-database /usr/share/applications || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q /usr/share/icons/hicolor || true
POSTINST
  cp "$deb/DEBIAN/postinst" "$deb/DEBIAN/postrm"
  chmod 755 "$deb/DEBIAN/postinst" "$deb/DEBIAN/postrm"
  dpkg-deb --root-owner-group --build "$deb" "$out/alliance-desk_${version}_amd64.deb" >/dev/null
  rm -rf "$deb"
}

build_windows() {
  need makensis nsis
  need x86_64-w64-mingw32-gcc gcc-mingw-w64-x86-64
  rustup target list --installed | grep -q x86_64-pc-windows-gnu || rustup target add x86_64-pc-windows-gnu
  cargo build --release --locked --target x86_64-pc-windows-gnu
  makensis -V2 \
    -DVERSION="$version" \
    -DEXE="$PWD/target/x86_64-pc-windows-gnu/release/alliance-desk.exe" \
    -DICON="$PWD/assets/icon.ico" \
    -DLICENSE="$PWD/LICENSE" \
    -DREADME="$PWD/README.md" \
    -DOUT="$PWD/$out/AllianceDesk-$version-setup.exe" \
    dist/windows/installer.nsi
}

[ $want_linux = 1 ] && build_linux
[ $want_windows = 1 ] && build_windows
ls -l "$out"
