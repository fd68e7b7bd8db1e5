import type { Db } from './database';
import { displayName, letterOf, resolveSlugClash, TOPIC_MIN_QUESTIONS, topicSlug } from '../model/topics';

// Topics as the content step keeps them up to date: each canonical question added to or taken
// out of its keywords' listings as the files stream in, then applied in one sorted pass, with
// the counts, names and slugs that make a keyword a topic (../model/topics.ts).

export class TopicIndex {
  /** Keyword changes not yet written to scratch.tag_changes: [key, spelling, day_rank, id, question, sign]. */
  private buffer: [string, string, number, number, number, number][] = [];
  /** Whether this build took a question out of a keyword's listing (scratch.tag_changes has a -1). */
  private untagged = false;
  private tagged = false;
  private readonly insertChanges;

  constructor(private readonly db: Db) {
    this.insertChanges = db.prepare(`INSERT INTO scratch.tag_changes (key, spelling, day_rank, id, question, sign)
      SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5 FROM json_each(?)`);
  }

  /**
   * Adds a canonical question to (or, with -1, removes it from) its keywords' listings: written
   * to the scratch file, applied by save().
   */
  tag(rowid: number, dayRank: number, questionId: number, keywords: [string, string][], sign: 1 | -1) {
    for (const [key, spelling] of keywords) this.buffer.push([key, spelling, dayRank, questionId, rowid, sign]);
    if (sign < 0 && keywords.length > 0) this.untagged = true;
    if (this.buffer.length >= 50_000) this.flush();
  }

  /** Writes the buffered keyword changes, many in one statement. */
  private flush() {
    if (this.buffer.length === 0) return;
    this.insertChanges.run(JSON.stringify(this.buffer));
    this.buffer = [];
    this.tagged = true;
  }

  /**
   * Brings the keywords this build changed up to date: their counts and spellings; which of
   * them are topics (TOPIC_MIN_QUESTIONS), with their names and slugs; the index's letters.
   */
  save() {
    this.flush();
    if (!this.tagged) return;
    const db = this.db;
    // Each change summed per key, listing entry and spelling (a question removed and added again
    // in one build cancels out), keys resolved to ids once, applied in the tables' own order.
    // (A question has one spelling of a key, so the spelling goes with its listing entry.)
    db.exec(`CREATE INDEX scratch.changes_by_key ON tag_changes (key, day_rank, id, question, spelling, sign);
      INSERT OR IGNORE INTO keywords (key) SELECT DISTINCT key FROM scratch.tag_changes ORDER BY key;
      CREATE TABLE scratch.net AS SELECT k.id AS keyword, c.day_rank, c.id, c.question, c.spelling, c.sign FROM
        (SELECT key, day_rank, id, question, spelling, sum(sign) AS sign FROM scratch.tag_changes GROUP BY 1, 2, 3, 4) c
        JOIN keywords k ON k.key = c.key WHERE c.sign <> 0;
      INSERT INTO keyword_questions (keyword, day_rank, id, question)
        SELECT keyword, day_rank, id, question FROM scratch.net WHERE sign > 0 ORDER BY 1, 2, 3, 4;
      INSERT INTO build.spellings (keyword, spelling, uses)
        SELECT keyword, spelling, sum(sign) FROM scratch.net GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (keyword, spelling) DO UPDATE SET uses = uses + excluded.uses;
      CREATE TABLE scratch.touched (id INTEGER PRIMARY KEY, delta INTEGER NOT NULL);
      INSERT INTO scratch.touched SELECT keyword, sum(sign) FROM scratch.net GROUP BY 1 ORDER BY 1;
      UPDATE keywords SET questions = questions + t.delta FROM scratch.touched t WHERE keywords.id = t.id AND t.delta <> 0;
      DELETE FROM build.spellings WHERE uses <= 0 AND keyword IN (SELECT id FROM scratch.touched);`);
    if (this.untagged) {
      db.exec(`DELETE FROM keyword_questions WHERE (keyword, day_rank, id, question) IN
        (SELECT keyword, day_rank, id, question FROM scratch.net WHERE sign < 0)`);
    }

    // Which of the keywords touched are topics now (TOPIC_MIN_QUESTIONS), with their names and
    // slugs; only those that are or were one need a look.
    const spellings = db.prepare('SELECT spelling, uses FROM build.spellings WHERE keyword = ?').raw();
    const setTopic = db.prepare('UPDATE keywords SET name = ?, slug = ? WHERE id = ?');
    const changes = db
      .prepare(`SELECT k.id, k.key, k.questions, k.name, k.slug FROM scratch.touched t JOIN keywords k ON k.id = t.id
      WHERE k.questions >= ? OR k.slug IS NOT NULL`)
      .raw()
      .all(TOPIC_MIN_QUESTIONS) as [number, string, number, string | null, string | null][];
    // Hashed slugs (topics.ts) are settled per short slug once all counts are in, below.
    const hashed = new Set<string>();
    let topicsChanged = false;
    for (const [id, key, questions, name, slug] of changes) {
      const short = topicSlug(key);
      if (short.includes('--')) hashed.add(short);
      if (questions < TOPIC_MIN_QUESTIONS) {
        setTopic.run(null, null, id);
        topicsChanged = true;
        continue;
      }
      const newName = displayName((spellings.all(id) as [string, number][]).map(([spelling, uses]) => ({ spelling, uses })));
      const newSlug = short.includes('--') ? (slug ?? topicSlug(key, 40)) : short;
      if (newName !== name || newSlug !== slug) setTopic.run(newName, newSlug, id);
      topicsChanged ||= slug === null;
    }
    // Keywords no canonical question carries any more (or never did: a copy's own, taken out again).
    db.exec(`DELETE FROM keywords WHERE questions <= 0 AND key IN (SELECT key FROM scratch.tag_changes);
      DROP INDEX scratch.changes_by_key; DELETE FROM scratch.tag_changes; DROP TABLE scratch.net; DROP TABLE scratch.touched;`);
    this.tagged = this.untagged = false;
    // Every topic whose key's short slug is one of these (a full-hash slug starts with its short
    // one): the key sorting first takes the short slug, the others keep the whole hash.
    const contenders = db.prepare("SELECT id, key, slug FROM keywords WHERE slug >= ?1 AND slug < ?1 || '~'").raw();
    const setSlug = db.prepare('UPDATE keywords SET slug = ? WHERE id = ?');
    for (const short of hashed) {
      const group = (contenders.all(short) as [number, string, string][]).filter(([, key]) => topicSlug(key) === short);
      const resolved = resolveSlugClash(group.map(([, key]) => key));
      // Full hashes first, so that the short slug is free before it is given.
      for (const [id, key, slug] of group.sort(([, a], [, b]) => Number(resolved.get(a) === short) - Number(resolved.get(b) === short))) {
        if (resolved.get(key) !== slug) setSlug.run(resolved.get(key)!, id);
      }
    }
    if (!topicsChanged) return;
    // Where each letter starts in the alphabetical index (keys sort as the index lists them).
    const firsts: [string, number][] = [];
    let position = 0;
    for (const [first, n] of db
      .prepare(`SELECT substr(key, 1, 1), count(*) FROM keywords WHERE slug IS NOT NULL
      GROUP BY 1 ORDER BY 1`)
      .raw()
      .iterate() as Iterable<[string, number]>) {
      const letter = letterOf(first);
      if (!firsts.some(([l]) => l === letter)) firsts.push([letter, position]);
      position += n;
    }
    db.prepare("INSERT OR REPLACE INTO main.meta (key, value) VALUES ('topic_letters', ?)").run(JSON.stringify(firsts));
  }
}
