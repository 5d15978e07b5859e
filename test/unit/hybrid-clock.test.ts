import { describe, expect, it } from 'vitest';
import { HybridClock } from '../../src/core/hybrid-clock';

const fixed = (ms: number) => ({ now: () => ms });

describe('hybrid clock', () => {
  it('follows the wall clock and never repeats or goes back', () => {
    let wall = 1000;
    const clock = new HybridClock({ now: () => wall });
    expect(clock.now()).toBe(1000);
    expect(clock.now()).toBe(1001);
    wall = 500; // the OS clock stepped back
    expect(clock.now()).toBe(1002);
    wall = 5000;
    expect(clock.now()).toBe(5000);
  });

  it('stamps a reply after the message it answers, even with a slow clock', () => {
    const behind = new HybridClock(fixed(10_000));
    behind.observe(40_000);
    expect(behind.now()).toBe(40_001);
  });

  it('ignores timestamps implausibly far in the future and starts from its floor', () => {
    const clock = new HybridClock(fixed(1000), 0, 60_000);
    clock.observe(1000 + 61_000);
    expect(clock.now()).toBe(1000);
    expect(new HybridClock(fixed(1000), 9000).now()).toBe(9001);
  });
});
