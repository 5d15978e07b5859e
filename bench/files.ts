/**
 * `npx tsx bench/files.ts`: only the file-transfer benchmarks (the full
 * `npm run bench` runs them too). Writes bench/results/files-latest.json.
 * LANLINE_BENCH_FILE_MB and LANLINE_BENCH_LARGE_MB change the sizes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileMemory, fileThroughput } from './suites/files';

const fileBytes = Number(process.env.LANLINE_BENCH_FILE_MB ?? 512) * 1024 * 1024;
const largeBytes = Number(process.env.LANLINE_BENCH_LARGE_MB ?? 4096) * 1024 * 1024;

process.stdout.write(`file vs raw throughput (${fileBytes / 2 ** 20} MiB, 5 alternating rounds)…\n`);
const throughput = await fileThroughput({ fileBytes, rounds: 5, maxMs: 60_000 });
process.stdout.write(
  `  raw ${throughput.rawMBps} MB/s, file ${throughput.fileMBps} MB/s: ${throughput.ratio}× (message size ${throughput.messageBytesChosen})\n`,
);
process.stdout.write(`peak RSS during a ${largeBytes / 2 ** 30} GiB transfer (at most 240 s)…\n`);
const memory = await fileMemory({ fileBytes: largeBytes, maxMs: 240_000 });
process.stdout.write(
  `  +${memory.growthMb} MB over ${memory.baselineRssMb} MB; ${memory.mbPerSecond} MB/s; completed: ${memory.completed}\n`,
);

const results = {
  startedAt: new Date().toISOString(),
  machine: { node: process.version, cpus: cpus().length },
  throughput,
  memory,
};
const dir = join(import.meta.dirname, 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'files-latest.json'), `${JSON.stringify(results, null, 2)}\n`);
process.exit(0);
