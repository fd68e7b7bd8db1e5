import Database from 'libsql';
for (const f of ['/tmp/dbreal.db', '/tmp/dbg36k.db']) {
const db = new Database(f, { readonly: true });
const n = (db.prepare('SELECT count(*) FROM questions').raw().get() as [number])[0];
const rows = db.prepare("SELECT name, sum(pgsize), sum(unused) FROM dbstat GROUP BY name ORDER BY 2 DESC").raw().all() as [string, number, number][];
console.log(f, n, rows.slice(0, 10).map(([name, size, unused]) => `${name}=${((size - unused) / n).toFixed(0)}B/q`).join(' '));
}
