import { defineConfig } from '@playwright/test';

// End-to-end tests against the production build of e2e/.content (scripts/test.sh builds it
// first, with the same environment). Debian's Chromium; Playwright downloads no browser here.
export const PORT = 3200;
export const SITE_URL = 'https://learn.example.org';
/** The secret /api/revalidate expects in the tests (e2e/revalidate.spec.ts). */
export const REVALIDATE_SECRET = 'e2e-revalidate-secret';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-quic',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `npx next start -H 127.0.0.1 -p ${PORT}`,
    url: `http://127.0.0.1:${PORT}/robots.txt`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: { SITE_URL, TZ: 'Pacific/Kiritimati', REVALIDATE_SECRET },
  },
});
