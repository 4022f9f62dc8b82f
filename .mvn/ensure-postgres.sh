#!/usr/bin/env bash
# Makes sure the tests of otp4j-persistence have Debian's PostgreSQL server programs (initdb, postgres):
# installs the package postgresql when they are missing and we are root. The tests start a private server
# of their own from these programs, on 127.0.0.1, and stop it by its process id.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "otp4j-persistence's tests need PostgreSQL's server programs under /usr/lib/postgresql/*/bin." >&2
  echo "Install them as root: apt-get update && apt-get install -y postgresql" >&2
  echo "(or skip the tests with -DskipTests)." >&2
  exit 1
fi
echo "Installing postgresql for otp4j-persistence's tests" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# The package's own cluster is not used: the tests run a private server in target/.
apt-get install -y -q postgresql
