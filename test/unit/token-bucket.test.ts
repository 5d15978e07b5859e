import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/core/token-bucket';
import { PenaltyBox } from '../../src/core/penalty-box';

describe('the token bucket', () => {
  const clock = () => {
    let t = 1_000_000;
    return { now: () => t, advance: (ms: number) => (t += ms) };
  };

  it('allows the burst at once, then exactly the rate', () => {
    const c = clock();
    const bucket = new TokenBucket(1000, 500, c.now);
    expect(bucket.take(500)).toBe(0);
    expect(bucket.take(100)).toBe(100); // 100 tokens of debt at 1000/s
    c.advance(100);
    expect(bucket.available).toBeCloseTo(0);
    c.advance(10_000);
    expect(bucket.available).toBe(500); // never more than the burst
  });

  it('over any long window, a sender that pays its debts moves rate × time + burst', () => {
    const c = clock();
    const bucket = new TokenBucket(10_000, 2_000, c.now);
    let sent = 0;
    for (let elapsed = 0; elapsed < 10_000;) {
      sent += 1500;
      const wait = bucket.take(1500);
      c.advance(wait || 1);
      elapsed += wait || 1;
    }
    expect(sent).toBeGreaterThan(100_000 - 1500);
    expect(sent).toBeLessThanOrEqual(10_000 * 10 + 2_000 + 1500);
  });

  it('tryTake never goes into debt', () => {
    const c = clock();
    const bucket = new TokenBucket(100, 100, c.now);
    expect(bucket.tryTake(80)).toBe(true);
    expect(bucket.tryTake(80)).toBe(false);
    expect(bucket.available).toBeCloseTo(20);
  });

  it('refuses a rate or burst that is not positive', () => {
    expect(() => new TokenBucket(0, 1, Date.now)).toThrow(RangeError);
    expect(() => new TokenBucket(1, -1, Date.now)).toThrow(RangeError);
  });
});

describe('the penalty box', () => {
  it('backs off for the base time, doubling on each repeat up to the cap', () => {
    let t = 0;
    const box = new PenaltyBox({ baseMs: 1000, maxMs: 5000, now: () => t });
    expect(box.penalize('peer:a')).toBe(1000);
    expect(box.remainingMs('peer:a')).toBe(1000);
    t += 1000;
    expect(box.remainingMs('peer:a')).toBe(0);
    expect(box.penalize('peer:a')).toBe(2000);
    expect(box.penalize('peer:a')).toBe(4000);
    expect(box.penalize('peer:a')).toBe(5000);
    expect(box.remainingMs('peer:b')).toBe(0);
  });

  it('penalizes after enough strikes within the window only', () => {
    let t = 0;
    const box = new PenaltyBox({ baseMs: 1000, maxMs: 5000, now: () => t, strikesForPenalty: 3, windowMs: 10_000 });
    expect(box.strike('address:x')).toBe(0);
    t += 20_000;
    expect(box.strike('address:x')).toBe(0);
    expect(box.strike('address:x')).toBe(0);
    expect(box.strike('address:x')).toBe(1000);
  });

  it('stays within its bound however many keys it sees', () => {
    const box = new PenaltyBox({ baseMs: 1000, maxMs: 5000, now: () => 0, maxEntries: 100 });
    for (let i = 0; i < 10_000; i++) box.penalize(`address:${i}`);
    expect(box.size).toBeLessThanOrEqual(100);
    expect(box.remainingMs('address:9999')).toBe(1000);
  });
});
