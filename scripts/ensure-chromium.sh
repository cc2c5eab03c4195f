#!/bin/sh
# The browser tests drive Debian's chromium (Playwright never downloads a browser here).
# Installs it when missing and we may (root with apt-get); otherwise says how.
set -u
command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests …"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    && exit 0
fi
echo "chromium is not installed: the browser tests will be skipped." >&2
echo "Install it with: sudo apt-get install chromium" >&2
exit 0
