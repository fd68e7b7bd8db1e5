import type pg from 'pg';
import { env } from '../../env.mjs';
import { BaseStore, type Candidate, type KeywordHandle, type SearchLimits } from '../store/base-store';
import { readsIn, type Read } from '../store/reads';
import { isUnavailable, markUnavailable } from './pg-health';
import { contentPool } from './pg-pool';

// The content store in PostgreSQL (DATABASE_URL), written by content:sync (pg-sync.ts): shared
// by every server, so that content outgrows one deployment and publishes without a rebuild.
// Search finds its candidates with PostgreSQL's full-text search over the stems the content step
// wrote (the same tokens as SQLite's index); base-store.ts ranks them.

const READS = readsIn('postgres');
/**
 * The lookups a search makes by key, prepared once per connection (named statements): planning
 * each took longer than running it (0.2–0.4 ms against 0.05–0.2). The full-text reads are not:
 * how rare their words are decides their plan.
 */
const PREPARED = new Set<Read>(['words', 'completions', 'wordsNear', 'related', 'termVectors', 'hits', 'bodies', 'topicsOfKeys']);

/** Every subject's slug lies between these (keys compare byte by byte, COLLATE "C"). */
const ALL_SUBJECTS: [string, string] = ['', '\u{10FFFF}'];

/** A very common word's newest matches are looked for among about this many times as many of the newest questions (matching)… */
const NEWEST_SLACK = 2;
/** …and among this many times more while they are too few. */
const NEWEST_GROWTH = 4;

/** How long a query dropped with its connection waits before it is tried again. */
const RETRY_DELAY_MS = 100;

/** Queries made, and how many had to wait for a connection (every one in use): `npm run bench -- postgres` reads them. */
const poolStats = { queries: 0, waited: 0, maxWaiting: 0 };
if (env().PG_POOL_STATS) setInterval(() => console.log(`pg-pool-stats ${JSON.stringify(poolStats)}`), 1_000).unref();

/** A stem in tsquery's syntax, quoted (stems are letters and digits, quoted all the same). */
const quoted = (stem: string) => `'${stem.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;

export class PgStore extends BaseStore {
  /** content:sync changes it under a running server. */
  readonly fixed = false;

  constructor(
    private readonly pool: pg.Pool,
    limits: Partial<SearchLimits> = {},
    /** Whether the PREPARED reads are named statements (a pooler in transaction mode may not keep them). */
    private readonly prepared = true,
  ) {
    super(limits);
  }

  /**
   * A store on `url`, with the site's connection pool. Its queries all have an index to use; a
   * sequential scan is never what they need, though the planner may pick one for a search with
   * a LIMIT when it cannot tell how rare a word is (reading every answer's vector: seconds).
   * A search's bitmap of a common word's matches (a million questions: ~15 MB) must fit in
   * work_mem (PG_WORK_MEM, default 32MB): past PostgreSQL's 4 MB default it turns lossy, and
   * every question on its pages has its vector read again (3–7× the time). No query is shared
   * among parallel workers: a search's reads take milliseconds, and starting workers took some
   * 40 ms of them (at 1,000,000 questions a common word's newest read in 60 ms, 12 ms alone).
   */
  static open(url: string, limits: Partial<SearchLimits> = {}) {
    const pool = contentPool(url, { options: `-c enable_seqscan=off -c max_parallel_workers_per_gather=0 -c work_mem=${env().PG_WORK_MEM}` });
    return new PgStore(pool, limits, env().PG_PREPARED ?? !env().VERCEL);
  }

  async close() {
    await this.pool.end();
  }

  /**
   * A query's rows. A connection the database dropped (it restarted, or failed over) is retried
   * once on a new one; when that fails too, the proxy is told, so that it answers 503 until the
   * database is back.
   */
  private async rows<T extends unknown[]>(text: string, values: unknown[] = [], name?: string): Promise<T[]> {
    // PostgreSQL's text cannot hold NUL: no key has one, and sending it is an error. An address
    // with %00 in it asks for nothing that exists.
    if (values.some((v) => typeof v === 'string' && v.includes('\u0000'))) return [];
    try {
      const query = this.pool.query<T>({ name: this.prepared ? name : undefined, text, values, rowMode: 'array' });
      poolStats.queries++;
      if (this.pool.waitingCount > 0) {
        poolStats.waited++;
        poolStats.maxWaiting = Math.max(poolStats.maxWaiting, this.pool.waitingCount);
      }
      return (await query).rows;
    } catch (error) {
      if (!isUnavailable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
      try {
        return (await this.pool.query<T>({ name: this.prepared ? name : undefined, text, values, rowMode: 'array' })).rows;
      } catch (again) {
        if (isUnavailable(again)) markUnavailable();
        throw again;
      }
    }
  }

  protected read<T extends unknown[]>(read: Read, values: unknown[] = []) {
    return this.rows<T>(READS[read], values, PREPARED.has(read) ? read : undefined);
  }

  protected topicSubjects(topic: KeywordHandle) {
    return this.rows<[string, number]>('SELECT subject_slug, count(*)::int FROM keyword_questions WHERE keyword = $1 GROUP BY 1', [topic]);
  }

  protected subjectRange(subject: string | null): [string, string] {
    return subject === null ? ALL_SUBJECTS : [subject, subject];
  }

  protected async stemCounts(stems: string[]) {
    const rows = await this.rows<[string, number, number]>(
      'SELECT lexeme, docs, title_docs FROM lexemes WHERE lexeme = ANY($1::text[]) AND docs > 0',
      [stems],
      'stemCounts',
    );
    return new Map(rows.map(([stem, docs, titleDocs]): [string, [number, number]] => [stem, [docs, titleDocs]]));
  }

  protected async matching(groups: string[][], titles: boolean, subject: string | null, limit: number, share: number): Promise<Candidate[]> {
    const query = groups.map((stems) => `(${stems.map(quoted).join(' | ')})`).join(' & ');
    const candidates = (rows: [number, number, string][]) => rows.map(([row, order, slug]): Candidate => ({ row, order, subject: slug, weight: 0 }));
    // The newest `limit` questions holding a very common word in their title (a third of them
    // hold "what") were found by reading and sorting all of them. They are looked for among the
    // newest questions first (migration 0009): a part where about NEWEST_SLACK × `limit` should
    // be, made NEWEST_GROWTH times larger while it holds fewer (a word's share varies with the
    // subject and, as rowids follow slugs, with how titles start), up to half of them.
    if (titles && subject === null) {
      const { count } = await this.searchStats();
      for (let part = Math.ceil((NEWEST_SLACK * limit) / share); part * 2 <= count; part *= NEWEST_GROWTH) {
        const rows = await this.rows<[number, number, string]>(
          `SELECT qid, rid::float8, subject_slug FROM questions WHERE searchable AND titles @@ $1::tsquery
           AND rid >> 10 >= (SELECT rid >> 10 FROM questions WHERE searchable ORDER BY -rid OFFSET $2 LIMIT 1) ORDER BY rid DESC LIMIT $3`,
          [query, part - 1, limit],
        );
        if (rows.length === limit) return candidates(rows);
      }
    }
    return candidates(
      await this.rows<[number, number, string]>(
        `SELECT qid, rid::float8, subject_slug FROM questions WHERE searchable AND ${titles ? 'titles' : 'search'} @@ $1::tsquery
         AND ($2::text IS NULL OR subject_slug = $2) ORDER BY rid DESC LIMIT $3`,
        [query, subject, limit],
      ),
    );
  }
}
