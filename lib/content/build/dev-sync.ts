import { contentCacheFile, contentDbFile, contentDir } from '../../config';
import { formatProblem } from '../model/types';
import { publishContentDb } from './publish';
import { buildContentDb } from './write';

// `next dev` only: before a request reads the content, bring the database up to date with the
// folder (an incremental content step: it stats the files and parses only what changed), at
// most once a second. Content errors are thrown, so the development overlay lists them.

let checkedAt = 0;
let running: Promise<void> | undefined;

/** Publishes the folder as it is now, when it changed (the reader sees a new file). */
export function syncForDevelopment(): Promise<void> {
  if (running) return running;
  if (Date.now() - checkedAt < 1_000) return Promise.resolve();
  running = (async () => {
    try {
      const { problems, changed } = await buildContentDb(contentDir(), contentCacheFile());
      if (problems.length > 0) throw new Error(`Content errors:\n${problems.map((p) => formatProblem(p)).join('\n')}`);
      if (changed) publishContentDb(contentCacheFile(), contentDbFile());
    } finally {
      checkedAt = Date.now();
      running = undefined;
    }
  })();
  return running;
}
