import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { precompressStatic } from '../scripts/precompress-static';

// scripts/precompress-static.ts: the copies nginx sends as they are (brotli_static, gzip_static)
// must be the very file, and be rewritten when a build rewrites the file.

const KATEX_CSS = path.join(path.dirname(createRequire(import.meta.url).resolve('katex/package.json')), 'dist', 'katex.min.css');

function tree() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'precompress-'));
  fs.mkdirSync(path.join(dir, 'chunks'));
  fs.copyFileSync(KATEX_CSS, path.join(dir, 'chunks', 'katex.css'));
  fs.writeFileSync(path.join(dir, 'chunks', 'app.js'), `export const answer = ${JSON.stringify('x'.repeat(5000))};\n`.repeat(20));
  fs.writeFileSync(path.join(dir, 'chunks', 'tiny.js'), 'export {};\n');
  fs.writeFileSync(path.join(dir, 'font.woff2'), zlib.brotliCompressSync(Buffer.alloc(4096, 1)));
  return dir;
}

test('brotli and gzip copies that decompress to the file, beside text files only', () => {
  const dir = tree();
  try {
    assert.equal(precompressStatic([dir, path.join(dir, 'missing')]), 2);
    for (const name of ['chunks/katex.css', 'chunks/app.js']) {
      const file = fs.readFileSync(path.join(dir, name));
      const br = fs.readFileSync(path.join(dir, `${name}.br`));
      assert.deepEqual(zlib.brotliDecompressSync(br), file, `${name}.br`);
      assert.deepEqual(zlib.gunzipSync(fs.readFileSync(path.join(dir, `${name}.gz`))), file, `${name}.gz`);
      assert.ok(br.length < file.length / 3, `${name}: ${br.length} bytes of ${file.length}`);
    }
    // Too small to gain, and fonts already compressed: left alone; no temporary file is left.
    const written = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
    assert.deepEqual(written, [
      'chunks',
      'chunks/app.js',
      'chunks/app.js.br',
      'chunks/app.js.gz',
      'chunks/katex.css',
      'chunks/katex.css.br',
      'chunks/katex.css.gz',
      'chunks/tiny.js',
      'font.woff2',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a second run writes nothing; a file rewritten since gets new copies', () => {
  const dir = tree();
  try {
    precompressStatic([dir]);
    assert.equal(precompressStatic([dir]), 0);
    const css = path.join(dir, 'chunks', 'katex.css');
    fs.writeFileSync(css, `${fs.readFileSync(css, 'utf8')}\n.answer{color:red}`);
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(css, later, later);
    assert.equal(precompressStatic([dir]), 1);
    assert.deepEqual(zlib.brotliDecompressSync(fs.readFileSync(`${css}.br`)), fs.readFileSync(css));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
