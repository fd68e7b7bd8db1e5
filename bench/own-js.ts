// Our own client JavaScript on a page: the scripts a browser loads for it (those it imports
// later included, such as copy-tex) that a page with none of ours does not, gzip-compressed.
// Used by `npm run bench -- phone` and by the budget test (e2e/study.spec.ts).
import type { Browser } from '@playwright/test';
import { gzipSync } from 'node:zlib';

/** A page with no client component of ours: what the framework alone loads. */
export const FRAMEWORK_ONLY_PAGE = '/learn';

/** Every script `url` loads, once it and what it imports have settled. */
export async function scriptsLoaded(browser: Browser, url: string): Promise<string[]> {
  const page = await browser.newPage();
  const scripts = new Set<string>();
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') scripts.add(new URL(response.url()).pathname);
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.close();
  return [...scripts];
}

export interface OwnJavaScript {
  files: string[];
  /** Bytes, gzip-compressed (as `next start` and nginx serve them) and not. */
  gzip: number;
  raw: number;
}

/** Our JavaScript on each of `paths` of the site at `base`. */
export async function ownJavaScript(browser: Browser, base: string, paths: string[]): Promise<OwnJavaScript[]> {
  const framework = new Set(await scriptsLoaded(browser, base + FRAMEWORK_ONLY_PAGE));
  const sizes = new Map<string, { raw: number; gzip: number }>();
  const measured: OwnJavaScript[] = [];
  for (const path of paths) {
    const files = (await scriptsLoaded(browser, base + path)).filter((file) => !framework.has(file));
    for (const file of files) {
      if (sizes.has(file)) continue;
      const body = Buffer.from(await (await fetch(base + file)).arrayBuffer());
      sizes.set(file, { raw: body.length, gzip: gzipSync(body).length });
    }
    measured.push({
      files,
      gzip: files.reduce((sum, f) => sum + sizes.get(f)!.gzip, 0),
      raw: files.reduce((sum, f) => sum + sizes.get(f)!.raw, 0),
    });
  }
  return measured;
}
