import Database from 'libsql';
import { BaseStore, type Candidate, type KeywordHandle, type SearchLimits } from '../store/base-store';
import { readsIn, type Read } from '../store/reads';
import { SCHEMA_VERSION } from './schema';

// The content database read by the site by default: the SQLite file the content step wrote,
// opened read-only. Every read is a prepared statement; nothing loads the corpus. Search finds
// its candidates in FTS5 (ranking them is base-store.ts's); a subject's questions are one rowid
// range (schema.ts).

const READS = readsIn('sqlite');

const ALL_ROWS: [number, number] = [0, Number.MAX_SAFE_INTEGER];

/** A word as an FTS5 string: the parser only ever yields letters and digits, quoted all the same. */
const quoted = (word: string) => `"${word.replaceAll('"', '""')}"`;

/** A parameter as SQLite takes it: a list as JSON (reads.ts reads it with json_each). */
const bound = (value: unknown) => (Array.isArray(value) ? JSON.stringify(value) : value);

type Statement = Database.Statement<unknown[]>;

export class SqliteStore extends BaseStore {
  readonly fixed = true;
  private readonly db: InstanceType<typeof Database>;
  private readonly subjectIds: Map<string, number>;
  private readonly subjectSlugs: Map<number, string>;
  private readonly statements: Record<Read, Statement>;
  private readonly sql;

  constructor(file: string, limits: Partial<SearchLimits> = {}) {
    super(limits);
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    let version: [string] | undefined;
    try {
      version = this.db.prepare("SELECT value FROM meta WHERE key = 'version'").raw().get() as [string] | undefined;
    } catch (error) {
      this.db.close();
      throw new Error(`${file}: not a readable content database (${error instanceof Error ? error.message : error}); build again`);
    }
    if (version?.[0] !== String(SCHEMA_VERSION)) {
      throw new Error(`${file}: content database version ${version?.[0]}, expected ${SCHEMA_VERSION}; build again`);
    }
    const ids = this.db.prepare('SELECT slug, id FROM subject_ids').raw().all() as [string, number][];
    this.subjectIds = new Map(ids);
    this.subjectSlugs = new Map(ids.map(([slug, id]) => [id, slug]));
    const q = (sql: string) => this.db.prepare(sql).raw();
    this.statements = Object.fromEntries(Object.entries(READS).map(([name, sql]) => [name, q(sql)])) as Record<Read, Statement>;
    this.sql = {
      stemDocs: q('SELECT docs, title_docs FROM stems WHERE stem = ?'),
      // Search: ?1 a match expression, ?2–?3 a rowid range (one subject's, or all). The rowids
      // come back as one text: thousands of one-number rows cost four times as much.
      matching: q(`SELECT group_concat(rowid) FROM (SELECT rowid FROM search WHERE search MATCH ?1 AND rowid BETWEEN ?2 AND ?3 ORDER BY rowid DESC LIMIT ?4)`),
      matchingTitles: q(
        `SELECT group_concat(rowid) FROM (SELECT rowid FROM titles WHERE titles MATCH ?1 AND rowid BETWEEN ?2 AND ?3 ORDER BY rowid DESC LIMIT ?4)`,
      ),
      topicSubjects: q('SELECT question >> 32, count(*) FROM keyword_questions WHERE keyword = ? GROUP BY 1'),
    };
  }

  close() {
    this.db.close();
  }

  protected async read<T extends unknown[]>(read: Read, values: unknown[] = []) {
    return this.statements[read].all(...values.map(bound)) as T[];
  }

  protected async topicSubjects(topic: KeywordHandle) {
    return (this.sql.topicSubjects.all(topic) as [number, number][]).map(([id, count]): [string, number] => [this.subjectSlugs.get(id)!, count]);
  }

  protected async stemCounts(stems: string[]) {
    const counts = new Map<string, [number, number]>();
    for (const stem of stems) {
      const found = this.sql.stemDocs.get(stem) as [number, number] | undefined;
      if (found) counts.set(stem, found);
    }
    return counts;
  }

  protected async matching(groups: string[][], titles: boolean, subject: string | null, limit: number): Promise<Candidate[]> {
    const expression = groups.map((stems) => `(${stems.map(quoted).join(' OR ')})`).join(' AND ');
    const [list] = (titles ? this.sql.matchingTitles : this.sql.matching).get(expression, ...this.subjectRange(subject), limit) as [string | null];
    if (list === null) return [];
    return list.split(',').map((n) => {
      const rowid = Number(n);
      return { row: rowid, order: rowid, subject: this.subjectSlugs.get(Math.floor(rowid / 2 ** 32))!, weight: 0 };
    });
  }

  /** The rowid range of a subject's questions (its id is their high 32 bits), or every row. */
  protected subjectRange(slug: string | null): [number, number] {
    if (slug === null) return ALL_ROWS;
    const id = this.subjectIds.get(slug) ?? 0;
    return [id * 2 ** 32, id * 2 ** 32 + 2 ** 32 - 1];
  }
}
