import { expect, test } from '@playwright/test';
import { SITE_URL } from '../playwright.config';
import { expectNoAxeViolations, jsonLd } from './helpers';

// Topics: a question's keywords lead to topic pages, which lead across subjects; the topic
// index; a topic's pages and subject filters; feeds. e2e/.content: the sample content (topics
// "problem solving" in four subjects and "calculus" in three) and 60 world-history questions
// whose keywords "history" and "practice" make topics of two pages.

const BIG_O = '/learn/computer-science/questions/what-is-big-o-notation-how-do-you-analyse-an-algorithms-running-time';

test('question → topic → a question of another subject', async ({ page }) => {
  await page.goto(BIG_O);
  const topics = page.getByRole('region', { name: 'Keywords' });
  // Keywords that are topics are links; the others are text.
  await expect(topics.getByRole('link', { name: 'Problem solving' })).toHaveAttribute('href', '/learn/topics/problem-solving');
  await expect(topics.getByText('time complexity')).toBeVisible();
  await expect(topics.getByRole('link', { name: 'time complexity' })).toHaveCount(0);
  await topics.getByRole('link', { name: 'Problem solving' }).click();
  await expect(page).toHaveURL('/learn/topics/problem-solving');
  await expect(page.locator('h1')).toHaveText('Problem solving');
  await expect(page.locator('main')).toContainText('6 questions about problem solving');
  await page.getByRole('link', { name: 'How do you balance the combustion of ethanol?' }).click();
  await expect(page).toHaveURL(/^.*\/learn\/chemistry\/questions\//);
  await expect(page.getByRole('region', { name: 'Keywords' }).getByRole('link', { name: 'problem-solving' })).toBeVisible();
});

test('"More on this topic" offers questions that share its topics, never the page itself', async ({ page }) => {
  await page.goto(BIG_O);
  const more = page.getByRole('region', { name: 'More on this topic' });
  const links = await more.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  expect(links.length).toBeGreaterThan(0);
  expect(links).not.toContain(BIG_O);
  for (const href of links) expect(href).toMatch(/^\/learn\/(mathematics|chemistry|physics)\/questions\//);
});

test('a topic page: title, description, canonical, JSON-LD, subjects with counts, related topics, feed', async ({ page, request }) => {
  await page.goto('/learn/topics/problem-solving');
  await expect(page).toHaveTitle('Questions about problem solving | QuickTakes Learn');
  await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', /^6 questions about problem solving across 4 subjects/);
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', `${SITE_URL}/learn/topics/problem-solving`);
  const [collection, breadcrumbs] = await jsonLd(page);
  expect(collection?.['@type']).toBe('CollectionPage');
  expect(collection?.mainEntity.itemListElement).toHaveLength(6);
  expect(breadcrumbs?.['@type']).toBe('BreadcrumbList');
  expect(breadcrumbs?.itemListElement.map((c: { name: string }) => c.name)).toEqual(['Home', 'Learn', 'Topics', 'Problem solving']);
  const filters = page.getByRole('navigation', { name: 'Filter by subject' });
  await expect(filters.getByRole('link')).toHaveText(['All subjects (6)', 'Mathematics (3)', 'Chemistry (1)', 'Computer Science (1)', 'Physics (1)']);
  await expect(page.getByRole('region', { name: 'Related topics' }).getByRole('link', { name: /calculus/ })).toBeVisible();
  // The feed: linked in the head and in the page, valid XML of the topic's questions.
  const feed = page.locator('link[rel="alternate"][type="application/atom+xml"]');
  await expect(feed).toHaveAttribute('href', `${SITE_URL}/learn/topics/problem-solving/feed.xml`);
  await expect(page.getByRole('link', { name: 'Follow this topic (Atom feed)' })).toHaveAttribute('href', '/learn/topics/problem-solving/feed.xml');
  const response = await request.get('/learn/topics/problem-solving/feed.xml');
  expect(response.headers()['content-type']).toBe('application/atom+xml; charset=utf-8');
  const xml = await response.text();
  expect(xml.match(/<entry>/g)).toHaveLength(6);
  expect(xml).toContain(`<link rel="alternate" type="text/html" href="${SITE_URL}/learn/topics/problem-solving"/>`);
});

test('a topic filtered to one subject: its questions only, and not for search engines', async ({ page }) => {
  await page.goto('/learn/topics/problem-solving');
  await page.getByRole('navigation', { name: 'Filter by subject' }).getByRole('link', { name: 'Mathematics (3)' }).click();
  await expect(page).toHaveURL('/learn/topics/problem-solving/in/mathematics');
  await expect(page.locator('h1')).toHaveText('Problem solving in Mathematics');
  await expect(page.locator('main ul.divide-y > li')).toHaveCount(3);
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex, follow');
  await expect(page.getByRole('link', { name: 'Mathematics (3)' })).toHaveAttribute('aria-current', 'page');
  for (const url of ['/learn/topics/problem-solving/in/biology', '/learn/topics/problem-solving/in/nope']) expect((await page.goto(url))?.status()).toBe(404);
});

test('topic pages: 50 questions a page, newest first, previous and next; pages past the last are 404s', async ({ page }) => {
  await page.goto('/learn/topics/practice');
  await expect(page.locator('main ul.divide-y > li')).toHaveCount(50);
  await expect(page.locator('main ul.divide-y > li a').first()).toHaveText(/question 60:/);
  await page.getByRole('link', { name: 'Older questions →' }).click();
  await expect(page).toHaveURL('/learn/topics/practice/page/2');
  await expect(page).toHaveTitle('Questions about practice, page 2 | QuickTakes Learn');
  await expect(page.locator('main ul.divide-y > li')).toHaveCount(10);
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', `${SITE_URL}/learn/topics/practice/page/2`);
  for (const url of [
    '/learn/topics/practice/page/3',
    '/learn/topics/practice/page/1',
    '/learn/topics/practice/page/x',
    '/learn/topics/no-such-topic',
    '/learn/topics/study-skill',
  ]) {
    expect((await page.goto(url))?.status(), url).toBe(404);
  }
});

test('the topic index: every topic A to Z with counts, and a letter index', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Topics' }).click();
  await expect(page).toHaveURL('/learn/topics');
  await expect(page.locator('h1')).toHaveText('All topics');
  const names = await page.locator('main section li a').allTextContents();
  // The hostile fixtures' shared keywords are topics too, their names shown as text.
  expect(names).toEqual(['calculus', 'history', 'hostile fixtures', 'img src=x onerror=alert("topic', 'practice', 'problem solving', 'xss']);
  await expect(page.locator('main section li').first()).toContainText('(5)');
  const letters = page.getByRole('navigation', { name: 'Topics by letter' });
  await expect(letters.getByRole('link')).toHaveText(['C', 'H', 'I', 'P', 'X']);
  await letters.getByRole('link', { name: 'P' }).click();
  await expect(page).toHaveURL('/learn/topics#letter-p');
  await expect(page.locator('#letter-p')).toBeInViewport();
  const [collection] = await jsonLd(page);
  expect(collection?.['@type']).toBe('CollectionPage');
});

test('search results link to their topics', async ({ page }) => {
  await page.goto('/search?q=eigenvalues');
  const hit = page.locator('main ol > li').first();
  await expect(hit.getByRole('link', { name: 'problem solving' })).toHaveAttribute('href', '/learn/topics/problem-solving');
});

test('subjects and the site have feeds, linked from their pages', async ({ page, request }) => {
  await page.goto('/learn/physics');
  await expect(page.locator('link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute('href', `${SITE_URL}/learn/physics/feed.xml`);
  await expect(page.getByRole('link', { name: 'Follow Physics (Atom feed)' })).toBeVisible();
  const physics = await (await request.get('/learn/physics/feed.xml')).text();
  expect(physics.match(/<entry>/g)).toHaveLength(4);
  await page.goto('/');
  await expect(page.locator('link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute('href', `${SITE_URL}/feed.xml`);
  const site = await request.get('/feed.xml');
  expect(site.status()).toBe(200);
  expect((await site.text()).match(/<entry>/g)).toHaveLength(50);
  expect((await request.get('/learn/no-such-subject/feed.xml')).status()).toBe(404);
  expect((await request.get('/learn/topics/no-such-topic/feed.xml')).status()).toBe(404);
});

test('topics work with JavaScript off', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(BIG_O);
  await page.getByRole('region', { name: 'Keywords' }).getByRole('link', { name: 'Problem solving' }).click();
  await expect(page).toHaveURL('/learn/topics/problem-solving');
  await page.getByRole('link', { name: 'Physics (1)' }).click();
  await expect(page).toHaveURL('/learn/topics/problem-solving/in/physics');
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Topics' }).click();
  await expect(page).toHaveURL('/learn/topics');
  await expect(page.locator('main section li')).toHaveCount(7);
  await context.close();
});

for (const [name, url] of [
  ['topic', '/learn/topics/problem-solving'],
  ['topic index', '/learn/topics'],
  ['later topic', '/learn/topics/practice/page/2'],
]) {
  test(`no axe-core violations on the ${name} page, light and dark`, async ({ browser }) => {
    await expectNoAxeViolations(browser, [url!]);
  });
}
