import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { connectControl } from '../../src/main/control/client';
import { sleep } from '../stats';

/** Real processes for the file benchmarks: bare wrtc peers and `lanline node`s, each on its own. */
const FIXTURES = join(import.meta.dirname, '../fixtures');
export const LANLINE = join(import.meta.dirname, '../../bin/lanline.js');

/** A child that answers one JSON line per command. */
export function lineChild(child: ChildProcess) {
  const answers: Array<(value: unknown) => void> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => answers.shift()?.(JSON.parse(line)));
  return {
    child,
    ask<T>(command: object): Promise<T> {
      return new Promise((resolve) => {
        answers.push(resolve as (value: unknown) => void);
        child.stdin!.write(`${JSON.stringify(command)}\n`);
      });
    },
    /** The next answer without sending anything (a result that comes later). */
    next<T>(): Promise<T> {
      return new Promise((resolve) => answers.push(resolve as (value: unknown) => void));
    },
  };
}

/** Two raw wrtc processes with an open data channel between them. */
export async function rawPair(spawnIn: (args: string[]) => ChildProcess = (args) => spawn(process.execPath, args)) {
  const start = () => lineChild(spawnIn(['--import', 'tsx', join(FIXTURES, 'raw-wrtc-peer.ts')]));
  const [sender, receiver] = [start(), start()];
  const offer = await sender.ask<{ sdp: string }>({ op: 'offer' });
  const answer = await receiver.ask<{ sdp: string }>({ op: 'answer', sdp: offer.sdp });
  await sender.ask({ op: 'complete', sdp: answer.sdp });
  return {
    pids: [sender.child.pid!, receiver.child.pid!],
    /**
     * Seconds for `bytes` in messages of `messageBytes`, first send to last byte in.
     * With `files`, each end also does a transfer's per-byte work in 256 KiB chunk
     * frames: reading `from`; hashing and writing `to`; and with `sealed` sealing,
     * hashing and opening too (fixtures/raw-wrtc-peer.ts).
     */
    async throughput(bytes: number, messageBytes: number, files?: { from: string; to: string; sealed: boolean }) {
      const work = (file: string) => files && { file, sealed: files.sealed };
      await receiver.ask({ op: 'expect', bytes, work: files && work(files.to) });
      const done = receiver.next<{ received: number; payload: number; seconds: number }>();
      void sender.ask({ op: 'send', bytes, messageBytes, work: files && work(files.from) });
      return done;
    },
    stop() {
      for (const end of [sender, receiver]) end.child.kill('SIGKILL');
    },
  };
}

export interface NodeProcess {
  child: ChildProcess;
  dataDir: string;
  peerId: string;
  port: number;
  api: Awaited<ReturnType<typeof connectControl>>['api'];
  rssBytes(): number;
  stop(): Promise<void>;
}

/** `lanline node` on loopback, mDNS off, driven over its control socket. */
export async function startNode(
  dataDir: string,
  name: string,
  args: string[] = [],
  spawnIn: (args: string[]) => ChildProcess = (a) => spawn(process.execPath, a, { stdio: ['ignore', 'pipe', 'pipe'] }),
): Promise<NodeProcess> {
  const child = spawnIn([LANLINE, 'node', '--data-dir', dataDir, '--name', name, '--no-mdns', '--log-level', 'warn', ...args]);
  let output = '';
  child.stdout?.on('data', (d) => (output += String(d)));
  child.stderr?.on('data', (d) => (output += String(d)));
  for (let i = 0; i < 400 && !/listening on port (\d+)/.test(output); i++) await sleep(25);
  const match = /\((\S+)\) is listening on port (\d+)/.exec(output);
  if (!match) throw new Error(`${name} did not start: ${output}`);
  const { api, close } = await connectControl(dataDir, 10 * 60_000);
  return {
    child,
    dataDir,
    peerId: match[1]!,
    port: Number(match[2]),
    api,
    rssBytes: () => rssOf(child.pid!),
    async stop() {
      close();
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** Resident memory of a process, from /proc (Linux). */
export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}
