import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { prepareFile, type FileTask, type PreparedFile } from './prepare';

// Prepares many files, in order: in worker threads when there are enough of them to repay
// starting the workers (a cold or large build), otherwise on this thread.

const BATCH = 250;
const IN_FLIGHT_PER_WORKER = 2;

export interface PrepareOptions {
  /** Worker threads to use when there are at least `minTasks` files; 0 for none. */
  workers: number;
  minTasks?: number;
}

export const defaultWorkers = () => Math.min(4, os.availableParallelism());

export async function* prepareMany(dir: string, tasks: FileTask[], options: PrepareOptions): AsyncGenerator<PreparedFile> {
  if (options.workers <= 0 || tasks.length < (options.minTasks ?? 2_000)) {
    for (const task of tasks) yield prepareFile(dir, task);
    return;
  }
  // Workers run this module's sibling as TypeScript, through tsx like the content step itself.
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
    .then(({ register }) => { register(); return import(${JSON.stringify(new URL('./prepare-worker.ts', import.meta.url).href)}); })`;
  const worker = () => new Worker(boot, { eval: true, workerData: { dir } });
  const workers = Array.from({ length: options.workers }, worker);
  try {
    // Each batch's promise is settled by the worker's answer, or rejected if a worker fails.
    const waiting = new Map<number, { resolve: (results: PreparedFile[]) => void; reject: (error: unknown) => void }>();
    for (const w of workers) {
      w.on('message', ({ batch, results }: { batch: number; results: PreparedFile[] }) => waiting.get(batch)?.resolve(results));
      w.on('error', (error) => {
        for (const batch of waiting.values()) batch.reject(error);
      });
    }
    const batches = new Map<number, Promise<PreparedFile[]>>();
    const send = (n: number) => {
      batches.set(n, new Promise((resolve, reject) => waiting.set(n, { resolve, reject })));
      workers[n % workers.length]!.postMessage({ batch: n, tasks: tasks.slice(n * BATCH, (n + 1) * BATCH) });
    };
    const count = Math.ceil(tasks.length / BATCH);
    let sent = 0;
    for (; sent < Math.min(count, workers.length * IN_FLIGHT_PER_WORKER); sent++) send(sent);
    for (let n = 0; n < count; n++) {
      const results = await batches.get(n)!;
      batches.delete(n);
      waiting.delete(n);
      if (sent < count) send(sent++);
      yield* results;
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
