#!/usr/bin/env bash
# Make Debian's Chromium available for the browser tests (never a Playwright-downloaded browser).
# Installs the `chromium` package when missing and we are root; otherwise says loudly what to do.
set -u
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure_chromium: installing Debian's chromium for the browser tests ..."
  apt-get update -qq >/dev/null 2>&1 || true
  if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1; then
    echo "ensure_chromium: chromium installed."
    exit 0
  fi
fi
echo "################################################################################"
echo "ensure_chromium: chromium is NOT available; the browser tests will be SKIPPED."
echo "Install it with: sudo apt-get install chromium   (Debian/Ubuntu)"
echo "################################################################################"
exit 0
