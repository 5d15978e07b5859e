import { describe, expect, it } from 'vitest';
import { Bitfield } from '../../src/core/files/bitfield';
import { Scheduler } from '../../src/core/files/scheduler';

const CHUNK = 256 * 1024;

function scheduler(chunks: number, verified = new Bitfield(chunks), options: { stallMs?: number; batchBytes?: number } = {}) {
  const clock = { t: 0 };
  // Batching is its own test; elsewhere every free chunk of window is requested at once.
  const s = new Scheduler({
    chunkCount: chunks,
    chunkBytes: () => CHUNK,
    verified,
    now: () => clock.t,
    batchBytes: 0,
    ...options,
  });
  return { s, clock };
}

/**
 * Simulated sources that each deliver their oldest request at a fixed rate,
 * 10 ms per step; returns how many chunks each one delivered.
 */
function run(s: Scheduler, clock: { t: number }, rates: Record<string, number>, maxSteps = 100_000) {
  const queues: Record<string, number[]> = {};
  const credit: Record<string, number> = {};
  const got: Record<string, number> = {};
  for (const id of Object.keys(rates)) {
    s.addSource(id, 'all');
    queues[id] = [];
    credit[id] = 0;
    got[id] = 0;
  }
  for (let step = 0; step < maxSteps && !s.done; step++) {
    clock.t += 10;
    for (const [id, rate] of Object.entries(rates)) {
      queues[id]!.push(...s.fill(id));
      credit[id]! += (rate * 10) / 1000;
      while (credit[id]! >= CHUNK && queues[id]!.length) {
        credit[id]! -= CHUNK;
        const index = queues[id]!.shift()!;
        s.progress(id, CHUNK);
        if (!s.verified.has(index)) {
          got[id]!++;
          for (const other of s.delivered(id, index)) queues[other] = queues[other]!.filter((i) => i !== index);
        }
      }
    }
  }
  return { got, seconds: clock.t / 1000 };
}

describe('scheduler', () => {
  it('asks one source for chunks in order, within its window, and never for what is verified', () => {
    const verified = new Bitfield(100);
    for (const i of [0, 1, 5]) verified.set(i);
    const { s } = scheduler(100, verified);
    s.addSource('a', 'all');
    const first = s.fill('a');
    expect(first[0]).toBe(2);
    expect(first).not.toContain(5);
    expect(first.length * CHUNK).toBeLessThanOrEqual(s.windowBytes('a'));
    expect(first).toEqual([...first].sort((x, y) => x - y));
    expect(s.fill('a')).toEqual([]); // window full until something arrives
  });

  it('gives a three-times-faster source about three times the chunks, and three sources beat one', () => {
    const single = scheduler(400);
    const one = run(single.s, single.clock, { a: 10e6 });
    const multi = scheduler(400);
    const three = run(multi.s, multi.clock, { fast: 30e6, slow: 10e6, also: 10e6 });
    expect(multi.s.done).toBe(true);
    expect(three.got.fast! / three.got.slow!).toBeGreaterThan(2.2);
    expect(three.got.fast! / three.got.slow!).toBeLessThan(3.8);
    expect(one.seconds / three.seconds).toBeGreaterThan(4);
  });

  it('equal sources share evenly and together are ≥ 2.5× one', () => {
    const single = scheduler(300);
    const one = run(single.s, single.clock, { a: 10e6 });
    const multi = scheduler(300);
    const three = run(multi.s, multi.clock, { a: 10e6, b: 10e6, c: 10e6 });
    expect(one.seconds / three.seconds).toBeGreaterThanOrEqual(2.5);
  });

  it('moves the chunks of a stalled source to another and lets the first arrival win', () => {
    const { s, clock } = scheduler(50, undefined, { stallMs: 1000 });
    s.addSource('quiet', 'all');
    const held = s.fill('quiet');
    s.addSource('busy', 'all');
    const fresh = s.fill('busy');
    expect(fresh.some((i) => held.includes(i))).toBe(false);
    clock.t += 900;
    s.progress('busy', CHUNK);
    expect(s.tick()).toEqual([]);
    clock.t += 200;
    expect(s.tick()).toEqual(['quiet']);
    for (const i of fresh) s.delivered('busy', i);
    const retried = s.fill('busy');
    expect(retried.slice(0, held.length)).toEqual(held.slice(0, retried.length));
    // The stalled source wakes up and delivers one after all: the other request is to be cancelled.
    s.progress('quiet', CHUNK);
    expect(s.delivered('quiet', held[0]!)).toEqual(['busy']);
    expect(s.windowBytes('quiet')).toBeGreaterThan(CHUNK); // it delivered, so it is no longer on probation
  });

  it('penalises a source whose chunk fails its proof, never asks it for that chunk again, and drops it at the second strike', () => {
    const { s } = scheduler(20);
    s.addSource('bad', 'all');
    s.addSource('good', 'all');
    const fromBad = s.fill('bad');
    const before = s.windowBytes('bad');
    expect(s.failed('bad', fromBad[0]!)).toBe('penalised');
    expect(s.windowBytes('bad')).toBeLessThan(before);
    const fromGood = s.fill('good');
    expect(fromGood).toContain(fromBad[0]);
    s.delivered('good', fromGood[0]!);
    expect(s.fill('bad')).not.toContain(fromBad[0]);
    expect(s.failed('bad', fromBad[1]!)).toBe('dropped');
    expect(s.isDropped('bad')).toBe(true);
    expect(s.addSource('bad', 'all')).toBe(false);
    expect(s.fill('good')).toContain(fromBad[1]);
  });

  it('asks a partial source only for what it has, and for more once it announces it', () => {
    const { s } = scheduler(40);
    const have = new Bitfield(40);
    for (const i of [3, 4, 30]) have.set(i);
    s.addSource('partial', have);
    expect(s.fill('partial')).toEqual([3, 4, 30]);
    s.sourceHas('partial', [10]);
    expect(s.fill('partial')).toEqual([10]);
  });

  it('in the endgame an idle fast source duplicates what a slow one still holds', () => {
    const { s, clock } = scheduler(8);
    s.addSource('slow', 'all');
    s.addSource('fast', 'all');
    const slowHeld = s.fill('slow');
    expect(slowHeld).toEqual([0, 1, 2, 3]);
    const fastHeld = s.fill('fast');
    for (const i of fastHeld) {
      clock.t += 10;
      s.progress('fast', CHUNK);
      s.delivered('fast', i);
    }
    clock.t += 10;
    s.progress('fast', CHUNK);
    const duplicate = s.fill('fast');
    expect(duplicate.length).toBeGreaterThan(0);
    expect(slowHeld).toContain(duplicate[0]);
    expect(s.delivered('fast', duplicate[0]!)).toEqual(['slow']);
  });

  it('asks a busy source again only once a batch of its window is free', () => {
    const { s } = scheduler(100, undefined, { batchBytes: 3 * CHUNK });
    s.addSource('a', 'all');
    const first = s.fill('a');
    expect(first.length).toBe(4); // the initial 1 MiB window
    s.progress('a', CHUNK);
    s.delivered('a', first[0]!);
    expect(s.fill('a')).toEqual([]);
    s.delivered('a', first[1]!);
    s.delivered('a', first[2]!);
    expect(s.fill('a').length).toBe(3);
  });

  it('a source that leaves gives its chunks back', () => {
    const { s } = scheduler(10);
    s.addSource('a', 'all');
    const held = s.fill('a');
    s.removeSource('a');
    s.addSource('b', 'all');
    expect(s.fill('b').slice(0, held.length)).toEqual(held);
  });
});
