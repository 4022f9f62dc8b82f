#!/usr/bin/env bash
# Makes sure the browser tests of otp4j-observer have Debian's headless Chromium and its driver:
# installs the packages chromium and chromium-driver when either program is missing and we are root.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "otp4j-observer's tests need /usr/bin/chromium and /usr/bin/chromedriver." >&2
  echo "Install them as root: apt-get update && apt-get install -y chromium chromium-driver" >&2
  echo "(or skip the tests with -DskipTests)." >&2
  exit 1
fi
echo "Installing chromium and chromium-driver for otp4j-observer's browser tests" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q chromium chromium-driver
