import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/core/circuit-breaker';

function breaker() {
  let now = 0;
  const b = new CircuitBreaker({
    now: () => now,
    random: () => 0.5,
    failureThreshold: 3,
    retryBaseMs: 100,
    cooldownBaseMs: 1000,
    cooldownMaxMs: 4000,
  });
  return { b, advance: (ms: number) => (now += ms) };
}

describe('per-peer circuit breaker', () => {
  it('backs off exponentially with jitter while closed', () => {
    const { b } = breaker();
    expect(b.delayMs()).toBe(0);
    b.failure('refused');
    expect(b.delayMs()).toBe(75); // 100 ms, jittered into [50, 100)
    b.failure('refused');
    expect(b.delayMs()).toBe(150);
    expect(b.state).toBe('closed');
  });

  it('opens after repeated failures, then lets one trial through after the cool-down', () => {
    const { b, advance } = breaker();
    for (let i = 0; i < 3; i++) b.failure('timeout');
    expect(b.state).toBe('open');
    expect(b.canAttempt()).toBe(false);
    advance(b.delayMs());
    expect(b.canAttempt()).toBe(true);
    expect(b.state).toBe('half-open');
  });

  it('a failed trial reopens it for longer; a success closes it', () => {
    const { b, advance } = breaker();
    for (let i = 0; i < 3; i++) b.failure('timeout');
    const first = b.delayMs();
    advance(first);
    b.canAttempt();
    b.failure('timeout');
    expect(b.state).toBe('open');
    expect(b.delayMs()).toBeGreaterThan(first);
    advance(b.delayMs());
    b.canAttempt();
    b.success();
    expect(b.state).toBe('closed');
    expect(b.lastError).toBeNull();
  });

  it('a sign of life skips the cool-down', () => {
    const { b } = breaker();
    for (let i = 0; i < 3; i++) b.failure('timeout');
    b.nudge();
    expect(b.canAttempt()).toBe(true);
  });
});
