import pg from 'pg';
import { env } from '../../env.mjs';

// Connections to the PostgreSQL content store (DATABASE_URL), shaped for both ways the site
// runs: a serverless function (Vercel) holds a few connections and lets them go when idle; a
// long-lived `next start` a bounded pool. Every statement has a time limit, and a request waits
// a bounded time for a connection: a database that has gone away fails requests quickly instead
// of piling them up.

/** A pool for `url`: at most PG_POOL_MAX connections (default 10; 3 on Vercel). */
export function contentPool(url: string, options: pg.PoolConfig = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: env().PG_POOL_MAX ?? (env().VERCEL ? 3 : 10),
    idleTimeoutMillis: env().VERCEL ? 5_000 : 30_000,
    connectionTimeoutMillis: 5_000,
    statement_timeout: env().PG_STATEMENT_TIMEOUT_MS,
    application_name: 'quicktakes',
    ...options,
  });
  // An idle connection that breaks (the server restarted) is dropped from the pool; without a
  // listener the error would end the process.
  pool.on('error', () => {});
  return pool;
}
