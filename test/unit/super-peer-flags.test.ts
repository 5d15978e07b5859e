import { describe, expect, it } from 'vitest';
import { configFromFlags, hostOptions, parse, UsageError } from '../../src/main/cli/args';

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
});
