#!/bin/sh
# What the tests need from Debian: its Chromium for the end-to-end tests (Playwright drives
# /usr/bin/chromium, so no browser download is needed, and none is possible offline), and nginx,
# the load balancer of the cluster tests (tests/test_cluster.py). Installs only what is missing.
set -e
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium chromium-driver"
[ -x /usr/sbin/nginx ] || missing="$missing nginx-light"
[ -n "$missing" ] || exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
# nginx-light's package starts a system nginx on port 80; the tests run their own, so it may stay
# or go: it is stopped when this script installed it, and never touched otherwise.
case "$missing" in *nginx*) $SUDO service nginx stop >/dev/null 2>&1 || true ;; esac
