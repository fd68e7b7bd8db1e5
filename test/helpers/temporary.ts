import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Temporary folders for a test file, removed when its process exits: each CI run left some
// 200 folders (over a gigabyte) behind in the system's temporary folder.

const made: string[] = [];
process.on('exit', () => {
  for (const dir of made) {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // A folder a fault test left unwritable: left where it is.
    }
  }
});

/** A new empty folder under the system's temporary folder, its name starting with `prefix`. */
export function temporaryDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}
