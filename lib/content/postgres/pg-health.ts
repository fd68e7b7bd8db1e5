import pg from 'pg';

// Whether the PostgreSQL content store answers, asked at most every HEALTH_TTL_MS: what the
// proxy (proxy.ts) needs to tell a visitor "try again shortly" rather than fail a page.

const HEALTH_TTL_MS = 2_000;
const PROBE_TIMEOUT_MS = 1_000;
/** The last probe, shared through globalThis with the store's module (which may be bundled apart from the proxy's). */
const STATE = Symbol.for('quicktakes.contentDatabase');
/** `down`: the last finding, read at once by the page cache (lib/shared-page-cache.cjs), which cannot wait for a probe. */
const state = ((globalThis as Record<symbol, unknown>)[STATE] ??= {}) as { last?: { at: number; up: Promise<boolean> }; down?: boolean };

/** Whether an error means the database could not be reached or dropped the connection (rather than a bad query). */
export function isUnavailable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return (
    (typeof code === 'string' &&
      (/^(08|57P0[123])/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code))) ||
    /Connection terminated|timeout exceeded when trying to connect|Connection ended/i.test(message ?? '')
  );
}

/** The store saw the database go away: the proxy answers 503 at once, not after its next probe. */
export function markUnavailable() {
  state.last = { at: Date.now(), up: Promise.resolve(false) };
  state.down = true;
}

async function probe(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS, query_timeout: PROBE_TIMEOUT_MS });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1 FROM content_meta LIMIT 1');
    return true;
  } catch {
    return false;
  } finally {
    client.end().catch(() => {});
  }
}

export function databaseAvailable(url: string): Promise<boolean> {
  if (!state.last || Date.now() - state.last.at > HEALTH_TTL_MS) {
    const up = probe(url).then((answers) => {
      if (state.last?.up === up) state.down = !answers;
      return answers;
    });
    state.last = { at: Date.now(), up };
  }
  return state.last.up;
}
