import type pg from 'pg';

// How content:sync compares a table of the content step's SQLite database with PostgreSQL's
// without holding either in memory: both walked in key order at once (keys compare byte by byte
// in both databases), and what differs written in batches.

export const BATCH = 500;
export const PAGE = 5_000;

export type Key = (string | number)[];

/** Byte order of UTF-8, as SQLite's BINARY and PostgreSQL's "C" collation compare. */
function compareKeys(a: Key, b: Key): number {
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i]!, b[i]!];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    return Buffer.compare(Buffer.from(String(x)), Buffer.from(String(y)));
  }
  return 0;
}

/** Rows of a PostgreSQL table in key order, a page at a time (keyset pagination). */
export async function* pgRows<T>(client: pg.ClientBase, select: string, from: string, keyColumns: string[], keyOf: (row: T) => Key): AsyncGenerator<T> {
  const order = keyColumns.join(', ');
  let after: Key | null = null;
  for (;;) {
    const params = after ?? [];
    const where = after ? `WHERE (${order}) > (${keyColumns.map((_, i) => `$${i + 1}`).join(', ')})` : '';
    const { rows } = await client.query<T & pg.QueryResultRow>(`SELECT ${select} FROM ${from} ${where} ORDER BY ${order} LIMIT ${PAGE}`, params);
    for (const row of rows) yield row as T;
    if (rows.length < PAGE) return;
    after = keyOf(rows[rows.length - 1]!);
  }
}

/** Walks two key-ordered row streams together: calls `visit` with each key's row on either side. */
export async function mergeByKey<A, B>(
  left: Iterable<A>,
  right: AsyncIterable<B>,
  keyOfLeft: (a: A) => Key,
  keyOfRight: (b: B) => Key,
  visit: (a: A | undefined, b: B | undefined) => Promise<void>,
) {
  const l = left[Symbol.iterator]();
  const r = right[Symbol.asyncIterator]();
  let a = l.next();
  let b = await r.next();
  while (!a.done || !b.done) {
    const order = a.done ? 1 : b.done ? -1 : compareKeys(keyOfLeft(a.value), keyOfRight(b.value));
    if (order < 0) {
      await visit(a.value as A, undefined);
      a = l.next();
    } else if (order > 0) {
      await visit(undefined, b.value as B);
      b = await r.next();
    } else {
      await visit(a.value as A, b.value as B);
      a = l.next();
      b = await r.next();
    }
  }
}

/** Rows written as one statement of parallel arrays (unnest), `size` rows at a time. */
export class Batch<T extends unknown[]> {
  private rows: T[] = [];
  count = 0;
  constructor(
    private readonly write: (columns: unknown[][]) => Promise<unknown>,
    private readonly size = BATCH,
  ) {}
  get full() {
    return this.rows.length >= this.size;
  }
  /** Adds a row; written at once when the batch is full, unless `hold` (the caller flushes). */
  async add(row: T, hold = false) {
    this.rows.push(row);
    this.count++;
    if (!hold && this.full) await this.flush();
  }
  /** Writes the rows held, `size` at a time. */
  async flush() {
    const rows = this.rows;
    this.rows = [];
    for (let i = 0; i < rows.length; i += this.size) {
      const slice = rows.slice(i, i + this.size);
      await this.write(slice[0]!.map((_, column) => slice.map((row) => row[column])));
    }
  }
}
