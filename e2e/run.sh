#!/usr/bin/env bash
# Builds the site from e2e/.content as production would, then runs the Playwright tests on it.
# E2E_STORE=postgres: the same, with the content synced into a new database on the server at
# TEST_DATABASE_URL (content:sync) and the site built and served from it (DATABASE_URL).
set -eu
cd "$(dirname "$0")/.."
# PRERENDER_QUESTIONS below the number of questions, so that some are rendered on demand.
# BUILD_DIR: built in its own folder, so that the site's own build (.next, .content) is left as it was.
export BUILD_DIR=.test-build/e2e NEXT_TELEMETRY_DISABLED=1 CONTENT_DIR=e2e/.content SITE_URL=https://learn.example.org TZ=Pacific/Kiritimati PRERENDER_QUESTIONS=50
npx tsx e2e/prepare-content.ts
if [ "${E2E_STORE:-sqlite}" = postgres ]; then
  : "${TEST_DATABASE_URL:?E2E_STORE=postgres needs TEST_DATABASE_URL}"
  psql -q "$TEST_DATABASE_URL" -c "DROP DATABASE IF EXISTS e2e WITH (FORCE)" -c "CREATE DATABASE e2e" >/dev/null
  export DATABASE_URL="${TEST_DATABASE_URL%/*}/e2e"
  npm run -s content:sync -- e2e/.content
fi
mkdir -p "$BUILD_DIR"
npx next build > "$BUILD_DIR/build.log" 2>&1 || { cat "$BUILD_DIR/build.log"; exit 1; }
tail -n 3 "$BUILD_DIR/build.log"
npx playwright test "$@"
