import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { listQuestionFiles } from '../lib/content/build/files';
import { parseQuestionFile } from '../lib/content/model/parse-file';
import { SPLIT_ID } from '../lib/katex-fonts.mjs';
import { SITE_URL } from '../playwright.config';
import { expectNoAxeViolations, jsonLd } from './helpers';

const REFRACTION = '/learn/physics/questions/what-is-the-refractive-index-and-how-does-snells-law-describe-refraction';
const EIGEN = '/learn/mathematics/questions/how-do-you-find-the-eigenvalues-and-eigenvectors-of-a-matrix';
const BIG_O = '/learn/computer-science/questions/what-is-big-o-notation-how-do-you-analyse-an-algorithms-running-time';
const SPACING_PSY = '/learn/psychology/questions/what-is-the-spacing-effect-and-how-can-students-use-it-to-study-better';
const SPACING_EDU = '/learn/education-studies/questions/what-is-the-spacing-effect-and-how-can-students-use-it-to-study-better';
const MIDTERM = '/learn/biology/questions/when-is-the-biology-midterm-exam';
const HOSTILE = '/learn/web-security/questions/what-does-a-script-tag-in-a-title-do';
const ON_DEMAND = '/learn/world-history/questions/world-history-practice-question-3';

async function expectQuestionPage(page: Page, url: string, canonicalUrl = url) {
  const response = await page.goto(url);
  expect(response?.status()).toBe(200);
  await expect(page.locator('h1')).toHaveCount(1);
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', `${SITE_URL}${canonicalUrl}`);
  await expect(page.locator('meta[property="og:url"]')).toHaveAttribute('content', `${SITE_URL}${canonicalUrl}`);
  const [article, breadcrumbs] = await jsonLd(page);
  expect(article?.['@type']).toBe('Article');
  expect(article?.mainEntityOfPage['@id']).toBe(`${SITE_URL}${canonicalUrl}`);
  expect(breadcrumbs?.['@type']).toBe('BreadcrumbList');
  expect(await page.locator('main').innerText()).not.toContain('\\n');
}

test('home → subject → question → related question', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle('QuickTakes Learn: questions and clear answers for students');
  await page
    .getByRole('link', { name: /^Physics/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/learn\/physics$/);
  await expect(page.locator('h1')).toHaveText('Physics');
  await page.getByRole('link', { name: /refractive index/ }).click();
  await expect(page).toHaveURL(REFRACTION);
  const related = page.locator('#related').locator('..').getByRole('link').first();
  const target = await related.getAttribute('href');
  await related.click();
  await expect(page).toHaveURL(target!);
  await expect(page.locator('h1')).toHaveCount(1);
});

test('a question page has its title, description, canonical, Open Graph and JSON-LD', async ({ page }) => {
  await expectQuestionPage(page, REFRACTION);
  await expect(page).toHaveTitle('What is the refractive index, and how does Snell’s law describe refraction? | QuickTakes Learn');
  await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', /^The refractive index as the ratio of light speeds/);
  await expect(page.locator('meta[property="og:type"]')).toHaveAttribute('content', 'article');
  await expect(page.locator('meta[property="article:published_time"]')).toHaveAttribute('content', '2025-02-03');
  await expect(page.locator('meta[property="og:image"]')).toHaveAttribute('content', new RegExp(`^${SITE_URL}${REFRACTION}/opengraph-image`));
  await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute('content', 'summary_large_image');
  await expect(page.locator('meta[name="robots"]')).toHaveCount(0);
  const [article] = await jsonLd(page);
  expect(article).toMatchObject({
    headline: expect.stringContaining('refractive index'),
    datePublished: '2025-02-03',
    inLanguage: 'en',
    articleSection: 'Physics',
  });
});

test('a cross-listed copy is served at its own url with the canonical copy’s canonical', async ({ page }) => {
  await expectQuestionPage(page, SPACING_PSY, SPACING_EDU);
  await expect(page.locator('nav[aria-label="Breadcrumb"]')).toContainText('Psychology');
  await expectQuestionPage(page, SPACING_EDU, SPACING_EDU);
});

test('a no_index page says noindex and is not in the sitemap', async ({ page, request }) => {
  await expectQuestionPage(page, MIDTERM);
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex, follow');
  const index = await (await request.get('/sitemap.xml')).text();
  const children = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
  const urls = (await Promise.all(children.map(async (c) => (await request.get(c)).text()))).join('\n');
  expect(urls).toContain(`<loc>${SITE_URL}${REFRACTION}</loc>`);
  expect(urls).toContain(`<loc>${SITE_URL}${SPACING_EDU}</loc>`);
  expect(urls).not.toContain(SPACING_PSY);
  expect(urls).not.toContain(MIDTERM);
  expect(urls).toContain(`<loc>${SITE_URL}/learn/world-history/page/2</loc>`);
});

test('the date is the file’s day, shown by date_format, under TZ=Pacific/Kiritimati', async ({ page }) => {
  await page.goto(EIGEN);
  await expect(page.locator('header time')).toHaveAttribute('datetime', '2025-01-31');
  await expect(page.locator('header time')).toHaveText('Jan 31, 2025');
});

test('unknown subjects, questions and page numbers are real 404s with a helpful page', async ({ page }) => {
  for (const url of [
    '/learn/no-such-subject',
    '/learn/physics/questions/no-such-question',
    '/learn/world-history/page/3',
    '/learn/physics/page/2',
    '/learn/world-history/page/1',
    '/nope',
  ]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(404);
  }
  await expect(page.locator('h1')).toHaveText('Page not found');
  await expect(page).toHaveTitle('Page not found | QuickTakes Learn');
  await expect(page.getByRole('link', { name: 'all subjects', exact: true })).toHaveAttribute('href', '/learn');
  await expect(page.getByRole('link', { name: /^Physics/ })).toBeVisible();
});

test('subject listings: 50 a page, newest first, static pages with previous and next', async ({ page }) => {
  await page.goto('/learn/world-history');
  await expect(page.locator('main ul > li')).toHaveCount(50);
  await expect(page.locator('main ul > li').first()).toContainText('practice question 60');
  await expect(page.getByRole('link', { name: /Newer questions/ })).toHaveCount(0);
  await page.getByRole('link', { name: /Older questions/ }).click();
  await expect(page).toHaveURL('/learn/world-history/page/2');
  await expect(page.locator('main ul > li')).toHaveCount(10);
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', `${SITE_URL}/learn/world-history/page/2`);
  await page.getByRole('link', { name: /Newer questions/ }).click();
  await expect(page).toHaveURL('/learn/world-history');
});

test('the answer: a formula typeset by KaTeX, a highlighted code block, a table', async ({ page }) => {
  await page.goto(EIGEN);
  await expect(page.locator('.answer .katex').first()).toBeVisible();
  await expect(page.locator('.answer .katex-display').first()).toBeVisible();
  await expect(page.locator('.katex-error, .math-source')).toHaveCount(0);
  await expect(page.locator('.answer math').first()).toBeAttached();
  await page.goto(BIG_O);
  const code = page.locator('figure.code-block').first();
  await expect(code.locator('figcaption')).toHaveText('Python');
  await expect(code.locator('.hljs-keyword').first()).toHaveText('def');
  await expect(page.locator('.answer .table-scroll table')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'On this page' })).toBeVisible();
});

test('hostile content is shown as text and never runs', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await expectQuestionPage(page, HOSTILE);
  await expect(page.locator('h1')).toContainText('</script><script>alert("title")</script>');
  await expect(page.locator('.answer')).toContainText('<script>alert("answer")</script>');
  await expect(page.locator('.answer iframe, .answer img[src], .answer svg, main [onerror], main [onclick]')).toHaveCount(0);
  const hrefs = await page.locator('main a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
  expect(hrefs.filter((h) => /^(javascript|data):/i.test(h))).toEqual([]);
  await expect(page.locator('meta[name="keywords"]')).toHaveAttribute('content', /<img src=x onerror=alert\("keyword"\)>/);
  await page.waitForTimeout(300);
  expect(dialogs).toEqual([]);
});

test('a question that was not prerendered is rendered on demand, then served from the cache', async ({ page, request }) => {
  const first = await request.get(ON_DEMAND);
  expect(first.status()).toBe(200);
  await expectQuestionPage(page, ON_DEMAND);
  await expect(page.locator('h1')).toHaveText('World history practice question 3: what changed in year 1803?');
  const again = await request.get(ON_DEMAND);
  expect(again.headers()['x-nextjs-cache']).toBe('HIT');
});

test('the Open Graph image is drawn on demand', async ({ request }) => {
  const image = await request.get(`${REFRACTION}/opengraph-image`);
  expect(image.status()).toBe(200);
  expect(image.headers()['content-type']).toBe('image/png');
  expect((await request.get('/learn/physics/questions/no-such-question/opengraph-image')).status()).toBe(404);
});

test('a page downloads no other page ahead of a click (no prefetching on a phone)', async ({ page }) => {
  const prefetched: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('_rsc=') || request.headers()['next-router-prefetch']) prefetched.push(request.url());
  });
  for (const url of ['/', '/learn', BIG_O]) {
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.mouse.wheel(0, 4000);
    await page.waitForTimeout(500);
  }
  expect(prefetched).toEqual([]);
});

test('pages work with JavaScript off', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(BIG_O);
  await expect(page.locator('.answer .katex').first()).toBeVisible();
  await page.getByRole('link', { name: 'Computer Science', exact: true }).click();
  await expect(page).toHaveURL('/learn/computer-science');
  await expect(page.locator('main ul > li').first()).toBeVisible();
  await context.close();
});

for (const [name, url] of [
  ['home', '/'],
  ['subject', '/learn/world-history'],
  ['question', BIG_O],
  ['math question', EIGEN],
]) {
  test(`no axe-core violations on the ${name} page, light and dark`, async ({ browser }) => {
    await expectNoAxeViolations(browser, [url!]);
  });
}

test('no layout shift while a page with formulas loads, even with slow fonts', async ({ page }) => {
  // Stylesheets and fonts arrive late, as on a slow phone connection.
  await page.route(/\.(css|woff2)(\?|$)/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 700));
    await route.continue();
  });
  await page.goto(EIGEN, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready);
  const shift = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & { value: number })[]) total += entry.value;
        }).observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => resolve(total), 500);
      }),
  );
  expect(shift).toBeLessThan(0.01);
  const preloaded = await page.locator('link[rel="preload"][as="font"]').evaluateAll((links) => links.map((l) => l.getAttribute('href')));
  expect(preloaded).toContain(`/katex/0.16.47-${SPLIT_ID}/fonts/KaTeX_Main-Regular.common.woff2`);
});

test('a formula page preloads exactly the font files the browser draws it with, parts of split fonts included', async ({ browser }) => {
  // Every question of content/ with formulas, loaded with its preloads taken out (in a new
  // context: nothing cached): the fonts the browser then asks for by itself must be the ones the
  // page preloads, none late and none wasted. About 20 pages, most rendered on first request:
  // more than the default 30 s on a busy machine (it timed out once in CI).
  test.setTimeout(120_000);
  const urls = listQuestionFiles('content')
    .map((file) => parseQuestionFile(file, fs.readFileSync(path.join('content', file))).question!)
    .filter((question) => /\$|\\\(|\\\[/.test(question.answer))
    .map((question) => question.url);
  let withFormulas = 0;
  for (const url of urls) {
    const context = await browser.newContext();
    const page = await context.newPage();
    let preloads = '';
    await page.route(url, async (route) => {
      const response = await route.fetch();
      const html = await response.text();
      preloads = [...html.matchAll(/<link rel="preload" href="([^"]+)" as="font"/g)]
        .map((m) => m[1])
        .sort()
        .join('\n');
      await route.fulfill({ response, body: html.replace(/<link rel="preload" href="[^"]+" as="font"[^>]*>/g, '') });
    });
    const fetched = new Set<string>();
    page.on('request', (request) => request.url().endsWith('.woff2') && fetched.add(new URL(request.url()).pathname));
    await page.goto(url);
    await page.evaluate(() => document.fonts.ready);
    expect([...fetched].sort().join('\n'), url).toBe(preloads);
    if (preloads) withFormulas++;
    await context.close();
  }
  expect(withFormulas).toBeGreaterThan(10);
});

test('screenshots of a question page at phone and desktop widths', async ({ page }, testInfo) => {
  for (const [name, width, height] of [
    ['phone', 375, 812],
    ['desktop', 1440, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(BIG_O);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name}: the page must not scroll sideways`).toBeLessThanOrEqual(0);
    const file = testInfo.outputPath(`question-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    await testInfo.attach(`question-${name}`, { path: file, contentType: 'image/png' });
  }
});
