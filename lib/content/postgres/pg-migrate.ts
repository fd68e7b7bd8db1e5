import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';

// Schema migrations of the PostgreSQL content store: the .sql files of pg-migrations/, applied in
// name order, each once (recorded in schema_migrations), all in one transaction, under an
// advisory lock so that two syncs starting together do not both apply one.

const MIGRATIONS = path.join(import.meta.dirname, 'pg-migrations');
/** Advisory lock keys: one for migrations, one held by a sync for its whole transaction. */
export const MIGRATION_LOCK = 7_261_001;
export const SYNC_LOCK = 7_261_002;

/** Applies the migrations not yet applied; returns their names. */
export async function migrate(client: pg.ClientBase): Promise<string[]> {
  const files = fs
    .readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const applied: string[] = [];
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
    for (const file of files.filter((f) => !done.has(f))) {
      await client.query(fs.readFileSync(path.join(MIGRATIONS, file), 'utf8'));
      await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
      applied.push(file);
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
