import Database from 'libsql';
import { parseQuery } from './lib/content/search';
import { wordsOf } from './lib/content/search-text';
import { SqliteStore } from './lib/content/store/sqlite-store';
import { questionUrl } from './lib/content/types';
const db = '/tmp/dbr36k.db';
const raw = new Database(db, { readonly: true });
const store = new SqliteStore(db);
const sample = raw.prepare('SELECT subject_slug, slug, title FROM questions WHERE canonical_url IS NULL AND rowid % 72 = 0 LIMIT 30').raw().all() as [string, string, string][];
const docs = raw.prepare('SELECT docs FROM words WHERE word = ?').raw();
const f = (w: string) => (docs.get(w) as [number] | undefined)?.[0] ?? 0;
for (const [s, slug, title] of sample) {
  const words = [...new Set(wordsOf(title))].filter((w) => w.length >= 3 && !/^\d+$/.test(w));
  const rare = words.sort((a, b) => f(a) - f(b) || b.length - a.length).slice(0, words.length >= 8 ? 4 : 3);
  const r = await store.search({ ...(parseQuery(rare.join(' ')) as any), subject: null, page: 1 });
  const pos = r.hits.findIndex(h => h.url === questionUrl(s, slug));
  if (pos < 0 || pos > 2) console.log(title, '|', rare.join(' '), rare.map(f), '|', r.matched, r.total, pos, r.hits.slice(0,3).map(h => h.title));
}
