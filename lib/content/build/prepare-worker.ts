import { parentPort, workerData } from 'node:worker_threads';
import { prepareFile, type FileTask } from './prepare';

// A worker thread of a large content step: prepares batches of files (./prepare.ts) while the
// main thread writes the previous ones to the database.

const { dir } = workerData as { dir: string };

parentPort!.on('message', ({ batch, tasks }: { batch: number; tasks: FileTask[] }) => {
  parentPort!.postMessage({ batch, results: tasks.map((task) => prepareFile(dir, task)) });
});
