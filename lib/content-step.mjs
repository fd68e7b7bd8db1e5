// @ts-check
// Runs the content step (scripts/build-content.ts) in its own process before `next build` and
// `next dev`, and says what went wrong when it does: content errors (the script lists them and
// exits CONTENT_ERRORS) are the editors' to fix; anything else (out of memory, killed, a bug) is
// not, and must not send anyone looking for a bad file. Plain JavaScript: next.config.js runs it.
import { spawnSync } from 'node:child_process';

/** The content step's exit status when the folder has content errors (EX_DATAERR). */
export const CONTENT_ERRORS = 65;
/** Its status when it failed for any other reason it could catch (EX_SOFTWARE). */
export const CRASHED = 70;
/** Its status when one of its worker threads ran out of memory: what a shell reports for V8's own abort (128 + SIGABRT). */
export const OUT_OF_MEMORY = 134;

/**
 * Why a content step that ended with `status` / `signal` failed, for a person; null when it succeeded.
 * @param {number | null} status
 * @param {NodeJS.Signals | null} signal
 */
export function contentStepFailure(status, signal) {
  if (status === 0) return null;
  if (status === CONTENT_ERRORS) return 'The content has errors (listed above); nothing was built.';
  const notContent = 'This is not a content error: no file needs fixing.';
  if (signal === 'SIGABRT' || status === OUT_OF_MEMORY) {
    return `The content step ran out of memory (Node's heap limit; its message is above) and was stopped. ${notContent} Give it more memory (NODE_OPTIONS=--max-old-space-size=8192) or build with fewer questions.`;
  }
  if (signal === 'SIGKILL' || status === 137) {
    return `The content step was killed (SIGKILL), most likely by the system for lack of memory. ${notContent} Give the build more memory, or look for what stopped it.`;
  }
  if (signal) return `The content step was stopped by ${signal} before it finished. ${notContent} Nothing was published; build again.`;
  if (status === CRASHED) return `The content step failed with an internal error (above). ${notContent} Nothing was published; please report it.`;
  return `The content step exited with status ${status}. ${notContent} Nothing was published; see its output above.`;
}

/**
 * The status the content step exits with on an error it caught: OUT_OF_MEMORY when a worker
 * thread's heap filled (the main thread's own would abort), CRASHED for anything else.
 * @param {unknown} error
 */
export function crashStatus(error) {
  return /** @type {{ code?: string } | null} */ (error)?.code === 'ERR_WORKER_OUT_OF_MEMORY' ? OUT_OF_MEMORY : CRASHED;
}

/**
 * Runs `script` (the content step) with Node and tsx; throws an Error that says why it failed.
 * @param {string} script
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string, stdio?: 'inherit' | 'ignore' }} [options]
 */
export function runContentStep(script, options = {}) {
  const run = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), script], { stdio: 'inherit', ...options });
  if (run.error) throw new Error(`The content step could not start: ${run.error.message}`);
  const failure = contentStepFailure(run.status, run.signal);
  if (failure) throw new Error(failure);
}
