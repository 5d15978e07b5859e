import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import type { Message, Status } from '../../src/core/model';
import { LANLINE, lanlineJson } from '../support/cli';
import { freePorts, tempDir, waitFor } from '../support/backends';

/**
 * Three real `lanline node` processes on loopback message each other, one to
 * one and in a group, concurrently, while one of them is killed with SIGKILL
 * and started again on the same data folder. Afterwards every message was
 * delivered exactly once, and the group reads the same everywhere.
 */
describe('three people, one crash', () => {
  const names = ['Ada', 'Bob', 'Cy'] as const;
  let ports: number[] = [];
  const dirs = names.map(() => tempDir());
  const processes: Array<ChildProcess | undefined> = [];
  const status: Status[] = [];
  /** The end of each node's stderr, so a node that dies says why in the failure. */
  const stderr: string[] = names.map(() => '');

  const start = (i: number) => {
    const peers = ports.filter((_, j) => j !== i).flatMap((p) => ['--peer', `127.0.0.1:${p}`]);
    processes[i] = spawn(
      process.execPath,
      [
        LANLINE,
        'node',
        '--data-dir',
        dirs[i]!.path,
        '--name',
        names[i]!,
        '--host',
        '127.0.0.1',
        '--port',
        String(ports[i]),
        '--no-mdns',
        ...peers,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    stderr[i] = '';
    processes[i]!.stderr!.on('data', (chunk: Buffer) => (stderr[i] = (stderr[i] + chunk.toString()).slice(-2000)));
  };
  /** For a failure message: how each node is (running, or how it ended) and the end of its stderr. */
  const nodesSaid = () =>
    names
      .map((name, i) => {
        const child = processes[i];
        const state = !child
          ? 'not started'
          : child.exitCode !== null || child.signalCode
            ? `ended (${child.exitCode ?? child.signalCode})`
            : 'running';
        return `${name}: ${state}; stderr: ${stderr[i] || '(nothing)'}`;
      })
      .join('\n');
  /** Its status once its control socket answers; fails at once, with its stderr, if the process has exited. */
  const started = (i: number) => {
    let lastRefusal = '';
    return waitFor(
      `${names[i]}'s node`,
      () => {
        const { exitCode, signalCode } = processes[i]!;
        if (exitCode !== null || signalCode)
          throw new Error(`${names[i]}'s node ended (${exitCode ?? signalCode}): ${stderr[i]}`);
        return lanlineJson<Status>(['status', '--data-dir', dirs[i]!.path]).catch((error: Error) => {
          lastRefusal = error.message;
          return undefined;
        });
      },
      // Three processes start at once while other test files run beside them on two cores.
      30_000,
    ).catch((error: Error) => {
      // A node that runs but never answers: say what the CLI and the node last said.
      throw new Error(`${error.message}; status said: ${lastRefusal}; its stderr: ${stderr[i] || '(nothing)'}`);
    });
  };
  const history = (i: number, j: number) =>
    lanlineJson<Message[]>(['messages', '--data-dir', dirs[i]!.path, '--with', status[j]!.peerId, '--limit', '1000']);
  const send = (i: number, j: number, text: string) =>
    lanlineJson<Message>(['send', '--data-dir', dirs[i]!.path, '--to', status[j]!.peerId, text]);
  let group = '';
  const sendToGroup = (i: number, text: string) =>
    lanlineJson<Message>(['send', '--data-dir', dirs[i]!.path, '--group', group, text]);
  const groupHistory = async (i: number) =>
    (await lanlineJson<Message[]>(['messages', '--data-dir', dirs[i]!.path, '--group', group, '--limit', '1000'])).filter(
      (m) => m.kind === 'text',
    );

  beforeAll(async () => {
    ports = await freePorts(names.length);
    names.forEach((_, i) => start(i));
    for (const i of [0, 1, 2]) status[i] = await started(i);
    for (const i of [0, 1, 2])
      await waitFor(
        `${names[i]} linked to both`,
        async () =>
          (await lanlineJson<Array<{ online: boolean }>>(['peers', '--data-dir', dirs[i]!.path])).filter((p) => p.online)
            .length === 2,
        20_000,
        200,
      );
    const created = await lanlineJson<{ id: string }>([
      'group',
      'create',
      '--data-dir',
      dirs[0]!.path,
      'Team',
      '--member',
      status[1]!.peerId,
      '--member',
      status[2]!.peerId,
    ]);
    group = created.id;
    for (const i of [1, 2])
      await waitFor(`${names[i]} in the group`, async () =>
        (await lanlineJson<Array<{ id: string; isMember: boolean }>>(['groups', '--data-dir', dirs[i]!.path])).some(
          (g) => g.id === group && g.isMember,
        ),
      );
  });

  afterAll(() => {
    for (const child of processes) child?.kill('SIGKILL');
    dirs.forEach((d) => d.remove());
  });

  it(
    'delivers every message exactly once',
    () =>
      deliversEveryMessageOnce().catch((error: Error) => {
        // Cy is killed on purpose; any other node that ended did so on its own, and says why here.
        error.message += `\n${nodesSaid()}`;
        throw error;
      }),
    120_000,
  );

  async function deliversEveryMessageOnce() {
    const pairs = [
      [0, 1],
      [1, 0],
      [0, 2],
      [2, 0],
      [1, 2],
      [2, 1],
    ] as const;
    const sent = new Map<string, string>();
    const inGroup: string[] = [];
    const round = async (tag: string, who: ReadonlyArray<readonly [number, number]>) => {
      const results = await Promise.all(who.map(([i, j]) => send(i, j, `${tag} ${names[i]}→${names[j]}`)));
      for (const m of results) sent.set(m.id, m.text);
      const authors = [...new Set(who.map(([i]) => i))];
      for (const m of await Promise.all(authors.map((i) => sendToGroup(i, `${tag} ${names[i]}→Team`)))) inGroup.push(m.id);
    };
    await round('before', pairs);
    // Cy dies without a goodbye while messages to and from the others are in flight.
    const inFlight = round(
      'during',
      pairs.filter(([i]) => i !== 2),
    );
    processes[2]!.kill('SIGKILL');
    await inFlight;
    await round('while away', [
      [0, 2],
      [1, 2],
    ]);
    start(2);
    await started(2);
    await round('after', pairs);

    for (const [i, j] of pairs) {
      const expected = [...sent.entries()].filter(([, text]) => text.endsWith(`${names[i]}→${names[j]}`)).map(([id]) => id);
      await waitFor(
        `${names[i]}→${names[j]} all delivered`,
        async () => {
          const atSender = (await history(i, j)).filter((m) => m.outgoing);
          return expected.every((id) => atSender.find((m) => m.id === id)?.state === 'delivered');
        },
        30_000,
        250,
      );
      const atReceiver = (await history(j, i)).filter((m) => !m.outgoing).map((m) => m.id);
      expect(atReceiver.sort()).toEqual([...expected].sort());
    }
    for (const i of [0, 1, 2])
      await waitFor(
        `${names[i]} has the whole group history`,
        async () => (await groupHistory(i)).length === inGroup.length,
        30_000,
        250,
      );
    const histories = await Promise.all([0, 1, 2].map(async (i) => (await groupHistory(i)).map((m) => m.id)));
    expect(histories[1]).toEqual(histories[0]);
    expect(histories[2]).toEqual(histories[0]);
    expect([...histories[0]!].sort()).toEqual([...inGroup].sort());
  }
});
