import assert from 'node:assert/strict';
import { test } from 'node:test';
import { env } from '../lib/env.mjs';

// lib/env.mjs: every variable checked in one place, a bad value named with what it should be.

function withEnv<T>(vars: Record<string, string | undefined>, read: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k];
  try {
    return read();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

test('defaults, and values read as what they mean', () => {
  const unset = {
    CONTENT_DIR: undefined,
    SITE_URL: undefined,
    DATABASE_URL: undefined,
    PG_POOL_MAX: undefined,
    PRERENDER_QUESTIONS: undefined,
    VERCEL: undefined,
    BUILD_DIR: undefined,
  };
  const read = withEnv(unset, env);
  assert.equal(read.CONTENT_DIR, 'content');
  assert.equal(read.SITE_URL, undefined);
  assert.equal(read.BUILD_DIR, '.');
  assert.equal(read.PRERENDER_QUESTIONS, 1000);
  assert.equal(read.PG_POOL_MAX, undefined);
  assert.equal(read.VERCEL, false);
  const set = withEnv({ ...unset, SITE_URL: 'https://learn.example.org//', PG_POOL_MAX: '4', PRERENDER_QUESTIONS: '0', VERCEL: '1', DATABASE_URL: '' }, env);
  assert.equal(set.SITE_URL, 'https://learn.example.org');
  assert.equal(set.PG_POOL_MAX, 4);
  assert.equal(set.PRERENDER_QUESTIONS, 0);
  assert.equal(set.VERCEL, true);
  assert.equal(set.DATABASE_URL, undefined, 'an empty variable is an unset one');
});

test('a bad value: an error naming each variable, its value and what it should be', () => {
  assert.throws(() => withEnv({ PG_POOL_MAX: 'ten' }, env), { message: 'Bad environment variable:\n  PG_POOL_MAX="ten": a whole number of at least 1' });
  assert.throws(() => withEnv({ PG_POOL_MAX: '0' }, env), /PG_POOL_MAX="0": at least 1/);
  assert.throws(() => withEnv({ BUILD_DIR: '../elsewhere' }, env), /BUILD_DIR="..\/elsewhere": a folder inside the project/);
  assert.throws(
    () => withEnv({ SITE_URL: 'learn.example.org', DATABASE_URL: 'mysql://db', PRERENDER_TOPICS: '-1', PG_WORK_MEM: 'lots' }, env),
    (error: Error) => {
      assert.match(error.message, /^Bad environment variables:/);
      assert.match(error.message, /SITE_URL="learn.example.org": an absolute http\(s\) address/);
      assert.match(error.message, /DATABASE_URL="mysql:\/\/db": a postgres:\/\/ connection string/);
      assert.match(error.message, /PRERENDER_TOPICS="-1": a whole number/);
      assert.match(error.message, /PG_WORK_MEM="lots": a size like 32MB/);
      return true;
    },
  );
});

test('no variable is read anywhere else: lib, app, components, scripts and the config read env()', async () => {
  const { execFileSync } = await import('node:child_process');
  const stray = execFileSync(
    'git',
    ['grep', '-n', 'process\\.env\\.', '--', 'lib', 'app', 'components', 'scripts', 'next.config.js', 'proxy.ts', ':!lib/env.mjs'],
    { encoding: 'utf8' },
  ).trim();
  // next.config.js marks the content step done for Next's own workers, which load it again.
  assert.deepEqual(stray.split('\n'), ["next.config.js:20:  process.env.QUICKTAKES_CONTENT_PUBLISHED = '1';"]);
});

test('SITE_BUILD_ID gives the build its id and deployment id (servers that each build share their cache); unset, Next chooses', async () => {
  const { default: config } = await import('../next.config.js');
  const { PHASE_PRODUCTION_SERVER } = await import('next/constants.js');
  const withId = await withEnv({ SITE_BUILD_ID: 'abc123' }, () => config(PHASE_PRODUCTION_SERVER));
  assert.equal(await withId.generateBuildId?.(), 'abc123');
  assert.equal(withId.deploymentId, 'abc123');
  const without = await withEnv({ SITE_BUILD_ID: undefined }, () => config(PHASE_PRODUCTION_SERVER));
  assert.equal(await without.generateBuildId?.(), null);
  assert.equal(without.deploymentId, undefined);
  assert.throws(() => withEnv({ SITE_BUILD_ID: 'a b' }, env), /SITE_BUILD_ID="a b": letters, digits/);
});

test('PAGE_CACHE_SHARED is on unless set to 0 or false', () => {
  assert.equal(withEnv({ PAGE_CACHE_SHARED: undefined }, env).PAGE_CACHE_SHARED, true);
  assert.equal(withEnv({ PAGE_CACHE_SHARED: '0' }, env).PAGE_CACHE_SHARED, false);
  assert.equal(withEnv({ PAGE_CACHE_SHARED: 'false' }, env).PAGE_CACHE_SHARED, false);
});
