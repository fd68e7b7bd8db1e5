import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PORT, REVALIDATE_SECRET } from '../playwright.config';

// Publishing without a rebuild: /api/revalidate refuses what it should, and on the PostgreSQL
// store (E2E_STORE=postgres) a changed answer synced with content:sync shows on its page and
// in its subject's listing and its Open Graph image without a build.

const ENDPOINT = '/api/revalidate';
const FILE = path.resolve(import.meta.dirname, '.content/physics/what-is-the-refractive-index-and-how-does-snells-law-describe-refraction.md');
const PAGE = '/learn/physics/questions/what-is-the-refractive-index-and-how-does-snells-law-describe-refraction';
const TITLE = 'What is the refractive index, and how does Snell’s law describe refraction?';

test('the revalidation endpoint: 401 without the secret or with a wrong one, 413 past its size, 400 for what is not a change list', async ({ request }) => {
  const changes = { ids: [1], subjects: ['physics'], topics: [] };
  expect((await request.post(ENDPOINT, { data: changes })).status()).toBe(401);
  const wrong = await request.post(ENDPOINT, { data: changes, headers: { authorization: `Bearer ${REVALIDATE_SECRET}x` } });
  expect(wrong.status()).toBe(401);
  expect(wrong.headers()['www-authenticate']).toBe('Bearer');
  const auth = { authorization: `Bearer ${REVALIDATE_SECRET}` };
  expect((await request.post(ENDPOINT, { data: 'x'.repeat(1_100_000), headers: { ...auth, 'content-type': 'text/plain' } })).status()).toBe(413);
  expect((await request.post(ENDPOINT, { data: '{not json', headers: { ...auth, 'content-type': 'application/json' } })).status()).toBe(400);
  expect((await request.post(ENDPOINT, { data: { ids: ['1; DROP TABLE'] }, headers: auth })).status()).toBe(400);
  const nul = await request.post(ENDPOINT, { data: { topics: ['cells\u0000'] }, headers: auth });
  expect(nul.status(), 'a name with NUL: PostgreSQL could not store its tag').toBe(400);
  expect((await nul.json()).error).toBe('topics must be an array of at most 50000 strings of 1 to 200 characters, without NUL');
  expect((await request.get(ENDPOINT)).status()).toBe(405);
  const ok = await request.post(ENDPOINT, { data: changes, headers: auth });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toEqual({ revalidated: 5 });
});

test.describe('on the PostgreSQL store', () => {
  test.skip(!process.env.DATABASE_URL, 'needs the PostgreSQL store (E2E_STORE=postgres: scripts/test.sh runs it when TEST_DATABASE_URL is set)');
  const original = fs.existsSync(FILE) ? fs.readFileSync(FILE, 'utf8') : '';
  const sync = () =>
    execFileSync('npx', ['tsx', 'scripts/content-sync.ts', 'e2e/.content'], {
      cwd: path.resolve(import.meta.dirname, '..'),
      env: { ...process.env, SITE_URL: `http://127.0.0.1:${PORT}`, REVALIDATE_SECRET },
      encoding: 'utf8',
    });

  test.afterAll(() => {
    fs.writeFileSync(FILE, original);
    sync();
  });

  test('a changed answer synced with content:sync shows without a rebuild, on its practice page and its Open Graph image too', async ({ page, request }) => {
    const image = async () => Buffer.from(await (await request.get(`${PAGE}/opengraph-image`)).body());
    const imageBefore = await image();
    expect((await request.get(`${PAGE}/opengraph-image`)).headers()['x-nextjs-cache'], 'the image is cached').toBe('HIT');
    await page.goto(PAGE);
    await expect(page.locator('h1')).toHaveText(TITLE);
    await page.goto('/learn/physics');
    await expect(page.getByRole('link', { name: TITLE })).toBeVisible();
    await page.goto('/learn/physics/practice');
    await expect(page.locator('.practice')).toContainText(TITLE);

    fs.writeFileSync(
      FILE,
      original
        .replaceAll(TITLE, 'What is the refractive index of a medium?')
        .replace(/^answer: >-\n/m, 'answer: >-\n    Published without a rebuild: this sentence came from content:sync.\n'),
    );
    const output = sync();
    expect(output).toMatch(/1 questions written/);
    expect(output).toMatch(/revalidated \d+ pages and tags/);

    await page.goto(PAGE);
    await expect(page.locator('h1')).toHaveText('What is the refractive index of a medium?');
    await expect(page.locator('#answer')).toContainText('Published without a rebuild: this sentence came from content:sync.');
    await page.goto('/learn/physics');
    await expect(page.getByRole('link', { name: 'What is the refractive index of a medium?' })).toBeVisible();
    // The practice set holds the answer too (tagged with each of its questions).
    await page.goto('/learn/physics/practice');
    await expect(page.locator('.practice')).toContainText('Published without a rebuild: this sentence came from content:sync.');
    // The image shows the title: expired with the page (tagged with the question), drawn again.
    expect((await image()).equals(imageBefore), 'the Open Graph image shows the new title').toBe(false);
  });
});
