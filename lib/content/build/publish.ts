import fs from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import { metaOf } from './database';
import { silent, type Progress } from './progress';

/**
 * Publishes the site's database at `from` to `to` for the site to read: copied beside it, then
 * renamed over it, so a server never opens a half-written file. Skipped when `to` already holds
 * this build's content.
 */
export function publishContentDb(from: string, to: string, progress: Progress = silent): void {
  if (generationOf(to) === generationOf(from) && generationOf(from) !== undefined) return;
  progress.phase('publishing');
  fs.mkdirSync(path.dirname(to), { recursive: true });
  // The copy is made beside the build's own database, so a step killed while copying leaves
  // nothing beside the published file; renamed over it (same file system: atomic).
  const stale = (f: string) => f.startsWith(`${path.basename(from)}.`) && f.endsWith('.publish');
  for (const f of fs.readdirSync(path.dirname(from)).filter(stale)) fs.rmSync(path.join(path.dirname(from), f), { force: true });
  let temporary = `${from}.${process.pid}.publish`;
  fs.copyFileSync(from, temporary);
  progress.phase('publishing: copied');
  try {
    fs.renameSync(temporary, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    // Another file system: copied beside the published file after all.
    fs.rmSync(temporary);
    temporary = `${to}.${process.pid}.tmp`;
    fs.copyFileSync(from, temporary);
    fs.renameSync(temporary, to);
  }
}

/** The database's build generation (new whenever its questions change), if it has one. */
function generationOf(file: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true });
  try {
    return metaOf(db, 'meta', 'generation');
  } finally {
    db.close();
  }
}
