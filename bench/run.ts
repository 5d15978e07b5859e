/**
 * `npm run bench`: measures, never asserts. Every figure that matters is
 * quoted as a ratio to a baseline measured in the same run, because these
 * machines are noisy. A full run writes bench/results/<time>.json, latest.json
 * and latest.md; docs/BENCHMARKS.md explains them.
 *
 * `npm run bench -- relay ui` (or LANLINE_BENCH_SUITES=relay,ui) runs only
 * those suites and writes bench/results/<time>-relay-ui.json and .md, leaving
 * latest.* to full runs. Suites: see bench/registry.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { report, SUITES } from './registry';

const asked = [...process.argv.slice(2), ...(process.env.LANLINE_BENCH_SUITES?.split(',') ?? [])]
  .map((s) => s.trim())
  .filter(Boolean);
const unknown = asked.filter((name) => !SUITES.some((s) => s.name === name));
if (unknown.length) {
  report(`unknown suite(s): ${unknown.join(', ')}; choose from ${SUITES.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const chosen = asked.length ? SUITES.filter((s) => asked.includes(s.name)) : SUITES;

const results: Record<string, unknown> = {
  startedAt: new Date().toISOString(),
  machine: { node: process.version, cpus: cpus().length, model: cpus()[0]?.model },
};
const rows: string[] = [];
for (const suite of chosen) {
  const { figures, rows: suiteRows } = await suite.run();
  Object.assign(results, figures);
  rows.push(...suiteRows);
}

const dir = join(import.meta.dirname, 'results');
mkdirSync(dir, { recursive: true });
const partial = asked.length > 0;
const name = `${(results.startedAt as string).replace(/[:.]/g, '-')}${partial ? `-${chosen.map((s) => s.name).join('-')}` : ''}`;
const json = `${JSON.stringify(results, null, 2)}\n`;
const md = [
  `# Benchmark run ${results.startedAt}`,
  '',
  `Node ${process.version}, ${cpus().length} cores. Reproduce with \`npm run bench${partial ? ` -- ${chosen.map((s) => s.name).join(' ')}` : ''}\`.`,
  '',
  '| measure | value | baseline (same run) | ratio |',
  '| --- | --- | --- | --- |',
  ...rows,
  '',
].join('\n');
writeFileSync(join(dir, `${name}.json`), json);
writeFileSync(join(dir, `${name}.md`), md);
if (!partial) {
  writeFileSync(join(dir, 'latest.json'), json);
  writeFileSync(join(dir, 'latest.md'), md);
}
report(`\nwrote bench/results/${name}.json and .md${partial ? '' : ', latest.json and latest.md'}`);
process.exit(0);
