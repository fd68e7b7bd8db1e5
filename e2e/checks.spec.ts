import { expect, test } from '@playwright/test';
import { HtmlValidate } from 'html-validate';
import { SITE_URL } from '../playwright.config';
import { expectNoAxeViolations } from './helpers';

// Checks over the whole built site: a crawl from the home page (every internal link answers,
// every page has a title, a description and a canonical link, no two canonical pages share a
// title), html-validate and axe-core on every page type.

/** One page of each type the site has. */
const PAGE_TYPES: [type: string, url: string][] = [
  ['home', '/'],
  ['subjects', '/learn'],
  ['subject', '/learn/physics'],
  ['subject, page 2', '/learn/world-history/page/2'],
  ['question', '/learn/computer-science/questions/what-is-big-o-notation-how-do-you-analyse-an-algorithms-running-time'],
  ['question with formulas', '/learn/mathematics/questions/how-do-you-find-the-eigenvalues-and-eigenvectors-of-a-matrix'],
  ['question rendered on demand', '/learn/world-history/questions/world-history-practice-question-12'],
  ['hostile question', '/learn/web-security/questions/what-does-a-script-tag-in-a-title-do'],
  ['topic index', '/learn/topics'],
  ['topic', '/learn/topics/problem-solving'],
  ['topic, page 2', '/learn/topics/history/page/2'],
  ['topic in a subject', '/learn/topics/problem-solving/in/computer-science'],
  ['search', '/search'],
  ['search results', '/search?q=energy'],
  ['search without results', '/search?q=zzzzqqq'],
  // A url no route has. (A question, subject or topic that does not exist is a 404 too, but
  // Next 16 sends its body as an empty shell that JavaScript fills in: vercel/next.js#95613.)
  ['not found', '/no-such-page'],
];

test('a crawl of the whole site: no broken internal link, every page titled, described and canonical, no duplicate title', async ({ request }) => {
  test.setTimeout(600_000);
  const queue = ['/'];
  const seen = new Set(queue);
  const broken: string[] = [];
  const incomplete: string[] = [];
  const titles = new Map<string, string[]>();
  let pages = 0;
  while (queue.length > 0) {
    const url = queue.shift()!;
    const response = await request.get(url, { maxRedirects: 0 });
    if (response.status() !== 200) {
      broken.push(`${url}: ${response.status()}`);
      continue;
    }
    if (!(response.headers()['content-type'] ?? '').startsWith('text/html')) continue;
    pages++;
    const html = await response.text();
    const title = /<title>([^<]*)<\/title>/.exec(html)?.[1];
    const description = /<meta name="description" content="([^"]*)"/.exec(html)?.[1];
    const canonical = /<link rel="canonical" href="([^"]*)"/.exec(html)?.[1];
    const noindex = /<meta name="robots" content="[^"]*noindex/.test(html);
    if (!title?.trim() || !description?.trim() || (!canonical && !noindex))
      incomplete.push(`${url}: ${[!title && 'title', !description && 'description', !canonical && 'canonical'].filter(Boolean).join(', ')}`);
    if (canonical === `${SITE_URL}${url}` && !noindex) titles.set(title!, [...(titles.get(title!) ?? []), url]);
    for (const [, href] of html.matchAll(/<a [^>]*href="(\/[^"#]*)/g)) {
      const link = href!.replaceAll('&amp;', '&');
      if (link.startsWith('//') || link.startsWith('/search?')) continue; // other hosts; search results are queries, not pages
      if (!seen.has(link)) {
        seen.add(link);
        queue.push(link);
      }
    }
  }
  console.log(`crawl: ${pages} pages, ${seen.size} urls`);
  expect(pages).toBeGreaterThan(150);
  expect(broken, 'broken internal links').toEqual([]);
  expect(incomplete, 'pages without a title, description or canonical link').toEqual([]);
  expect(
    [...titles].filter(([, urls]) => urls.length > 1),
    'canonical pages sharing a title',
  ).toEqual([]);
});

test('html-validate on every page type', async ({ request }) => {
  // The standard's rules and the document's (structure, accessibility); not the style presets
  // (React writes <meta/>, charSet and async="" its own way, all valid HTML).
  // Subresource integrity only where it means something: every script and stylesheet here is
  // the site's own.
  const validator = new HtmlValidate({
    extends: ['html-validate:standard', 'html-validate:a11y', 'html-validate:document'],
    rules: {
      'require-sri': ['error', { target: 'crossorigin' }],
      // ">" in text is valid HTML (only "<" and ambiguous "&" must be escaped); React writes it as is.
      'no-raw-characters': 'off',
    },
  });
  const problems: string[] = [];
  for (const [type, url] of PAGE_TYPES) {
    const response = await request.get(url);
    const report = await validator.validateString(await response.text(), url);
    for (const result of report.results) for (const m of result.messages) problems.push(`${type} (${url}) ${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
  }
  expect(problems).toEqual([]);
});

test('axe-core on every page type, light and dark', async ({ browser }) => {
  test.setTimeout(240_000);
  await expectNoAxeViolations(
    browser,
    PAGE_TYPES.map(([, url]) => url),
  );
});
