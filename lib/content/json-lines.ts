import fs from 'node:fs';
import path from 'node:path';

// The build's data files (content index, per-file cache) as JSON lines: a header, then one row
// a line. At a million questions they are hundreds of megabytes, more than one JavaScript
// string can hold, so they are written and read a line at a time.

/** Writes through a temporary file, so a reader never sees half a file. */
export function writeJsonLines(file: string, header: unknown, rows: Iterable<unknown>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temporary, 'w');
  try {
    let chunk = `${JSON.stringify(header)}\n`;
    for (const row of rows) {
      chunk += `${JSON.stringify(row)}\n`;
      if (chunk.length > 1 << 20) {
        fs.writeSync(fd, chunk);
        chunk = '';
      }
    }
    fs.writeSync(fd, chunk);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, file);
}

export function readJsonLines<Header, Row>(file: string): { header: Header; rows: Row[] } {
  const bytes = fs.readFileSync(file);
  const lines: unknown[] = [];
  for (let start = 0; start < bytes.length; ) {
    let end = bytes.indexOf(10, start);
    if (end === -1) end = bytes.length;
    if (end > start) lines.push(JSON.parse(bytes.toString('utf8', start, end)));
    start = end + 1;
  }
  const [header, ...rows] = lines;
  return { header: header as Header, rows: rows as Row[] };
}
