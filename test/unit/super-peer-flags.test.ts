import { describe, expect, it } from 'vitest';
import { configFromFlags, hostOptions, parse, parseDuration, UsageError } from '../../src/main/cli/args';

const flags = (...args: string[]) => configFromFlags(parse(args, hostOptions).values);

describe('super peer flags', () => {
  it('--super with its limits and a metrics port become one typed config', () => {
    const config = flags(
      '--data-dir',
      '/tmp/x',
      '--super',
      '--relay-rate',
      '1000',
      '--relay-max-circuits',
      '3',
      '--metrics-port',
      '9464',
    );
    expect(config).toMatchObject({
      superPeer: true,
      metricsPort: 9464,
      relay: { bytesPerSecond: 1000, maxCircuitsPerClient: 3 },
    });
    expect(config.relay.maxClients).toBe(5000);
  });

  it('a node uses super peers it is told of, and is not one by default', () => {
    const config = flags('--data-dir', '/tmp/x', '--super-peer', '198.18.1.13:7400', '--super-peer', '198.18.2.13:7400');
    expect(config).toMatchObject({ superPeer: false, superPeers: ['198.18.1.13:7400', '198.18.2.13:7400'] });
    expect(config.metricsPort).toBeUndefined();
  });

  it('says which flag is wrong', () => {
    expect(() => flags('--relay-rate', '0')).toThrow(new UsageError('--relay-rate must be a positive whole number'));
    expect(() => flags('--relay-quota', 'lots')).toThrow(/--relay-quota/);
    expect(() => flags('--metrics-port', '70000')).toThrow(/--metrics-port/);
    expect(() => flags('--super-peer', 'nowhere')).toThrow(/superPeers/);
  });

  it('maps --mailbox-* onto the mailbox limits, with durations for the expiry', () => {
    const config = flags(
      '--super',
      '--mailbox-max-per-recipient',
      '50',
      '--mailbox-max-bytes-per-depositor',
      '1048576',
      '--mailbox-max-bytes',
      '99999999',
      '--mailbox-expiry',
      '36h',
    );
    expect(config.mailbox).toMatchObject({
      maxMessagesPerRecipient: 50,
      maxBytesPerDepositor: 1048576,
      maxBytes: 99999999,
      expiryMs: 36 * 3_600_000,
      maxMessages: 100_000,
    });
    expect(flags().mailbox.expiryMs).toBe(7 * 86_400_000);
    expect(parseDuration('90', '--x')).toBe(90_000);
    expect(parseDuration('2d', '--x')).toBe(2 * 86_400_000);
    for (const bad of ['0', '1w', '-5m', 'soon', '0.5h'])
      expect(() => parseDuration(bad, '--mailbox-expiry'), bad).toThrow(UsageError);
    expect(() => flags('--mailbox-max-messages', '0')).toThrow('--mailbox-max-messages must be a positive whole number');
  });
});
