#!/usr/bin/env bash
# npm test: the unit tests, then the end-to-end tests in Chromium against a production build.
# Installs what a fresh machine lacks: the npm packages, and Debian's chromium.
set -u
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the browser tests…"
  sudo=$([ "$(id -u)" = 0 ] || echo sudo)
  $sudo apt-get update -qq && $sudo apt-get install -y -qq chromium >/dev/null
fi
status=0
npm run -s test:unit || status=1
npm run -s test:e2e || status=1
exit $status
