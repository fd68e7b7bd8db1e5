import fs from 'node:fs'; import path from 'node:path';
import { parseQuery } from './lib/content/search';
import { wordsOf } from './lib/content/search-text';
import { SqliteStore } from './lib/content/store/sqlite-store';
const dir = '../shared/corpus/quicktakes';
const titles = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(f => f.endsWith('.md')).map(f => /^title: (?:>-\n\s+)?(.+)$/m.exec(fs.readFileSync(path.join(dir, f), 'utf8'))![1]!);
let seed = 7; const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const queries = Array.from({ length: 1000 }, () => { const w = wordsOf(titles[Math.floor(random() * titles.length)]!); const l = 2 + Math.floor(random() * 3); const s = Math.floor(random() * Math.max(1, w.length - l + 1)); return w.slice(s, s + l).join(' '); });
const store = new SqliteStore(process.argv[2]!);
const times: [number, string, string][] = [];
for (const q of queries) { const p = parseQuery(q) as any; const t = performance.now(); const r = await store.search({ ...p, subject: null, page: 1 }); times.push([performance.now() - t, q, `${r.matched} ${r.total}${r.more ? '+' : ''} ${r.suggestion}`]); }
times.sort((a, b) => b[0] - a[0]); console.log(times.slice(0, 12).map(t => `${t[0].toFixed(1)} | ${t[1]} | ${t[2]}`).join('\n'));
