import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { databaseAvailable, markUnavailable } from '../lib/content/postgres/pg-health';
import { migrate } from '../lib/content/postgres/pg-migrate';
import { freshDatabase, STORE_KIND } from './helpers/content-db';
import { temporaryDir } from './helpers/temporary';

// lib/shared-page-cache.cjs through lib/page-cache-handler.cjs: with PostgreSQL, servers that do
// not share a disk share their pages. Each "server" here is a handler on its own build folder
// (no memory cache, so that nothing passes between them but PostgreSQL); a tag expired through
// the table reaches Next's tags manifest within a second; a build never reads another's
// entries; a 404 is never stored; an unreachable database makes misses, never errors; the
// table is kept under its bound. Run with TEST_STORE=postgres, as the other PostgreSQL tests.

const skip = STORE_KIND !== 'postgres' && 'needs PostgreSQL: run with TEST_STORE=postgres and TEST_DATABASE_URL';
const require = createRequire(import.meta.url);
const PageCacheHandler = require('../lib/page-cache-handler.cjs');
const { sharedPageCache, expireTags, TAG_POLL_MS } = require('../lib/shared-page-cache.cjs');
const { nodeFs } = require('next/dist/server/lib/node-fs-methods.js');
const { tagsManifest } = require('next/dist/server/lib/incremental-cache/tags-manifest.external.js');

const KEY = '/route-cache/a1b2/$/learn/physics/questions/shared-page';
const TAGS = '_N_T_/layout,_N_T_/learn/physics/questions/shared-page,question:41';
const page = (html: string, status = 200) => ({
  kind: 'APP_PAGE',
  html,
  rscData: Buffer.from('0:{"shared":1}\n'),
  headers: { 'x-next-cache-tags': TAGS },
  status,
  segmentData: new Map([['/_tree', Buffer.from('tree')]]),
});
const context = { kind: 'APP_PAGE', cacheControl: { revalidate: false, expire: undefined }, isRoutePPREnabled: false, isFallback: false };

/** A server's build folder of its own, with a build id. */
function server(build = 'build-1') {
  const root = temporaryDir('shared-cache-');
  fs.mkdirSync(path.join(root, 'server'), { recursive: true });
  fs.writeFileSync(path.join(root, 'BUILD_ID'), build);
  return new PageCacheHandler({ fs: nodeFs, flushToDisk: true, serverDistDir: path.join(root, 'server'), revalidatedTags: [], maxMemoryCacheSize: 0 });
}

let url = '';
let pool: pg.Pool;
const savedUrl = process.env.DATABASE_URL;

before(async () => {
  if (skip) return;
  url = await freshDatabase();
  pool = new pg.Pool({ connectionString: url, max: 2, allowExitOnIdle: true });
  const client = await pool.connect();
  await migrate(client);
  client.release();
  process.env.DATABASE_URL = url;
});
after(async () => {
  process.env.DATABASE_URL = savedUrl;
  await pool?.end();
});

const rows = async () => (await pool.query('SELECT build, key, tags FROM page_cache ORDER BY build, key')).rows;

test('a page one server rendered is served by another from PostgreSQL, as old as it is, and kept on its disk', { skip }, async () => {
  const [a, b] = [server(), server()];
  const before = Date.now();
  const html = `<html><body>rendered by a ${'Snell’s law · n₁ sin θ₁ = n₂ sin θ₂ '.repeat(100)}</body></html>`; // long: stored apart from the JSON
  await a.set(KEY, page(html), context);
  assert.deepEqual(await rows(), [{ build: 'build-1', key: KEY, tags: TAGS.split(',') }]);

  const found = await b.get(KEY, context);
  assert.ok(found, 'b finds what a rendered');
  assert.equal(found.value.html, html);
  assert.deepEqual(found.value.rscData, Buffer.from('0:{"shared":1}\n'));
  assert.deepEqual([...found.value.segmentData], [['/_tree', Buffer.from('tree')]]);
  assert.equal(found.value.headers['x-next-cache-tags'], TAGS);
  assert.ok(found.lastModified >= before && found.lastModified <= Date.now(), 'dated by the render, not the read');

  // b keeps it: served from its own disk (also while PostgreSQL is away), dated by a's render.
  await pool.query('DELETE FROM page_cache');
  const again = await b.get(KEY, context);
  assert.equal(again?.value.html, html);
  assert.ok(Math.abs(again.lastModified - found.lastModified) < 1000, 'the copy keeps the render time');
});

test('a tag expired through the table reaches every server within a second, and a stale copy is a miss', { skip }, async () => {
  const [a, b] = [server(), server()];
  await a.set(KEY, page('<html><body>old answer</body></html>'), context);
  assert.ok(await b.get(KEY, context), 'b holds it before the change');
  tagsManifest.delete('question:41');

  await new Promise((resolve) => setTimeout(resolve, 5)); // rendered strictly before the expiry
  const expiredAt = Date.now();
  await expireTags(url, ['question:41', 'home'], expiredAt);
  assert.deepEqual(await rows(), [], 'the shared entry it made stale is removed at once');
  const started = Date.now();
  while (tagsManifest.get('question:41')?.expired !== expiredAt) {
    assert.ok(Date.now() - started < 1000, 'every server learns of it within a second');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.ok(Date.now() - started <= TAG_POLL_MS * 2 + 100);
  // b's copy was rendered before the expiry: a miss (Next renders the page again).
  assert.equal(await b.get(KEY, context), null, "b's copy is expired: the page renders again");

  await a.set(KEY, page('<html><body>new answer</body></html>'), context);
  const fresh = await b.get(KEY, context);
  assert.equal(fresh?.value.html, '<html><body>new answer</body></html>', 'the new render replaces the stale copy on b');
});

test('a build never reads another build’s entries, and a 404 is never stored', { skip }, async () => {
  await pool.query('DELETE FROM page_cache');
  await server('build-1').set(KEY, page('<html>build 1</html>'), context);
  assert.equal(await server('build-2').get(KEY, context), null, 'another build renders its own');
  await server('build-1').set('/route-cache/a1b2/$/learn/physics/questions/nothing-here', page('<html>not found</html>', 404), context);
  assert.deepEqual(
    (await rows()).map((r) => r.key),
    [KEY],
  );
});

test('an address PostgreSQL cannot hold (NUL, from %00) is neither read nor written there, and logs nothing', { skip }, async () => {
  await pool.query('DELETE FROM page_cache');
  const key = `${KEY}\u0000x`;
  const errors: string[] = [];
  const error = console.error;
  console.error = (message: string) => errors.push(message);
  const shared = sharedPageCache(url, 'build-nul', { maxBytes: 1_000_000, pages: true });
  try {
    await shared.write(key, page('<html>nul</html>'), context.cacheControl, Date.now());
    assert.equal(await shared.read(key), null);
    assert.equal(await server().get(key, context), null, 'a miss: the server renders it');
  } finally {
    console.error = error;
    shared.close();
  }
  assert.deepEqual(await rows(), []);
  assert.deepEqual(errors, []);
});

test('PostgreSQL unreachable: reads are misses and writes are skipped, with one line in the log, and the server’s own cache works', { skip }, async () => {
  const dead = 'postgres://nobody@127.0.0.1:9/nothing';
  process.env.DATABASE_URL = dead;
  const errors: string[] = [];
  const error = console.error;
  console.error = (message: string) => errors.push(message);
  try {
    const a = server('build-dead');
    await a.set(KEY, page('<html>served here</html>'), context);
    assert.equal((await a.get(KEY, context))?.value.html, '<html>served here</html>', 'its own disk serves it');
    assert.equal(await server('build-dead').get(KEY, context), null, 'another server renders it');
  } finally {
    console.error = error;
    process.env.DATABASE_URL = url;
    sharedPageCache(dead, 'build-dead', { maxBytes: 0, pages: true }).close();
  }
  assert.equal(errors.length, 1, errors.join('\n'));
  assert.match(errors[0]!, /^shared page cache: .* failed \(.*\): each server serves from its own cache meanwhile$/);
});

test('the content store finding PostgreSQL gone sets the expiries aside at once: an expired page is served as it was, and expires again once a probe finds it back', {
  skip,
}, async () => {
  const a = server();
  tagsManifest.delete('question:41');
  await a.set(KEY, page('<html><body>as it was</body></html>'), context);
  await new Promise((resolve) => setTimeout(resolve, 5)); // rendered strictly before the expiry
  const expiredAt = Date.now();
  await expireTags(url, ['question:41'], expiredAt);
  const learnt = async () => {
    const started = Date.now();
    while (tagsManifest.get('question:41')?.expired !== expiredAt) {
      assert.ok(Date.now() - started < 1000, 'the expiry is read within a second');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  await learnt();
  assert.equal(await a.get(KEY, context), null, 'expired: the page would render again');
  // What the store does when a read finds the database gone (the proxy then answers 503 for
  // pages it has not cached, and lets cached ones through): no read of the tags has failed yet.
  markUnavailable();
  assert.equal((await a.get(KEY, context))?.value.html, '<html><body>as it was</body></html>', 'served as it was, not rendered');
  await new Promise((resolve) => setTimeout(resolve, TAG_POLL_MS * 2));
  assert.equal(
    (await a.get(KEY, context))?.value.html,
    '<html><body>as it was</body></html>',
    'while the store holds it gone, reads of the tags that succeed do not bring the expiry back',
  );
  // The database never went away here: the proxy's next probe (2 s on) finds it.
  await new Promise((resolve) => setTimeout(resolve, 2_100));
  assert.equal(await databaseAvailable(url), true);
  await learnt();
  assert.equal(await a.get(KEY, context), null, 'expired again: the page renders again');
});

test('the table is kept under its bound, oldest first, and other builds’ old entries go', { skip }, async () => {
  await pool.query('DELETE FROM page_cache');
  const cache = sharedPageCache(url, 'build-bound', { maxBytes: 40_000, pages: true });
  const html = (i: number) => `<html>${crypto.randomBytes(5_000).toString('base64')} ${i}</html>`; // ~5 KB gzipped: random text
  for (let i = 0; i < 12; i++) await cache.write(`/page-${String(i).padStart(2, '0')}`, page(html(i)), {}, 1_000 + i);
  await pool.query(`INSERT INTO page_cache SELECT 'old-build', key, value, tags, 1, bytes FROM page_cache WHERE key = '/page-11'`);
  await pool.query(`INSERT INTO page_cache SELECT 'rolling-build', key, value, tags, $1, bytes FROM page_cache WHERE key = '/page-00'`, [Date.now()]);
  await cache.prune();
  const { rows: left } = await pool.query('SELECT build, key, bytes FROM page_cache ORDER BY last_modified DESC');
  const total = left.reduce((sum, r) => sum + r.bytes, 0);
  assert.ok(total <= 40_000 * 0.9, `${total} bytes left`);
  assert.ok(left.length >= 3, 'the newest are kept');
  assert.equal(left[0].build, 'rolling-build', 'a build still writing keeps its entries');
  assert.ok(!left.some((r) => r.build === 'old-build'), 'a build no longer writing loses them');
  const kept = left.filter((r) => r.build === 'build-bound').map((r) => r.key);
  assert.deepEqual(kept, [...kept].sort().reverse(), 'the oldest went first');
  assert.ok(!kept.includes('/page-00'));
});

test('PAGE_CACHE_SHARED=0: each server keeps its own pages, and still learns of expired tags', { skip }, async () => {
  process.env.PAGE_CACHE_SHARED = '0';
  try {
    const [a, b] = [server('build-own'), server('build-own')];
    await a.set(KEY, page('<html>only on a</html>'), context);
    assert.equal((await pool.query("SELECT count(*)::int AS n FROM page_cache WHERE build = 'build-own'")).rows[0].n, 0);
    assert.equal(await b.get(KEY, context), null, 'b renders it itself');
    tagsManifest.delete('topic:optics');
    await expireTags(url, ['topic:optics'], Date.now());
    await new Promise((resolve) => setTimeout(resolve, TAG_POLL_MS * 2 + 100));
    assert.ok(tagsManifest.get('topic:optics')?.expired, 'the expiry reached this server');
  } finally {
    delete process.env.PAGE_CACHE_SHARED;
  }
});
