import fs from 'node:fs';
import path from 'node:path';

/** Every `*.md` below `dir`, as sorted paths relative to it with `/` separators. */
export function listQuestionFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.md')) found.push(child);
    }
  };
  walk('');
  return found.sort();
}
