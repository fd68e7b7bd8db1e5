// What a reader downloads for one question page: the HTML, JavaScript and CSS, gzip-compressed
// as `next start` serves them (and uncompressed).
import { gzipSync } from 'node:zlib';
import { withServer } from './build';
import { fmt, table } from './lib';

async function bytes(url: string): Promise<{ raw: number; gzip: number }> {
  const body = Buffer.from(await (await fetch(url)).arrayBuffer());
  return { raw: body.length, gzip: gzipSync(body).length };
}

export function pageWeight(path: string): Promise<string> {
  return withServer(async (base) => {
    const html = await (await fetch(base + path)).text();
    const srcs = (pattern: RegExp) => [...new Set([...html.matchAll(pattern)].map((m) => m[1]!))];
    const scripts = srcs(/<script[^>]+src="([^"]+)"/g);
    const styles = srcs(/<link rel="stylesheet" href="([^"]+)"/g);
    const sum = async (urls: string[]) => {
      const all = await Promise.all(urls.map((u) => bytes(base + u)));
      return { raw: all.reduce((s, b) => s + b.raw, 0), gzip: all.reduce((s, b) => s + b.gzip, 0) };
    };
    const page = await bytes(base + path);
    const js = await sum(scripts);
    const css = await sum(styles);
    const kb = (n: number) => fmt(n / 1024, 1);
    return table(
      ['', 'files', 'gzip KB', 'uncompressed KB'],
      [
        ['HTML (with the RSC payload inline)', 1, kb(page.gzip), kb(page.raw)],
        ['JavaScript in the HTML (Next.js runtime, and our islands: bench/own-js.ts counts ours)', scripts.length, kb(js.gzip), kb(js.raw)],
        ['CSS (site and KaTeX)', styles.length, kb(css.gzip), kb(css.raw)],
      ],
    );
  });
}
