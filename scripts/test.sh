#!/usr/bin/env bash
# npm test: lint and types, the unit tests, then the end-to-end tests in Chromium against a production build.
# Installs what a fresh machine lacks: the npm packages, Debian's chromium, Debian's nginx (e2e/cluster.spec.ts)
# and Debian's poppler-utils (the print test of test/corpus/site.test.ts).
set -u
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the browser tests…"
  sudo=$([ "$(id -u)" = 0 ] || echo sudo)
  $sudo apt-get update -qq && $sudo apt-get install -y -qq chromium >/dev/null
fi
if [ ! -x /usr/sbin/nginx ]; then
  echo "Installing Debian's nginx for the cluster tests…"
  sudo=$([ "$(id -u)" = 0 ] || echo sudo)
  $sudo apt-get update -qq && { $sudo apt-get install -y -qq nginx-light >/dev/null || $sudo apt-get install -y -qq nginx >/dev/null; }
fi
if [ ! -x /usr/bin/pdftoppm ]; then
  echo "Installing Debian's poppler-utils for the print test (PDF pages as images)…"
  sudo=$([ "$(id -u)" = 0 ] || echo sudo)
  $sudo apt-get update -qq && $sudo apt-get install -y -qq poppler-utils >/dev/null
fi
status=0
# Lint and format (Biome) and types (tsc): counted as one test.
if npm run -s lint; then echo '  1 passed (lint and types)'; else echo '  1 failed (lint and types: npm run format fixes the formatting)'; status=1; fi
npm run -s test:unit || status=1
# The store tests and the end-to-end tests again on PostgreSQL, when a server is at hand (.ci/run
# always starts one; `scripts/postgres.sh start` prints a TEST_DATABASE_URL).
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  npm run -s test:postgres || status=1
else
  echo "PostgreSQL tests skipped: TEST_DATABASE_URL is not set (scripts/postgres.sh start prints one; .ci/run starts a server and sets it)"
fi
npm run -s test:e2e || status=1
if [ -n "${TEST_DATABASE_URL:-}" ]; then E2E_STORE=postgres npm run -s test:e2e || status=1; fi
exit $status
