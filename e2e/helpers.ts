import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page } from '@playwright/test';

// What several specs check the same way.

/** The page's JSON-LD blocks, parsed, in order. */
export async function jsonLd(page: Page): Promise<Record<string, any>[]> {
  const blocks = await page.locator('script[type="application/ld+json"]').allTextContents();
  return blocks.flatMap((text) => JSON.parse(text));
}

/** No axe-core violations on each of `urls`, in the light and the dark colour scheme. */
export async function expectNoAxeViolations(browser: Browser, urls: string[]) {
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    for (const url of urls) {
      await page.goto(url);
      const { violations } = await new AxeBuilder({ page }).analyze();
      expect(
        violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`),
        `${url} ${colorScheme}`,
      ).toEqual([]);
    }
    await context.close();
  }
}
