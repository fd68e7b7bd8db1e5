// @ts-check
// Next's own file-system page cache (pages rendered on demand under `next start`), made safe to
// stop at any moment. Next writes a page's .html, .rsc, .meta and segment files side by side, not
// atomically: a server killed halfway (or a full disk) can leave a half-written .html that the
// next server would serve. Here each page's write is journalled: a marker file is written before
// the page's files and removed once all of them are; a server that starts and finds a marker
// deletes that page's files (the page then renders again on its next request). A write that
// fails (the disk is full) removes what it wrote and says so; the page is still served. Pages
// that do not exist (404) are never stored.
// next.config.js uses it for `next start` (not on Vercel, which keeps its own cache).
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const FileSystemCache = require('next/dist/server/lib/incremental-cache/file-system-cache.js').default;

/** Page entries (CachedRouteKind) and the folder their files live under (IncrementalCacheKind). */
const KINDS = { APP_PAGE: 'APP_PAGE', APP_ROUTE: 'APP_ROUTE', PAGES: 'PAGES' };
const SIDE_FILES = ['.html', '.rsc', '.meta', '.body', '.segments'];

/** Journal folders already recovered by this process. */
const recovered = new Set();

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
    const html = this.getFilePath(`${key}.html`, kind);
    for (const suffix of SIDE_FILES) fs.rmSync(html.replace(/\.html$/, suffix), { recursive: true, force: true });
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
      console.error(`page cache: ${key} is served but not cached: writing it failed (${reasonOf(error)}); its files were removed`);
    }
    fs.rmSync(marker, { force: true });
  }
}

/** @param {unknown} error */
function reasonOf(error) {
  const code = /** @type {{ code?: string }} */ (error)?.code;
  if (code === 'ENOSPC') return 'the disk is full';
  return error instanceof Error ? error.message : String(error);
}

module.exports = PageCacheHandler;
