#!/bin/sh
# Debian's Chromium for the end-to-end tests: Playwright drives /usr/bin/chromium, so no browser
# download is needed (none is possible offline). Does nothing when it is already installed.
set -e
[ -x /usr/bin/chromium ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
