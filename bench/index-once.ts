// The content index at scale, in a fresh process: its size on disk, the time and memory to read
// it (what a server process does once), a subject's last listing page, and the sitemaps.
import fs from 'node:fs';
import path from 'node:path';
import { buildContent } from '../lib/content/build';
import { readIndexFile, writeIndexFile } from '../lib/content/index-file';
import { sitemapCount, sitemapEntries } from '../lib/seo/sitemap';
import { WORK } from './lib';

const dir = process.argv[2]!;
const file = path.join(WORK, `index-${path.basename(dir)}.jsonl`);
if (!fs.existsSync(file)) {
  const { corpus } = buildContent(dir, path.join(WORK, `loader-cache-${path.basename(dir)}.jsonl`));
  writeIndexFile(file, corpus, dir);
}
global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
let started = performance.now();
const { index } = readIndexFile(file);
const readMs = performance.now() - started;
const heapMB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
const largest = [...index.subjects].sort((a, b) => b.count - a.count)[0]!;
const pages = index.subjectPage(largest.slug, 1)!.pageCount;
started = performance.now();
index.subjectPage(largest.slug, pages);
const lastPageMs = performance.now() - started;
started = performance.now();
const urls = sitemapEntries(index, 'https://learn.example.org').length;
const sitemapMs = performance.now() - started;
console.log(
  JSON.stringify({
    indexMB: fs.statSync(file).size / 2 ** 20,
    readMs,
    heapMB,
    largestSubject: largest.count,
    pages,
    lastPageMs,
    sitemapUrls: urls,
    sitemaps: sitemapCount(index, 'https://learn.example.org'),
    sitemapMs,
  }),
);
