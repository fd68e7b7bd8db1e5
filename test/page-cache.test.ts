import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, test } from 'node:test';
import { temporaryDir } from './helpers/temporary';

// lib/page-cache-handler.cjs: the page cache `next start` writes pages rendered on demand into.
// A write cut short (the server killed) is undone when the next server starts; a write that fails
// (the disk is full, on a real full file system) leaves nothing behind and says why; a 404 is
// never stored; pages rendered on demand are bounded in size, the least recently used going first.

const require = createRequire(import.meta.url);
const PageCacheHandler = require('../lib/page-cache-handler.cjs');
const { nodeFs } = require('next/dist/server/lib/node-fs-methods.js');

const KEY = '/learn/physics/questions/an-on-demand-page';
const page = (html: string) => ({
  kind: 'APP_PAGE',
  html,
  rscData: Buffer.from('0:{"a":1}\n'),
  headers: {},
  status: 200,
  segmentData: new Map([['/_tree', Buffer.from('tree')]]),
});
const context = { cacheControl: { revalidate: false, expire: undefined }, isRoutePPREnabled: false, isFallback: false };
const handlerOn = (dist: string) => new PageCacheHandler({ fs: nodeFs, flushToDisk: true, serverDistDir: dist, revalidatedTags: [], maxMemoryCacheSize: 0 });
const filesOf = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort() : []);

test('a page is written whole, and a write the server did not finish is removed when the next server starts', async () => {
  const dist = path.join(temporaryDir('page-cache-'), 'server');
  await handlerOn(dist).set(KEY, page('<html><body>whole</body></html>'), context);
  const pageDir = path.join(dist, 'app', 'learn', 'physics', 'questions');
  assert.deepEqual(filesOf(pageDir), [
    'an-on-demand-page.html',
    'an-on-demand-page.meta',
    'an-on-demand-page.rsc',
    'an-on-demand-page.segments',
    'an-on-demand-page.segments/_tree.segment.rsc',
  ]);
  assert.deepEqual(filesOf(path.join(dist, '..', 'cache', 'page-writes')), [], 'no marker left once written');

  // A server killed while writing: its marker is there, the .html half written.
  const journal = path.join(dist, '..', 'cache', 'page-writes');
  fs.writeFileSync(path.join(journal, crypto.createHash('sha1').update(KEY).digest('hex')), JSON.stringify({ key: KEY, kind: 'APP_PAGE' }));
  fs.writeFileSync(path.join(pageDir, 'an-on-demand-page.html'), '<html><body>who');
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (message: string) => warnings.push(message);
  try {
    handlerOn(dist).recover(journal); // what the next server's first cache access does
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(filesOf(pageDir), [], 'the half-written page is gone: it renders again');
  assert.deepEqual(filesOf(journal), []);
  assert.match(warnings.join('\n'), /an-on-demand-page was being written when the server stopped/);
});

test('a page that does not exist (404) is never stored, on disk or in memory', async () => {
  const dist = path.join(temporaryDir('page-cache-'), 'server');
  const handler = new PageCacheHandler({ fs: nodeFs, flushToDisk: true, serverDistDir: dist, revalidatedTags: [], maxMemoryCacheSize: 50 * 2 ** 20 });
  await handler.set('/learn/physics/questions/no-such-question', { ...page('<html><body>This page could not be found.</body></html>'), status: 404 }, context);
  assert.deepEqual(filesOf(dist), []);
  assert.equal(await handler.get('/learn/physics/questions/no-such-question', { kind: 'APP_PAGE', isRoutePPREnabled: false, isFallback: false }), null);
  // A page that exists still is, so the check above can fail.
  await handler.set(KEY, page('<html><body>whole</body></html>'), context);
  assert.ok(filesOf(dist).some((f) => f.endsWith('an-on-demand-page.html')));
});

test('pages rendered on demand are kept up to PAGE_CACHE_MAX_MB: past it the least recently used go, also those a previous server wrote', async () => {
  const dist = path.join(temporaryDir('page-cache-'), 'server');
  const onDemand = path.join(dist, 'route-cache');
  const key = (i: number) => `/route-cache/APP_PAGE/0f1e/$/learn/physics/questions/page-${i}`;
  const bigPage = (i: number) => page(`<html><body>${String(i).repeat(100_000).slice(0, 100_000)}</body></html>`);
  const bytesOnDisk = () =>
    filesOf(onDemand).reduce((sum, f) => sum + (fs.statSync(path.join(onDemand, f)).isFile() ? fs.statSync(path.join(onDemand, f)).size : 0), 0);
  const saved = process.env.PAGE_CACHE_MAX_MB;
  try {
    // A server with room for everything writes 12 pages of about 100 KB.
    process.env.PAGE_CACHE_MAX_MB = '100';
    const roomy = handlerOn(dist);
    for (let i = 0; i < 12; i++) await roomy.set(key(i), bigPage(i), context);
    assert.ok(bytesOnDisk() > 1.1 * 2 ** 20, `${bytesOnDisk()} bytes written`);

    // The next server (a fresh module: a new process) has 1 MB: it counts what is there when it
    // starts, and its first write removes the least recently used, page 3 read just before kept.
    process.env.PAGE_CACHE_MAX_MB = '1';
    const modulePath = require.resolve('../lib/page-cache-handler.cjs');
    delete require.cache[modulePath];
    const Fresh = require('../lib/page-cache-handler.cjs');
    const small = new Fresh({ fs: nodeFs, flushToDisk: true, serverDistDir: dist, revalidatedTags: [], maxMemoryCacheSize: 0 });
    await small.usage.ready;
    assert.ok(await small.get(key(3), { kind: 'APP_PAGE', isRoutePPREnabled: false, isFallback: false }), 'page 3 is there');
    await small.set(key(12), bigPage(12), context);
    assert.ok(bytesOnDisk() <= 2 ** 20, `${bytesOnDisk()} bytes after the bound`);
    const kept = filesOf(onDemand).filter((f) => f.endsWith('.html'));
    assert.ok(
      kept.some((f) => f.endsWith('page-12.html')),
      'the page just written',
    );
    assert.ok(
      kept.some((f) => f.endsWith('page-3.html')),
      'the page just read',
    );
    assert.ok(!kept.some((f) => f.endsWith('page-0.html')), 'the oldest is gone');
    // What was removed went whole: no page is left with some of its files.
    for (const f of filesOf(onDemand).filter((f) => f.endsWith('.meta'))) assert.ok(kept.includes(f.replace(/\.meta$/, '.html')), f);
  } finally {
    if (saved === undefined) delete process.env.PAGE_CACHE_MAX_MB;
    else process.env.PAGE_CACHE_MAX_MB = saved;
  }
});

// A real full file system: a small tmpfs (mounting one needs root, which CI has).
const root = process.getuid?.() === 0;
const mounted: string[] = [];
after(() => {
  for (const dir of mounted) execFileSync('umount', [dir]);
});

test('a full disk: the page is not cached, nothing half-written is left, and the log says why', {
  skip: !root && 'mounting a small file system needs root (CI runs as root)',
}, async () => {
  const disk = temporaryDir('full-disk-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', disk]);
  mounted.push(disk);
  const dist = path.join(disk, 'server');
  const errors: string[] = [];
  const error = console.error;
  console.error = (message: string) => errors.push(message);
  try {
    await handlerOn(dist).set(KEY, page(`<html><body>${'x'.repeat(200_000)}</body></html>`), context);
  } finally {
    console.error = error;
  }
  assert.match(
    errors.join('\n'),
    /page cache: \/learn\/physics\/questions\/an-on-demand-page is served but not cached: writing it failed \(the disk is full\); its files were removed/,
  );
  assert.deepEqual(filesOf(path.join(dist, 'app', 'learn', 'physics', 'questions')), [], 'no half-written page');
  assert.deepEqual(filesOf(path.join(dist, '..', 'cache', 'page-writes')), []);
});
