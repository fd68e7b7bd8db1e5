// @ts-check
// The page cache every server shares when the site reads PostgreSQL (DATABASE_URL), and the
// revalidation that reaches every server. lib/page-cache-handler.cjs keeps each server's own
// cache (Next's bounded memory cache in front of its disk) and asks here for what it lacks.
//
// - Pages and route responses rendered on demand are written to `page_cache` (0005_page_cache.sql)
//   by build (gzipped: encoded()): a server finds there what another rendered, without rendering
//   it again, and never an entry of another build. One statement writes an entry whole, or not
//   at all.
// - POST /api/revalidate writes when each tag expired to `cache_tags` (expireTags). Every server
//   reads what changed every TAG_POLL_MS and records it where Next checks every cached page
//   (its tags manifest), so that a page older than its tag's expiry is a miss on every server.
//   Polling (not LISTEN/NOTIFY) works through PgBouncer in transaction mode, and costs one
//   indexed query per interval.
// - Entries of other builds not written for OTHER_BUILDS_KEPT_MS, and the oldest past
//   PAGE_CACHE_MAX_MB, are removed by one server at a time every PRUNE_EVERY_MS.
// - PostgreSQL unreachable: reads are misses and writes are skipped (one line in the log every
//   PROBLEM_LOG_MS); each server serves what it holds itself, and carries on when it answers again.
//   Meanwhile the tags' expiries are set aside (`suspended`): a page expired since this server
//   cached it is served as it was rather than failing to render, and renders again once the
//   database answers. They are set aside as soon as either a read of the tags fails or the
//   content store finds the database gone (when the proxy starts answering 503), and brought
//   back once both find it again.
const zlib = require('node:zlib');
const { promisify } = require('node:util');
const pg = require('pg');
const { tagsManifest, areTagsExpired } = require('next/dist/server/lib/incremental-cache/tags-manifest.external.js');

const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);

const TAG_POLL_MS = 250;
const PRUNE_EVERY_MS = 60_000;
/** A rolling deployment runs two builds at once: the old one's entries stay while it still writes them. */
const OTHER_BUILDS_KEPT_MS = 60 * 60_000;
/** Past the bound, the oldest entries are removed until the rest take this share of it. */
const PRUNE_TO = 0.9;
const PRUNE_LOCK = 7_261_003;
const PROBLEM_LOG_MS = 30_000;
/** The header in which Next gives a cached page's tags. */
const TAGS_HEADER = 'x-next-cache-tags';

/** @type {Map<string, pg.Pool>} */
const pools = new Map();
/** The tags manifest's entries, set aside while PostgreSQL is unreachable; null while it answers. */
let suspended = /** @type {Map<string, any> | null} */ (null);

/**
 * Whether the content store found PostgreSQL unreachable (lib/content/postgres/pg-health.ts,
 * through globalThis): the proxy then serves what is cached and answers 503 for the rest.
 */
const contentDatabaseDown = () =>
  /** @type {{ down?: boolean } | undefined} */ (/** @type {any} */ (globalThis)[Symbol.for('quicktakes.contentDatabase')])?.down === true;

/** Sets the tags' expiries aside while PostgreSQL is unreachable (see above). */
function suspendTags() {
  if (suspended) return;
  suspended = new Map(tagsManifest);
  tagsManifest.clear();
}

/** Whether an error means the database could not be reached (rather than, say, a missing table). */
function unreachable(/** @type {unknown} */ error) {
  const code = /** @type {{ code?: unknown } | undefined} */ (error)?.code;
  return typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code) || /^(08|57P0)/.test(code);
}

/** One small pool per database and process: a read or write waits a second at most for it. */
function poolFor(/** @type {string} */ url) {
  let pool = pools.get(url);
  if (!pool) {
    pool = new pg.Pool({
      connectionString: url,
      max: 4,
      connectionTimeoutMillis: 1_000,
      idleTimeoutMillis: 30_000,
      statement_timeout: 5_000,
      application_name: 'quicktakes-page-cache',
      // A script or test that used the cache can end; a server never idles out.
      allowExitOnIdle: true,
    });
    pool.on('error', () => {});
    pools.set(url, pool);
  }
  return pool;
}

/**
 * Records that `tags` expired at `at` for every server, and removes the shared entries they make
 * stale, in one transaction: what POST /api/revalidate does before it answers.
 * @param {string} url
 * @param {string[]} tags
 * @param {number} at milliseconds since 1970
 */
async function expireTags(url, tags, at) {
  if (tags.length === 0) return;
  const unique = [...new Set(tags)].sort();
  const client = await poolFor(url).connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO cache_tags (tag, expired_at, version)
       SELECT tag, $2, nextval('cache_tag_versions') FROM unnest($1::text[]) AS tag
       ON CONFLICT (tag) DO UPDATE SET expired_at = excluded.expired_at, version = excluded.version`,
      [unique, at],
    );
    await client.query('DELETE FROM page_cache WHERE tags && $1::text[] AND last_modified < $2', [unique, at]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * A cached value as bytes: its small fields as JSON, and its large ones (the page's HTML, its RSC
 * payload and each segment's) after it as they are, with no escaping: a page is encoded and
 * decoded in well under a millisecond, before gzip (JSON with base64 took 5 and 4 ms).
 * @param {Record<string, unknown>} value
 */
function encoded(value) {
  /** @type {Buffer[]} */
  const parts = [];
  const part = (/** @type {Buffer} */ bytes, text = false) => ({ $part: parts.push(bytes) - 1, text });
  /** @param {unknown} v @returns {unknown} */
  const pack = (v) =>
    Buffer.isBuffer(v)
      ? part(v)
      : typeof v === 'string' && v.length > 1024
        ? part(Buffer.from(v), true)
        : v instanceof Map
          ? { $map: [...v].map(([k, b]) => [k, pack(b)]) }
          : v;
  const fields = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, pack(v)]));
  const head = Buffer.from(JSON.stringify({ fields, sizes: parts.map((p) => p.length) }));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(head.length);
  return Buffer.concat([length, head, ...parts]);
}

function decoded(/** @type {Buffer} */ bytes) {
  const headLength = bytes.readUInt32BE(0);
  const { fields, sizes } = JSON.parse(bytes.subarray(4, 4 + headLength).toString('utf8'));
  let offset = 4 + headLength;
  const parts = sizes.map((/** @type {number} */ size) => bytes.subarray(offset, (offset += size)));
  /** @param {any} v @returns {unknown} */
  const unpack = (v) =>
    v?.$part !== undefined
      ? v.text
        ? parts[v.$part].toString('utf8')
        : Buffer.from(parts[v.$part])
      : v?.$map
        ? new Map(v.$map.map((/** @type {[string, unknown]} */ [k, b]) => [k, unpack(b)]))
        : v;
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, unpack(v)]));
}

/** A cached page's tags, as Next lists them in its headers. */
function tagsOf(/** @type {any} */ value) {
  const header = value?.headers?.[TAGS_HEADER];
  return typeof header === 'string' && header ? header.split(',') : [];
}

/** Whether a tag of the entry expired after it was rendered. */
function expired(/** @type {{ lastModified: number, value: any }} */ entry) {
  const tags = tagsOf(entry.value);
  return tags.length > 0 && areTagsExpired(tags, entry.lastModified);
}

/**
 * Whether PostgreSQL's text can hold `key`: not with NUL (an address with %00 in it). Such a
 * page is not shared; each server keeps its own.
 * @param {string} key
 */
const storable = (key) => !key.includes('\u0000');

class SharedPageCache {
  /**
   * @param {string} url DATABASE_URL
   * @param {string} build the build's id: entries of other builds are never read
   * @param {{ maxBytes: number, pages: boolean }} options the bound (PAGE_CACHE_MAX_MB in bytes);
   *   whether pages are shared (PAGE_CACHE_SHARED), or only the tags' expiries
   */
  constructor(url, build, { maxBytes, pages }) {
    this.pool = poolFor(url);
    this.build = build;
    this.maxBytes = maxBytes;
    this.pages = pages;
    /** The last cache_tags version recorded in Next's tags manifest. */
    this.version = 0;
    this.lastPrune = Date.now();
    this.lastProblem = 0;
    /** @type {Promise<void> | null} */
    this.reading = null;
    /** The first read of the tags, which every read of an entry waits for. */
    this.tagsRead = this.readTags();
    this.poll = setInterval(() => this.readTags(), TAG_POLL_MS);
    this.poll.unref();
  }

  /** Records in Next's tags manifest the expiries written since the last read (all of them at first). */
  readTags() {
    this.reading ??= (async () => {
      try {
        const { rows } = await this.pool.query('SELECT tag, expired_at, version FROM cache_tags WHERE version > $1 ORDER BY version', [this.version]);
        if (suspended && !contentDatabaseDown()) {
          for (const [tag, entry] of suspended) if (!tagsManifest.has(tag)) tagsManifest.set(tag, entry);
          suspended = null;
        }
        // While the content store still finds the database gone, what is read is set aside too.
        const manifest = suspended ?? tagsManifest;
        for (const row of rows) {
          const expiredAt = Number(row.expired_at);
          const known = manifest.get(row.tag) ?? {};
          if ((known.expired ?? 0) < expiredAt) manifest.set(row.tag, { ...known, stale: expiredAt, expired: expiredAt });
          this.version = Number(row.version);
        }
      } catch (error) {
        this.problem('reading which pages expired', error);
        if (unreachable(error)) suspendTags();
      } finally {
        this.reading = null;
      }
    })();
    return this.reading;
  }

  /**
   * Whether PostgreSQL is unreachable: the last read of the tags failed, or the content store
   * found it so. In the second case the tags are set aside now: the proxy already serves cached
   * pages, and one it lets through must not be expired and fail to render before the next read
   * of the tags fails too (a CI run met that: the home page answered 500 during an outage).
   */
  outage() {
    if (contentDatabaseDown()) suspendTags();
    return suspended !== null;
  }

  /** Stops reading the tags (a test's cache on a database it is done with). */
  close() {
    clearInterval(this.poll);
  }

  /**
   * The entry another server (or this one) rendered for `key` in this build, or null when there
   * is none, its tags expired since, or the database does not answer.
   * @param {string} key
   * @returns {Promise<{ lastModified: number, value: any, cacheControl: any } | null>}
   */
  async read(key) {
    if (!this.pages || !storable(key)) return null;
    try {
      const { rows } = await this.pool.query('SELECT value, last_modified FROM page_cache WHERE build = $1 AND key = $2', [this.build, key]);
      if (rows.length === 0) return null;
      const { cacheControl, ...value } = decoded(await gunzip(rows[0].value));
      const entry = { lastModified: Number(rows[0].last_modified), value, cacheControl };
      return expired(entry) ? null : entry;
    } catch (error) {
      this.problem(`reading ${key}`, error);
      return null;
    }
  }

  /**
   * Writes an entry for every server, whole or not at all; an older render never replaces a newer.
   * @param {string} key
   * @param {any} value
   * @param {unknown} cacheControl
   * @param {number} lastModified
   */
  async write(key, value, cacheControl, lastModified) {
    if (!this.pages || !storable(key)) return;
    try {
      const data = await gzip(encoded({ ...value, cacheControl }));
      await this.pool.query(
        `INSERT INTO page_cache (build, key, value, tags, last_modified, bytes) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (build, key) DO UPDATE SET value = excluded.value, tags = excluded.tags,
           last_modified = excluded.last_modified, bytes = excluded.bytes
         WHERE page_cache.last_modified <= excluded.last_modified`,
        [this.build, key, data, tagsOf(value), lastModified, data.length + key.length],
      );
    } catch (error) {
      this.problem(`writing ${key}`, error);
      return;
    }
    if (Date.now() - this.lastPrune >= PRUNE_EVERY_MS) await this.prune();
  }

  /** Removes other builds' entries no longer written, then the oldest past the bound; one server at a time. */
  async prune() {
    this.lastPrune = Date.now();
    let client;
    try {
      client = await this.pool.connect();
      await client.query('BEGIN');
      const { rows } = await client.query('SELECT pg_try_advisory_xact_lock($1) AS mine', [PRUNE_LOCK]);
      if (rows[0].mine) {
        await client.query('DELETE FROM page_cache WHERE build <> $1 AND last_modified < $2', [this.build, Date.now() - OTHER_BUILDS_KEPT_MS]);
        const total = Number((await client.query('SELECT coalesce(sum(bytes), 0) AS total FROM page_cache')).rows[0].total);
        if (total > this.maxBytes) {
          await client.query(
            `DELETE FROM page_cache p USING (
               SELECT build, key FROM (SELECT build, key, sum(bytes) OVER (ORDER BY last_modified DESC, build, key) AS kept FROM page_cache) r
               WHERE kept > $1) old
             WHERE p.build = old.build AND p.key = old.key`,
            [Math.floor(this.maxBytes * PRUNE_TO)],
          );
        }
      }
      await client.query('COMMIT');
    } catch (error) {
      await client?.query('ROLLBACK').catch(() => {});
      this.problem('removing old entries', error);
    } finally {
      client?.release();
    }
  }

  /** Says what failed, once every PROBLEM_LOG_MS: an unreachable database would otherwise flood the log. */
  problem(/** @type {string} */ doing, /** @type {unknown} */ error) {
    if (Date.now() - this.lastProblem < PROBLEM_LOG_MS) return;
    this.lastProblem = Date.now();
    const { code, message } = /** @type {{ code?: string, message?: string }} */ (error ?? {});
    const hint =
      code === '42P01' ? ': its tables are missing; run `npm run db:migrate` (content:sync does too)' : ': each server serves from its own cache meanwhile';
    console.error(`shared page cache: ${doing} failed (${message ?? error})${hint}`);
  }
}

/** @type {Map<string, SharedPageCache>} */
const caches = new Map();

/**
 * The shared cache of this process for one database and build.
 * @param {string} url
 * @param {string} build
 * @param {{ maxBytes: number, pages: boolean }} options
 */
function sharedPageCache(url, build, options) {
  const id = `${url}\n${build}`;
  let cache = caches.get(id);
  if (!cache) {
    cache = new SharedPageCache(url, build, options);
    caches.set(id, cache);
  }
  return cache;
}

module.exports = { sharedPageCache, expireTags, expired, TAG_POLL_MS };
