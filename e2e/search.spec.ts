import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './helpers';

// Search, as a student uses it: from the header of any page, typing on the search page with
// instant results and the keyboard, without JavaScript, and with queries that are not queries.

const PHOTO = '/learn/physics/questions/how-does-the-photoelectric-effect-show-that-light-is-made-of-photons';

/** The scripts a page loads that hold the instant search's code (it alone calls /api/search). */
async function instantSearchScripts(page: Page, request: APIRequestContext): Promise<string[]> {
  const sources = await page.locator('script[src]').evaluateAll((scripts) => scripts.map((s) => s.getAttribute('src')!));
  const found: string[] = [];
  for (const src of sources) if ((await (await request.get(src)).text()).includes('/api/search')) found.push(src);
  return found;
}

test('the header search box works from a question page, with no client JavaScript of ours there', async ({ page, request }) => {
  await page.goto('/learn/mathematics/questions/how-do-you-find-the-eigenvalues-and-eigenvectors-of-a-matrix');
  expect(await instantSearchScripts(page, request)).toEqual([]);
  await page.getByRole('searchbox', { name: 'Search questions' }).fill('photoelectric effect');
  await page.getByRole('searchbox', { name: 'Search questions' }).press('Enter');
  await expect(page).toHaveURL('/search?q=photoelectric+effect');
  // Any of the words matches; the question holding both comes first.
  await expect(page.locator('#search-status')).toHaveText('4 questions match');
  await expect(page.locator('main ol a[data-result]').first()).toHaveAttribute('href', PHOTO);
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
  expect(await instantSearchScripts(page, request)).toHaveLength(1);
});

test('typing shows results as you go, the address follows, arrow keys and Enter reach a result', async ({ page }) => {
  await page.goto('/search');
  // The empty search page may be indexed (its results pages may not, above).
  await expect(page.locator('meta[name="robots"]')).toHaveCount(0);
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', 'https://learn.example.org/search');
  const box = page.locator('#search-query');
  await box.pressSequentially('photoelec', { delay: 40 });
  await expect(page.locator('#search-status')).toHaveText('1 question matches');
  await expect(page).toHaveURL('/search?q=photoelec');
  await expect(page.locator('main mark').first()).toHaveText(/photoelectric/i);
  await box.press('ArrowDown');
  await expect(page.locator('a[data-result]').first()).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(box).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(PHOTO);
});

test('the count is announced to screen readers, and only the latest query is shown', async ({ page }) => {
  await page.goto('/search');
  await expect(page.locator('#search-status')).toHaveAttribute('aria-live', 'polite');
  const box = page.locator('#search-query');
  await box.pressSequentially('equation', { delay: 10 });
  await box.fill('pipefail');
  await expect(page.locator('#search-status')).toHaveText('1 question matches');
  await expect(page.locator('a[data-result]')).toHaveCount(1);
  await expect(page).toHaveURL('/search?q=pipefail');
});

test('search works with JavaScript off: results, the subject filter, pages', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('searchbox', { name: 'Search questions' }).fill('world history practice');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.locator('#search-status')).toHaveText('66 questions match');
  await expect(page.locator('a[data-result]')).toHaveCount(20);
  await expect(page.locator('a[data-result]').first()).toHaveText(/^World history practice question/);
  await page.getByRole('link', { name: 'Next →' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByText('Page 2 of 4')).toBeVisible();
  await page.goto('/search?q=equation');
  const filter = page.getByRole('navigation', { name: 'Filter by subject' });
  const maths = filter.getByRole('link', { name: /^Mathematics \(\d+\)$/ });
  const count = Number(/\((\d+)\)/.exec((await maths.textContent())!)![1]);
  await maths.click();
  await expect(page).toHaveURL('/search?q=equation&subject=mathematics');
  await expect(page.locator('a[data-result]')).toHaveCount(count);
  await expect(filter.getByRole('link', { name: /^Mathematics/ })).toHaveAttribute('aria-current', 'true');
  await context.close();
});

test('a typo is searched as the site’s own word, "search instead" takes the words as typed, then "did you mean"', async ({ page }) => {
  await page.goto('/search?q=photoelectrc+effect');
  await expect(page.locator('[data-correction]')).toContainText('Showing results for photoelectric effect');
  await expect(page.locator('a[data-result]').first()).toHaveAttribute('href', PHOTO);
  await page.getByRole('link', { name: 'photoelectrc effect', exact: true }).click();
  await expect(page).toHaveURL('/search?q=photoelectrc+effect&exact=1');
  await expect(page.locator('[data-correction]')).toHaveCount(0);
  await page.getByRole('link', { name: 'photoelectric effect', exact: true }).click();
  await expect(page).toHaveURL('/search?q=photoelectric+effect');
  await expect(page.getByText('Did you mean')).toHaveCount(0);
  await expect(page.locator('[data-correction]')).toHaveCount(0);
});

test('with JavaScript off too: the correction, and the words as typed', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/search?q=photoelectrc+effect');
  await expect(page.locator('[data-correction]')).toContainText('Showing results for photoelectric effect');
  await page.getByRole('link', { name: 'photoelectrc effect', exact: true }).click();
  await expect(page.getByText('Did you mean')).toBeVisible();
  await context.close();
});

test('empty, useless and hostile queries get a normal page, never an error', async ({ page, request }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => void dialog.dismiss().then(() => dialogs.push(dialog.message())));
  for (const q of ['', '   ', '😀', '***', '"', 'NEAR(a b)', "'; DROP TABLE questions; --", 'title:x OR -y', '\u200b', '<script>alert(1)</script>']) {
    const response = await page.goto(`/search?q=${encodeURIComponent(q)}`);
    expect(response?.status(), q).toBe(200);
    await expect(page.locator('h1')).toHaveText('Search');
    expect(await page.locator('main').innerText()).not.toMatch(/SQLITE|fts5|syntax error/i);
  }
  await page.goto('/search?q=');
  await expect(page.getByRole('heading', { name: 'Browse by subject' })).toBeVisible();
  await page.goto('/search?q=%F0%9F%98%80');
  await expect(page.getByText('Your search has no words to look for')).toBeVisible();
  await page.goto('/search?q=equation&subject=no-such-subject');
  await expect(page.getByText('There is no subject “no-such-subject”')).toBeVisible();
  await page.goto('/search?q=equation&page=40');
  await expect(page.getByText(/There is no page 40/)).toBeVisible();
  expect(dialogs).toEqual([]);
  const long = await request.get(`/api/search?q=${'a'.repeat(600)}`);
  expect(long.status()).toBe(400);
  const ok = await request.get('/api/search?q=equation');
  expect(ok.headers()['cache-control']).toMatch(/max-age=\d+/);
  expect((await ok.json()).total).toBeGreaterThan(0);
});

test('hostile content in results is shown as text', async ({ page }) => {
  await page.goto('/search?q=description+break');
  await expect(page.locator('main ol')).toContainText('"><script>alert("description")</script>');
  await expect(page.locator('main ol script, main ol img')).toHaveCount(0);
});

test('browsers can add the site as a search engine (OpenSearch)', async ({ page, request }) => {
  await page.goto('/');
  await expect(page.locator('link[rel="search"]')).toHaveAttribute('href', '/opensearch.xml');
  const xml = await (await request.get('/opensearch.xml')).text();
  expect(xml).toContain('template="https://learn.example.org/search?q={searchTerms}"');
});

test('no axe-core violations on the search page, light and dark', async ({ browser }) => {
  await expectNoAxeViolations(browser, ['/search?q=equation', '/search']);
});
