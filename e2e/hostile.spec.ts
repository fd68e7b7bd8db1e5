import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { loadContent } from '../test/helpers/load';

// Every hostile question (test/fixtures/hostile, written by test/fixtures/make-hostile.ts) opened
// in Chromium with JavaScript on: its page, a search for its title, the topic pages its keywords
// link to, its subject's listing. Fails if anything runs: a dialog, a console message or page
// error, a Content-Security-Policy violation, or an event-handler attribute, a script-bearing
// url or an embedding element in the DOM.

const HOSTILE = loadContent(path.join(import.meta.dirname, '..', 'test', 'fixtures', 'hostile')).questions;

/** Records everything that shows a script ran (or tried to) on `page`. */
async function watch(page: Page) {
  const ran: string[] = [];
  page.on('dialog', (dialog) => {
    ran.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => ran.push(`console ${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => ran.push(`page error: ${error.message}`));
  await page.addInitScript(() => {
    const seen: string[] = ((window as unknown as { __violations: string[] }).__violations = []);
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} blocked ${e.blockedURI}`));
  });
  return ran;
}

/** Opens `url` and returns what ran, what the policy blocked and what in the DOM could run. */
async function visit(page: Page, ran: string[], url: string) {
  const response = await page.goto(url);
  expect(response?.status(), url).toBe(200);
  await page.waitForLoadState('load');
  await page.waitForTimeout(150); // an onerror or a timer would fire by now
  const found = await page.evaluate(() => {
    const bad: string[] = [...(window as unknown as { __violations: string[] }).__violations];
    const urlAttributes = /^(href|src|action|formaction|xlink:href|data|background|poster|srcdoc|srcset)$/i;
    for (const element of document.querySelectorAll('*')) {
      for (const attribute of element.attributes) {
        if (/^on/i.test(attribute.name)) bad.push(`<${element.localName} ${attribute.name}>`);
        if (urlAttributes.test(attribute.name) && /^\s*(javascript|vbscript|data):/i.test(attribute.value))
          bad.push(`<${element.localName} ${attribute.name}="${attribute.value.slice(0, 40)}">`);
      }
    }
    const embedding =
      'iframe, frame, object, embed, applet, base, meta[http-equiv], link[rel=import], main script:not([type="application/ld+json"]), main style, form:not([role="search"])';
    for (const element of document.querySelectorAll(embedding)) bad.push(element.outerHTML.slice(0, 80));
    for (const script of document.querySelectorAll('script[src]')) {
      if (new URL((script as HTMLScriptElement).src).origin !== location.origin) bad.push(`script from ${(script as HTMLScriptElement).src}`);
    }
    return bad;
  });
  expect([...ran, ...found], url).toEqual([]);
}

test('there are at least 40 hostile questions', () => {
  expect(HOSTILE.length).toBeGreaterThanOrEqual(40);
});

for (const question of HOSTILE) {
  test(`nothing runs: ${question.slug}`, async ({ page }) => {
    test.setTimeout(60_000);
    const ran = await watch(page);
    await visit(page, ran, question.url);
    await expect(page.locator('h1')).toContainText(question.articleTitle.slice(0, 40));

    await visit(page, ran, `/search?q=${encodeURIComponent(question.title)}`);
    await expect(page.locator(`main a[href="${question.url}"]`).first()).toBeVisible();
  });
}

test('nothing runs on the hostile subjects, their topics and the topic index', async ({ page }) => {
  test.setTimeout(180_000);
  const ran = await watch(page);
  const topics = new Set<string>();
  const subjects = new Set(HOSTILE.map((q) => `/learn/${q.subjectSlug}`));
  for (const question of HOSTILE.filter((_, i) => i % 5 === 0)) {
    await visit(page, ran, question.url);
    for (const href of await page
      .getByRole('region', { name: 'Keywords' })
      .getByRole('link')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')!)))
      topics.add(href);
  }
  expect(topics.size, 'the shared hostile keyword is a topic').toBeGreaterThan(0);
  for (const url of [...subjects, ...topics, '/learn/topics', '/learn']) await visit(page, ran, url);
});
