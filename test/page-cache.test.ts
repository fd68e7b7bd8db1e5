import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

// lib/page-cache-handler.cjs: the page cache `next start` writes pages rendered on demand into.
// A write cut short (the server killed) is undone when the next server starts; a write that fails
// (the disk is full, on a real full file system) leaves nothing behind and says why; a 404 is
// never stored.

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
  const dist = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'page-cache-')), 'server');
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
  const dist = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'page-cache-')), 'server');
  const handler = new PageCacheHandler({ fs: nodeFs, flushToDisk: true, serverDistDir: dist, revalidatedTags: [], maxMemoryCacheSize: 50 * 2 ** 20 });
  await handler.set('/learn/physics/questions/no-such-question', { ...page('<html><body>This page could not be found.</body></html>'), status: 404 }, context);
  assert.deepEqual(filesOf(dist), []);
  assert.equal(await handler.get('/learn/physics/questions/no-such-question', { kind: 'APP_PAGE', isRoutePPREnabled: false, isFallback: false }), null);
  // A page that exists still is, so the check above can fail.
  await handler.set(KEY, page('<html><body>whole</body></html>'), context);
  assert.ok(filesOf(dist).some((f) => f.endsWith('an-on-demand-page.html')));
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
  const disk = fs.mkdtempSync(path.join(os.tmpdir(), 'full-disk-'));
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
