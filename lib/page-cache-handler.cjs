// @ts-check
// Next's own file-system page cache (pages rendered on demand under `next start`), made safe to
// stop at any moment. Next writes a page's .html, .rsc, .meta and segment files side by side, not
// atomically: a server killed halfway (or a full disk) can leave a half-written .html that the
// next server would serve. Here each page's write is journalled: a marker file is written before
// the page's files and removed once all of them are; a server that starts and finds a marker
// deletes that page's files (the page then renders again on its next request). A write that
// fails (the disk is full) removes what it wrote and says so; the page is still served. Pages
// that do not exist (404) are never stored. Pages rendered on demand (Next keeps them under
// server/route-cache) are kept up to PAGE_CACHE_MAX_MB (lib/env.mjs): past it, the least
// recently used are removed and render again when asked for. With PostgreSQL (DATABASE_URL),
// what this server lacks is looked for in the cache every server shares, and what it renders is
// written there too (lib/shared-page-cache.cjs).
// next.config.js uses it for `next start` (not on Vercel, which keeps its own cache).
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const FileSystemCache = require('next/dist/server/lib/incremental-cache/file-system-cache.js').default;
const { sharedPageCache, expired } = require('./shared-page-cache.cjs');

/** Page entries (CachedRouteKind) and the folder their files live under (IncrementalCacheKind). */
const KINDS = { APP_PAGE: 'APP_PAGE', APP_ROUTE: 'APP_ROUTE', PAGES: 'PAGES' };
/** What the shared cache holds: the App Router's pages and route responses (feeds, sitemaps, images). */
const SHARED_KINDS = new Set([KINDS.APP_PAGE, KINDS.APP_ROUTE]);
const SIDE_FILES = ['.html', '.rsc', '.meta', '.body', '.segments'];

/** Journal folders already recovered by this process. */
const recovered = new Set();
/** Past the bound, pages are removed until they take this share of it. */
const EVICT_TO = 0.9;

/**
 * The pages rendered on demand under one server folder, with their sizes and when each was last
 * written or read, shared by the handlers of one process (Next makes one per request).
 * @typedef {{ entries: Map<string, { bytes: number, used: number }>, bytes: number, ready: Promise<void> }} Usage
 * @type {Map<string, Usage>}
 */
const usage = new Map();

/** A page's files: its base path (without suffix) and each file Next writes beside it. */
const filesOf = (/** @type {string} */ base) => SIDE_FILES.map((suffix) => base + suffix);
/** Removes a page's files, whichever of them there are. */
const removePage = (/** @type {string} */ base) => {
  for (const file of filesOf(base)) fs.rmSync(file, { recursive: true, force: true });
};
/** Bytes of a page's files on disk. */
const pageBytes = (/** @type {string} */ base) => filesOf(base).reduce((sum, file) => sum + sizeOf(file), 0);

/** Bytes of a file or folder (a page's .segments is one), 0 when it is gone. */
function sizeOf(/** @type {string} */ file) {
  try {
    const stat = fs.statSync(file);
    if (!stat.isDirectory()) return stat.size;
    return fs.readdirSync(file).reduce((sum, name) => sum + sizeOf(path.join(file, name)), 0);
  } catch {
    return 0;
  }
}

/** What the folder of pages rendered on demand holds, read in the background when a server starts. */
async function scan(/** @type {string} */ root, /** @type {Usage} */ into) {
  /** @type {string[]} */
  let names = [];
  try {
    names = await fs.promises.readdir(root, { recursive: true });
  } catch {
    return;
  }
  for (const name of names) {
    const match = /^(.*)\.(html|body)$/.exec(name);
    if (!match || into.entries.has(path.join(root, match[1]))) continue;
    const base = path.join(root, match[1]);
    const bytes = pageBytes(base);
    const used = (await fs.promises.stat(/*turbopackIgnore: true*/ `${base}.${match[2]}`).catch(() => null))?.mtimeMs ?? 0;
    into.entries.set(base, { bytes, used });
    into.bytes += bytes;
  }
}

class PageCacheHandler extends FileSystemCache {
  /** @param {any} ctx */
  constructor(ctx) {
    // Next writes a page's files at once and gives up at the first that fails, while the others
    // are still being written: those must finish before the page's files are removed.
    /** @type {Set<Promise<unknown>>} */
    const writing = new Set();
    const writeFile = (/** @type {string} */ file, /** @type {any} */ data) => {
      const write = ctx.fs.writeFile(file, data);
      writing.add(write);
      write.then(
        () => writing.delete(write),
        () => writing.delete(write),
      );
      return write;
    };
    super(ctx.fs ? { ...ctx, fs: { ...ctx.fs, writeFile } } : ctx);
    this.writing = writing;
    /** @type {string | null} */
    this.journal = ctx.serverDistDir && ctx.flushToDisk ? path.join(ctx.serverDistDir, '..', 'cache', 'page-writes') : null;
    if (this.journal && !recovered.has(this.journal)) {
      recovered.add(this.journal);
      this.recover(this.journal);
    }
    /** @type {Usage | null} */
    this.usage = null;
    if (ctx.serverDistDir && ctx.flushToDisk) {
      const root = path.join(ctx.serverDistDir, 'route-cache');
      if (!usage.has(root)) {
        /** @type {Usage} */
        const fresh = { entries: new Map(), bytes: 0, ready: Promise.resolve() };
        fresh.ready = scan(root, fresh);
        usage.set(root, fresh);
      }
      this.usage = /** @type {Usage} */ (usage.get(root));
    }
    /** The build's id: the shared cache never serves one build's entries to another. */
    this.build = ctx.serverDistDir && !ctx.dev ? readBuildId(ctx.serverDistDir) : null;
  }

  /** The cache every server shares (its pages unless PAGE_CACHE_SHARED=0, and the tags' expiries), with PostgreSQL (DATABASE_URL) under `next start`; else null. */
  async shared() {
    if (!this.build) return null;
    // The environment as lib/env.mjs checks it (an ES module: imported, not required).
    const { env } = await import('./env.mjs');
    const { DATABASE_URL, PAGE_CACHE_MAX_MB, PAGE_CACHE_SHARED } = env();
    return DATABASE_URL ? sharedPageCache(DATABASE_URL, this.build, { maxBytes: PAGE_CACHE_MAX_MB * 2 ** 20, pages: PAGE_CACHE_SHARED }) : null;
  }

  /** The base path of a page's files, when it is one rendered on demand (under route-cache). */
  onDemandBase(/** @type {string} */ key, /** @type {string} */ kind) {
    if (!key.startsWith('/route-cache/') || (kind !== KINDS.APP_PAGE && kind !== KINDS.APP_ROUTE)) return null;
    return this.getFilePath(key, kind);
  }

  /**
   * @param {string} key
   * @param {any} ctx
   */
  async get(key, ctx) {
    // With PostgreSQL, which tags expired (on any server) is known before anything is served.
    const shared = await this.shared();
    await shared?.tagsRead;
    // Read before Next checks the tags: during an outage, expired pages are served as they were.
    const unreachable = shared?.outage();
    const local = await super.get(key, ctx);
    const base = local && this.usage && this.onDemandBase(key, ctx?.kind);
    const entry = base && this.usage?.entries.get(base);
    if (entry) entry.used = Date.now();
    // What this server lacks, or holds from before its tags expired, another may have rendered since.
    if (local && !expired(local)) return local;
    if (unreachable) return local;
    const found = shared && SHARED_KINDS.has(ctx?.kind) && (await shared.read(key));
    if (!found) return local;
    await this.keep(key, found, ctx);
    return found;
  }

  /** Keeps an entry of the shared cache on this server too (served during an outage, and without a query), as old as it is. */
  async keep(/** @type {string} */ key, /** @type {{ lastModified: number, value: any, cacheControl: any }} */ found, /** @type {any} */ ctx) {
    await this.setHere(key, found.value, { ...ctx, cacheControl: found.cacheControl });
    // Next dates an entry by its file's time: the render's, not the copy's, so that a tag that
    // expired after the render expires the copy too.
    FileSystemCache.memoryCache?.set(key, { value: found.value, lastModified: found.lastModified, cacheControl: found.cacheControl });
    const file = this.getFilePath(`${key}${found.value.kind === KINDS.APP_ROUTE ? '.body' : '.html'}`, ctx.kind);
    const time = new Date(found.lastModified);
    fs.promises.utimes(file, time, time).catch(() => {});
  }

  /** Counts a page just written, and removes the least recently used past the bound. */
  async counted(/** @type {string} */ key, /** @type {string} */ kind) {
    const base = this.usage && this.onDemandBase(key, kind);
    if (!base || !this.usage) return;
    const usage = this.usage;
    await usage.ready;
    // The environment as lib/env.mjs checks it (an ES module: imported, not required).
    const { env } = await import('./env.mjs');
    const maxBytes = env().PAGE_CACHE_MAX_MB * 2 ** 20;
    const bytes = pageBytes(base);
    usage.bytes += bytes - (usage.entries.get(base)?.bytes ?? 0);
    usage.entries.set(base, { bytes, used: Date.now() });
    if (usage.bytes <= maxBytes) return;
    const oldest = [...usage.entries].sort(([, a], [, b]) => a.used - b.used);
    for (const [other, { bytes: size }] of oldest) {
      if (usage.bytes <= maxBytes * EVICT_TO) break;
      removePage(other);
      usage.entries.delete(other);
      usage.bytes -= size;
    }
  }

  /** Deletes the files of every page whose write a previous server did not finish. */
  recover(/** @type {string} */ journal) {
    if (!fs.existsSync(journal)) return;
    for (const name of fs.readdirSync(journal)) {
      const marker = path.join(journal, name);
      try {
        const { key, kind } = JSON.parse(fs.readFileSync(marker, 'utf8'));
        this.removeEntry(key, kind);
        console.warn(`page cache: ${key} was being written when the server stopped; its files were removed and it renders again`);
      } catch {
        // A marker cut short: it was written before any of its page's files, so there are none.
      }
      fs.rmSync(marker, { force: true });
    }
  }

  removeEntry(/** @type {string} */ key, /** @type {string} */ kind) {
    removePage(this.getFilePath(key, kind));
  }

  /**
   * @param {string} key
   * @param {any} data
   * @param {any} ctx
   */
  async set(key, data, ctx) {
    // A 404 is never kept: any address under a dynamic route that names nothing would otherwise
    // become four files (about 170 KB) on disk, so that a crawler or a loop could fill it. It
    // renders again on each request instead: one lookup that finds nothing.
    if (data?.status === 404) return;
    const rendered = Date.now();
    await this.setHere(key, data, ctx);
    const shared = data && SHARED_KINDS.has(data.kind) ? await this.shared() : null;
    await shared?.write(key, data, ctx?.cacheControl, rendered);
  }

  /**
   * Writes an entry to this server's memory and disk.
   * @param {string} key
   * @param {any} data
   * @param {any} ctx
   */
  async setHere(key, data, ctx) {
    const kind = data && KINDS[/** @type {keyof typeof KINDS} */ (data.kind)];
    if (!this.journal || !kind || !this.flushToDisk) return super.set(key, data, ctx);
    const marker = path.join(this.journal, crypto.createHash('sha1').update(key).digest('hex'));
    try {
      fs.mkdirSync(this.journal, { recursive: true });
      fs.writeFileSync(marker, JSON.stringify({ key, kind }));
    } catch (error) {
      console.error(`page cache: ${key} is served but not cached: cannot write ${marker} (${reasonOf(error)})`);
      return;
    }
    try {
      await super.set(key, data, ctx);
    } catch (error) {
      await Promise.allSettled([...this.writing]);
      this.removeEntry(key, kind);
      fs.rmSync(marker, { force: true });
      console.error(`page cache: ${key} is served but not cached: writing it failed (${reasonOf(error)}); its files were removed`);
      return;
    }
    fs.rmSync(marker, { force: true });
    await this.counted(key, kind);
  }
}

/** The id of the build whose server folder this is (Next writes BUILD_ID beside it). */
function readBuildId(/** @type {string} */ serverDistDir) {
  try {
    return fs.readFileSync(/*turbopackIgnore: true*/ path.join(serverDistDir, '..', 'BUILD_ID'), 'utf8').trim();
  } catch {
    return null;
  }
}

/** @param {unknown} error */
function reasonOf(error) {
  const code = /** @type {{ code?: string }} */ (error)?.code;
  if (code === 'ENOSPC') return 'the disk is full';
  return error instanceof Error ? error.message : String(error);
}

module.exports = PageCacheHandler;
