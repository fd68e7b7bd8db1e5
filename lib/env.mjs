// @ts-check
// Every environment variable the site, its build, its scripts and its tests' hooks read: checked
// here, in one place, with an error that names the variable and what it should be. Plain
// JavaScript, because next.config.js reads it too.
import path from 'node:path';
import { z } from 'zod';

/** @param {number} min */
const whole = (min) =>
  z
    .string()
    .regex(/^\d+$/, `a whole number${min > 0 ? ` of at least ${min}` : ''}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `at least ${min}`));
const flag = z
  .string()
  .optional()
  .transform((v) => v !== undefined && v !== '0' && v !== 'false');

const schema = z.object({
  /** The folder of question files the site publishes. */
  CONTENT_DIR: z.string().default('content'),
  /** The absolute origin for canonical links, feeds and the sitemap (lib/config.ts: siteUrl). */
  SITE_URL: z
    .url({ protocol: /^https?$/, error: 'an absolute http(s) address, like https://learn.example.org' })
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  /** Where a build writes `.next` and `.content` (default: the project). The tests build in their own. */
  BUILD_DIR: z
    .string()
    .refine((v) => !path.isAbsolute(v) && !v.split(/[\\/]/).includes('..'), 'a folder inside the project, like .test-build/e2e')
    .default('.'),
  /** PostgreSQL instead of the embedded SQLite database (written by `npm run content:sync`). */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// connection string')
    .optional(),
  /** The secret `/api/revalidate` expects, and `content:sync` sends after a sync. */
  REVALIDATE_SECRET: z.string().optional(),
  /** PostgreSQL pool size per server process (default 10; 3 on Vercel). */
  PG_POOL_MAX: whole(1).optional(),
  /** Cancels a PostgreSQL statement after this many milliseconds. */
  PG_STATEMENT_TIMEOUT_MS: whole(1).default(10_000),
  /** PostgreSQL `work_mem` for search statements. */
  PG_WORK_MEM: z
    .string()
    .regex(/^\d+(kB|MB|GB)$/, 'a size like 32MB')
    .default('32MB'),
  /** Whether search's lookups are prepared once per PostgreSQL connection (default: yes; no on Vercel, whose pooled connection strings may not keep them). */
  PG_PREPARED: z
    .string()
    .optional()
    .transform((v) => (v === undefined ? undefined : v !== '0' && v !== 'false')),
  /** Prints the PostgreSQL pool's counters every second (for the load benchmarks). */
  PG_POOL_STATS: flag,
  /** Question pages prerendered by `next build` (the rest render on their first visit). */
  PRERENDER_QUESTIONS: whole(0).default(1000),
  /** Topic pages prerendered by `next build`. */
  PRERENDER_TOPICS: whole(0).default(200),
  /** Megabytes of pages rendered on demand that `next start` keeps on disk; past it, the least recently used go (lib/page-cache-handler.cjs). */
  PAGE_CACHE_MAX_MB: whole(1).default(2048),
  /** With DATABASE_URL, whether `next start` servers share their page cache through PostgreSQL (default: yes). */
  PAGE_CACHE_SHARED: z
    .string()
    .optional()
    .transform((v) => v !== '0' && v !== 'false'),
  /** The build's id when each server builds for itself: the same on all of them (a commit hash). */
  SITE_BUILD_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ (at most 64), like a commit hash')
    .optional(),
  /** Set by Vercel in its builds and functions. */
  VERCEL: flag,
  /** Set by CI services: progress as plain lines, never rewritten in place. */
  CI: flag,
  /** Set by Next: `development` under `next dev`. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  /** For the fault test: the content step stops at each progress point (lib/content/build/progress.ts). */
  CONTENT_STEP_POINTS: flag,
  /** Set by next.config.js once the content step has run, for Next's workers that load it again. */
  QUICKTAKES_CONTENT_PUBLISHED: flag,
});

/** @typedef {z.infer<typeof schema>} Env */

/** @type {{ key: string, env: Env } | undefined} */
let last;

/**
 * The environment, checked (read again when a variable changed, as tests change them). Throws an
 * Error naming every variable with a bad value.
 * @returns {Env}
 */
export function env() {
  const raw = Object.fromEntries(Object.keys(schema.shape).map((name) => [name, process.env[name] || undefined]));
  const key = JSON.stringify(raw);
  if (last?.key === key) return last.env;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `${name}=${JSON.stringify(raw[name])}: ${issue.message}`;
    });
    throw new Error(`Bad environment variable${lines.length > 1 ? 's' : ''}:\n  ${lines.join('\n  ')}`);
  }
  last = { key, env: parsed.data };
  return parsed.data;
}
