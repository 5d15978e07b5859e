import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { runChunkJob, type ChunkJob } from './chunk-jobs';

/**
 * The file worker's thread: runs each job as it comes, in order, and answers.
 * Its heap holds little but OpenSSL's output buffers, so collecting them is cheap
 * here where it was not on the main thread (chunk-worker.ts explains).
 *
 * Cheap, but V8 would not do it on its own: this thread allocates almost no
 * objects, so nothing prompts a minor collection, and ~40 MB of dead 256 KiB
 * buffers pile up before anything does. A minor collection of this small heap
 * after every ~4 MiB of chunks keeps the thread at a few MB. `--expose-gc` set
 * at run time reaches contexts made afterwards, as Jest's heap logging does it.
 */
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as (options: { type: 'minor' }) => void;
const COLLECT_EVERY_BYTES = 4 * 1024 * 1024;

const pool = (workerData as { pool: SharedArrayBuffer }).pool;
const scratch = { plain: new Uint8Array(0) };
let sinceCollected = 0;
parentPort!.on('message', (job: ChunkJob) => {
  parentPort!.postMessage(runChunkJob(job, pool, scratch));
  sinceCollected += job.length;
  if (sinceCollected < COLLECT_EVERY_BYTES) return;
  sinceCollected = 0;
  collect({ type: 'minor' });
});
parentPort!.postMessage('ready');
