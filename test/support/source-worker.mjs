// Runs a worker thread's TypeScript source: tests use src/ as it is, unbuilt,
// and a worker does not inherit the loader vitest gives its own thread.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
