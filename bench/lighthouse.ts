// Lighthouse 12 (pinned 12.2.3) in Debian's Chromium: the mobile preset with its default
// simulated throttling, as PageSpeed Insights runs it. Used by `npm run bench -- phone` and by
// the corpus check that keeps the scores.
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { median } from './lib';

export interface LighthouseRun {
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
  lcp: number;
  tbt: number;
  cls: number;
  /** Bytes transferred, by resource type (document, script, stylesheet, font, …). */
  bytes: Record<string, number>;
  /** Audits of the three other categories that failed, by id. */
  failed: string[];
}

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

/** A run may fail as a whole (Lighthouse's runtimeError: the page never painted in its time, a
 * protocol timeout) on a loaded host; such a run is taken again, up to this many times in all. */
const FAILED_RUNS_RETRIED = 2;

/** `runs` Lighthouse runs of `url`, each in a fresh Chromium (with `chromeFlags` more). */
export async function lighthouseRuns(url: string, runs: number, chromeFlags: string[] = []): Promise<LighthouseRun[]> {
  const results: LighthouseRun[] = [];
  const failures: string[] = [];
  while (results.length < runs) {
    const chrome = await chromeLauncher.launch({
      chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', ...chromeFlags],
    });
    try {
      const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES });
      const lhr = result!.lhr;
      // Its scores would be 0 and its times missing: not a measurement of the page.
      if (lhr.runtimeError) {
        failures.push(`${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
        if (failures.length > FAILED_RUNS_RETRIED) throw new Error(`Lighthouse ${url}: ${failures.length} runs failed: ${[...new Set(failures)].join('; ')}`);
        console.log(`Lighthouse ${url}: run failed (${failures.at(-1)}), taken again`);
        continue;
      }
      const audit = (id: string) => lhr.audits[id]!;
      const bytes: Record<string, number> = {};
      for (const item of (audit('resource-summary').details as unknown as { items: { resourceType: string; transferSize: number }[] }).items) {
        bytes[item.resourceType] = item.transferSize;
      }
      const failed = CATEGORIES.slice(1).flatMap((c) =>
        lhr.categories[c]!.auditRefs.filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]!.score ?? 1) < 1).map((ref) => ref.id),
      );
      results.push({
        performance: Math.round(lhr.categories.performance!.score! * 100),
        accessibility: Math.round(lhr.categories.accessibility!.score! * 100),
        bestPractices: Math.round(lhr.categories['best-practices']!.score! * 100),
        seo: Math.round(lhr.categories.seo!.score! * 100),
        lcp: audit('largest-contentful-paint').numericValue!,
        tbt: audit('total-blocking-time').numericValue!,
        cls: audit('cumulative-layout-shift').numericValue!,
        bytes,
        failed,
      });
    } finally {
      await chrome.kill();
    }
  }
  return results;
}

/** The run with the median performance score (so its LCP and TBT belong together). */
export function medianRun(runs: LighthouseRun[]): LighthouseRun {
  const score = median(runs.map((r) => r.performance));
  return [...runs].sort((a, b) => Math.abs(a.performance - score) - Math.abs(b.performance - score) || a.tbt - b.tbt)[0]!;
}
