// Progress of a long content step: in a terminal, one line rewritten in place; elsewhere (CI
// logs), a plain line every few seconds. Short steps print nothing but their summary.

import fs from 'node:fs';
import { env } from '../../env.mjs';

export interface Progress {
  /** Starts a phase (`parsing`, `resolving`…), of `total` items when it has a count. */
  phase(name: string, total?: number): void;
  /** `done` items of the current phase are done. Cheap: call it for every item. */
  tick(done: number): void;
  /** Clears the live line, if any. */
  end(): void;
}

export const silent: Progress = { phase() {}, tick() {}, end() {} };

/**
 * For the fault test: every phase and every 64th item is a numbered point, written to stdout
 * (`point N`), where the step waits for a line on stdin before it goes on, so that a test can
 * kill it at a point it chose, the same on any machine, whatever its speed.
 */
export function steppedProgress(): Progress {
  let point = 0;
  const stop = () => {
    fs.writeSync(1, `point ${point++}\n`);
    const ack = Buffer.alloc(1);
    for (;;) {
      try {
        // A newline goes on; so does the end of input (nobody is stepping it).
        if (fs.readSync(0, ack) === 0 || ack[0] === 10) return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      }
    }
  };
  return {
    phase: stop,
    tick(done) {
      if (done > 0 && done % 64 === 0) stop();
    },
    end() {},
  };
}

export function consoleProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const live = stream.isTTY === true && !env().CI;
  const every = live ? 200 : 5_000;
  const started = performance.now();
  let name = '';
  let total: number | undefined;
  let phaseStarted = started;
  let lastShown = started;
  let shown = false;

  const show = (done: number) => {
    const seconds = (performance.now() - phaseStarted) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    const parts = [`content: ${name}`];
    if (total) parts[0] += ` ${done.toLocaleString('en')}/${total.toLocaleString('en')} files (${Math.floor((done / total) * 100)}%)`;
    if (total && done) parts.push(`${rate.toLocaleString('en')} files/s`);
    parts.push(`${((performance.now() - started) / 1000).toFixed(0)} s`);
    const line = parts.join(', ');
    if (live) stream.write(`\r\x1b[2K${line}`);
    else stream.write(`${line}\n`);
    shown = true;
  };

  return {
    phase(next, count) {
      name = next;
      total = count;
      phaseStarted = performance.now();
      if (performance.now() - started > every) show(0);
    },
    tick(done) {
      if ((done & 255) !== 0) return;
      const now = performance.now();
      if (now - lastShown < every || now - started < 1_000) return;
      lastShown = now;
      show(done);
    },
    end() {
      if (live && shown) stream.write('\r\x1b[2K');
    },
  };
}
