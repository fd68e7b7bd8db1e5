// After `next build` (run by `npm run build`): a brotli (quality 11) and a gzip (level 9) copy
// beside each of the build's hashed scripts and stylesheets and KaTeX's stylesheet, so that nginx
// sends them as they are (brotli_static, gzip_static: docs/deploying.md) instead of asking
// `next start`, which compresses every response again with gzip at its default level. On a phone
// the heaviest question pages download 21 KB less and their LCP under Lighthouse drops by 0.3–0.4 s
// (bench/RESULTS.md). Vercel compresses on its own: nothing is written there.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { env } from '../lib/env.mjs';

/** Text files worth compressing; fonts (woff2) and images are compressed already. */
const COMPRESSIBLE = /\.(js|css|json|svg|txt)$/;
/** Below this, a compressed copy saves less than its headers cost (nginx's gzip_min_length). */
const MIN_BYTES = 256;

/** Writes `<file>.br` and `<file>.gz` beside every compressible file under `dirs` that lacks them or is newer; returns how many files it compressed. */
export function precompressStatic(dirs: string[]): number {
  let compressed = 0;
  for (const dir of dirs.filter((d) => fs.existsSync(d))) {
    for (const name of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      const file = path.join(dir, name);
      if (!COMPRESSIBLE.test(file)) continue;
      const stat = fs.statSync(file);
      if (!stat.isFile() || stat.size < MIN_BYTES) continue;
      const fresh = (copy: string) => fs.existsSync(copy) && fs.statSync(copy).mtimeMs >= stat.mtimeMs;
      if (fresh(`${file}.br`) && fresh(`${file}.gz`)) continue;
      const source = fs.readFileSync(file);
      // Written beside and renamed: a server never sends half a file.
      for (const [copy, bytes] of [
        [
          `${file}.br`,
          zlib.brotliCompressSync(source, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: source.length } }),
        ],
        [`${file}.gz`, zlib.gzipSync(source, { level: 9 })],
      ] as const) {
        fs.writeFileSync(`${copy}.${process.pid}`, bytes);
        fs.renameSync(`${copy}.${process.pid}`, copy);
      }
      compressed++;
    }
  }
  return compressed;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (env().VERCEL) {
    console.log('precompress: on Vercel, which compresses on its own: nothing to do');
  } else {
    const dirs = [path.join(env().BUILD_DIR, '.next', 'static'), path.join('public', 'katex')];
    const started = performance.now();
    const count = precompressStatic(dirs);
    console.log(`precompress: ${count} files in ${dirs.join(', ')} (brotli and gzip copies) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}
