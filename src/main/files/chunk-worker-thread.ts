import { parentPort, workerData } from 'node:worker_threads';
import { runChunkJob, type ChunkJob } from './chunk-jobs';

/**
 * The file worker's thread: runs each job as it comes, in order, and answers.
 * Its heap holds little but OpenSSL's output buffers, so collecting them is cheap
 * here where it was not on the main thread (chunk-worker.ts explains).
 */
const pool = (workerData as { pool: SharedArrayBuffer }).pool;
const scratch = { plain: new Uint8Array(0) };
parentPort!.on('message', (job: ChunkJob) => parentPort!.postMessage(runChunkJob(job, pool, scratch)));
parentPort!.postMessage('ready');
