import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildCorpus, toIndexRecord, type Corpus, type IndexRecord } from './corpus';
import { listQuestionFiles } from './load';
import { readJsonLines, writeJsonLines } from './json-lines';
import { parseQuestionFile } from './parse-file';
import type { Problem } from './types';

// The build's view of the content folder: every file checked, the corpus indexed. Incremental:
// a file whose size and modification time (or, after a fresh checkout, whose bytes) are those
// of the last build is not parsed again; its cached record and problems are reused.

interface CacheEntry {
  mtimeMs: number;
  size: number;
  hash: string;
  record: IndexRecord | null;
  problems: Problem[];
}

interface CacheHeader {
  version: number;
  dir: string;
}

/** Bump when parsing or the record's shape changes, so old caches are not trusted. */
const CACHE_VERSION = 2;

export interface BuildStats {
  files: number;
  /** Files read and parsed this time (all of them on a cold build). */
  parsed: number;
  /** Files whose bytes were read and found unchanged (fresh checkout, same content). */
  rehashed: number;
}

export interface BuiltContent {
  corpus: Corpus;
  problems: Problem[];
  stats: BuildStats;
}

const hashOf = (bytes: Buffer) => createHash('sha1').update(bytes).digest('base64');

export function buildContent(dir: string, cachePath: string | null): BuiltContent {
  const abs = path.resolve(dir);
  const previous = cachePath ? readCache(cachePath, abs) : {};
  const entries: Record<string, CacheEntry> = {};
  const files = listQuestionFiles(abs);
  const stats: BuildStats = { files: files.length, parsed: 0, rehashed: 0 };

  for (const file of files) {
    const cached = previous[file];
    const { mtimeMs, size } = fs.statSync(path.join(abs, file));
    if (cached && cached.mtimeMs === mtimeMs && cached.size === size) {
      entries[file] = cached;
      continue;
    }
    const bytes = fs.readFileSync(path.join(abs, file));
    const hash = hashOf(bytes);
    if (cached && cached.hash === hash) {
      entries[file] = { ...cached, mtimeMs, size };
      stats.rehashed++;
      continue;
    }
    const result = parseQuestionFile(file, bytes);
    const record = result.question ? toIndexRecord(result.question) : null;
    entries[file] = { mtimeMs, size, hash, record, problems: result.problems };
    stats.parsed++;
  }

  const records: IndexRecord[] = [];
  const problems: Problem[] = [];
  for (const file of files) {
    const entry = entries[file]!;
    if (entry.record) records.push(entry.record);
    problems.push(...entry.problems);
  }
  const corpus = buildCorpus(records);
  problems.push(...corpus.problems);

  const changed = stats.parsed + stats.rehashed > 0 || Object.keys(previous).length !== files.length;
  if (cachePath && changed) {
    writeJsonLines(cachePath, { version: CACHE_VERSION, dir: abs } satisfies CacheHeader, Object.entries(entries));
  }
  return { corpus, problems, stats };
}

function readCache(cachePath: string, dir: string): Record<string, CacheEntry> {
  try {
    const { header, rows } = readJsonLines<CacheHeader, [string, CacheEntry]>(cachePath);
    return header.version === CACHE_VERSION && header.dir === dir ? Object.fromEntries(rows) : {};
  } catch {
    return {}; // no cache yet, or an unreadable one: parse everything
  }
}
