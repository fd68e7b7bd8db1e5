// @ts-check
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_BUILD } from 'next/constants.js';
import { runContentStep } from './lib/content-step.mjs';
import { env } from './lib/env.mjs';
import { writeKatexAssets } from './lib/katex-assets.mjs';
import { securityHeaders } from './lib/security-headers.mjs';

// Before Next builds (or serves in development), check the content folder and publish the
// content database every page reads (scripts/build-content.ts). Content errors stop the build
// here, listed in full, before any page is rendered; a content step that fails otherwise (out of
// memory, killed) says so instead (lib/content-step.mjs). The variable keeps Next's own worker
// processes, which load this file again, from doing it twice.
function publishContent() {
  // With DATABASE_URL the site reads PostgreSQL, which content:sync writes: the build reads no
  // content files.
  if (env().QUICKTAKES_CONTENT_PUBLISHED || env().DATABASE_URL) return;
  runContentStep('scripts/build-content.ts');
  process.env.QUICKTAKES_CONTENT_PUBLISHED = '1';
}

/** @param {string} phase */
export default async function config(phase) {
  if (phase === PHASE_PRODUCTION_BUILD || phase === PHASE_DEVELOPMENT_SERVER) {
    publishContent();
    await writeKatexAssets();
  }

  const { BUILD_DIR, VERCEL, SITE_URL, SITE_BUILD_ID } = env();
  /** @type {import('next').NextConfig} */
  const nextConfig = {
    // BUILD_DIR: the tests build in their own folder, not over the site's build.
    distDir: path.join(BUILD_DIR, '.next'),
    poweredByHeader: false,
    // Servers that each build for themselves need one build id (the shared page cache is kept by
    // build: lib/shared-page-cache.cjs) and one deployment id (a page asks for its own build's
    // scripts). Unset: Next's own, different for every build.
    generateBuildId: async () => SITE_BUILD_ID ?? null,
    deploymentId: SITE_BUILD_ID,
    reactStrictMode: true,
    // The stylesheet stays a file (cached once, immutable), not inlined (no experimental.inlineCss):
    // Next puts an inlined stylesheet in every page three times (the <style> and twice in the
    // page's data, vercel/next.js#98110), about 25 KB gzip more on every page a student opens and
    // a third of the cost of rendering a page on demand (npm run bench -- ondemand).
    // Pages rendered on demand, search and the sitemaps read the content database at run time
    // (never the content files). On Vercel, functions hold only what is traced into them: the
    // database, and libsql's native binary, which it loads by a computed name. Elsewhere the
    // server reads both from disk, and tracing makes the build read the whole database into
    // memory (3 GB at a million questions), so it is left out.
    outputFileTracingIncludes: VERCEL ? { '/**': ['./.content/content.db', './node_modules/@libsql/linux-x64-gnu/**'] } : {},
    // `next start`'s page cache, with writes a killed server or a full disk cannot leave half
    // done (lib/page-cache-handler.cjs). Vercel keeps pages in its own cache.
    cacheHandler: VERCEL ? undefined : fileURLToPath(new URL('./lib/page-cache-handler.cjs', import.meta.url)),
    async headers() {
      return [
        {
          source: '/katex/:version/:path*',
          headers: [{ key: 'Cache-Control', value: 'public, max-age=31536000, immutable' }],
        },
        {
          source: '/:path*',
          headers: securityHeaders({ development: phase === PHASE_DEVELOPMENT_SERVER, https: (SITE_URL ?? '').startsWith('https:') }),
        },
      ];
    },
  };
  return nextConfig;
}
