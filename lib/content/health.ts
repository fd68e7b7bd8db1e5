import { env } from '../env.mjs';
import { databaseAvailable } from './postgres/pg-health';

// Whether the content can be read right now: what the proxy (proxy.ts) asks before a page. Apart
// from the facade (./index.ts), so that the proxy's bundle carries a probe, not the stores.

/** Always with the embedded SQLite file; with PostgreSQL (DATABASE_URL), whether it answers (probed every 2 s at most). */
export function contentAvailable(): Promise<boolean> {
  const url = env().DATABASE_URL;
  return url ? databaseAvailable(url) : Promise.resolve(true);
}
