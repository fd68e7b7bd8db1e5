import fs from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import { BUILD_SCHEMA, PAGE_SIZE_BYTES, SCHEMA_VERSION, SITE_SCHEMA } from '../sqlite/schema';

// The content step's files: the site's database, the build's own beside it (attached, so that
// both change in one transaction) and a scratch file for one build; opened, versioned, and
// rebuilt from nothing when they were written by another schema or for another folder.

export type Db = InstanceType<typeof Database>;

/** The build's own file beside the site's database: `content.db` → `content.build.db`. */
export const buildFileOf = (file: string) => file.replace(/(\.db)?$/, '.build.db');

/**
 * A file the content step writes its keyword changes to while it streams files in, and applies
 * sorted at the end (saveTopics): sorted, a million questions' ten million keywords go in
 * several times faster than one by one. Thrown away after each build.
 */
export const scratchFileOf = (file: string) => file.replace(/(\.db)?$/, '.scratch.db');

/** A value of a meta table (`main.meta`, `build.meta`), if the table and the key exist. */
export function metaOf(db: Db, table: string, key: string): string | undefined {
  try {
    return (db.prepare(`SELECT value FROM ${table} WHERE key = ?`).raw().get(key) as [string] | undefined)?.[0];
  } catch {
    return undefined;
  }
}

/** Opens (or creates) the database at `file`, with the build's file attached, for `dir`; rebuilt if stale. */
export function openForWriting(file: string, dir: string): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const open = () => {
    const db = new Database(file);
    db.prepare('ATTACH DATABASE ? AS build').run(buildFileOf(file));
    return db;
  };
  let db = open();
  const current = (table: string) => metaOf(db, table, 'version') === String(SCHEMA_VERSION) && metaOf(db, table, 'dir') === dir;
  if (!current('main.meta') || !current('build.meta')) {
    db.close();
    for (const f of [file, buildFileOf(file)]) for (const suffix of ['', '-journal', '-wal']) fs.rmSync(f + suffix, { force: true });
    db = open();
    db.exec(`PRAGMA main.page_size = ${PAGE_SIZE_BYTES}; PRAGMA build.page_size = ${PAGE_SIZE_BYTES}`);
    db.exec(SITE_SCHEMA);
    db.exec(BUILD_SCHEMA);
    for (const table of ['main.meta', 'build.meta']) {
      db.prepare(`INSERT INTO ${table} (key, value) VALUES ('version', ?), ('dir', ?)`).run(String(SCHEMA_VERSION), dir);
    }
  }
  // Sorts larger than the cache go to temporary files, not memory (saveTopics sorts ten million rows at a million questions).
  db.exec('PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536; PRAGMA temp_store = FILE');
  const scratch = scratchFileOf(file);
  for (const suffix of ['', '-journal']) fs.rmSync(scratch + suffix, { force: true });
  db.prepare('ATTACH DATABASE ? AS scratch').run(scratch);
  db.exec(`PRAGMA scratch.journal_mode = OFF; PRAGMA scratch.synchronous = OFF;
    CREATE TABLE scratch.tag_changes (key TEXT NOT NULL, spelling TEXT NOT NULL, day_rank INTEGER NOT NULL, id INTEGER NOT NULL, question INTEGER NOT NULL, sign INTEGER NOT NULL)`);
  return db;
}
