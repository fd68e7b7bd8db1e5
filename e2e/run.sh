#!/usr/bin/env bash
# Builds the site from e2e/.content as production would, then runs the Playwright tests on it.
set -eu
cd "$(dirname "$0")/.."
# PRERENDER_QUESTIONS below the number of questions, so that some are rendered on demand.
export NEXT_TELEMETRY_DISABLED=1 CONTENT_DIR=e2e/.content SITE_URL=https://learn.example.org TZ=Pacific/Kiritimati PRERENDER_QUESTIONS=50
npx tsx e2e/prepare-content.ts
npx next build > test-results-build.log 2>&1 || { cat test-results-build.log; exit 1; }
tail -n 3 test-results-build.log
npx playwright test
