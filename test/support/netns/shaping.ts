/** Link shaping with tc: tbf for rate alone, netem when delay or loss is asked for. */
import { netemAvailability } from './availability';
import { LanSpecError, NetemUnavailableError, NetnsCommandError } from './errors';
import { run } from './ip';

export interface ShapeOptions {
  /** Bandwidth cap in Mbit/s, each direction. */
  rateMbit?: number;
  /** One-way delay in ms, each direction (the round trip grows by twice this). Needs netem. */
  delayMs?: number;
  /** Packet loss in percent, each direction. Needs netem. */
  lossPercent?: number;
}

/** The root qdisc's kind and parameters for `opts`; undefined means no shaping. */
export function qdiscFor(opts: ShapeOptions): string[] | undefined {
  for (const [key, value] of Object.entries(opts)) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) throw new LanSpecError(`shape ${key} must be ≥ 0`);
  }
  const { rateMbit = 0, delayMs = 0, lossPercent = 0 } = opts;
  const qdisc =
    delayMs > 0 || lossPercent > 0
      ? ['netem', 'delay', `${delayMs}ms`, 'loss', `${lossPercent}%`, ...(rateMbit > 0 ? ['rate', `${rateMbit}mbit`] : [])]
      : rateMbit > 0
        ? tbfArgs(rateMbit)
        : undefined;
  if (qdisc?.[0] === 'netem' && !netemAvailability().ok) throw new NetemUnavailableError(netemAvailability().reason);
  return qdisc;
}

function tbfArgs(rateMbit: number): string[] {
  // Burst must hold at least one timer tick of traffic and one full frame; 10 ms of traffic covers HZ ≥ 100.
  const burst = Math.max(16 * 1024, Math.ceil((rateMbit * 1e6) / 8 / 100));
  return ['tbf', 'rate', `${rateMbit}mbit`, 'burst', String(burst), 'latency', '100ms'];
}

/** Makes `qdisc` the root qdisc of `dev` in `ns`, or removes shaping when it is undefined. */
export async function setRootQdisc(ns: string, dev: string, qdisc: string[] | undefined): Promise<void> {
  // `replace` cannot change a qdisc's kind, so clear first; tc reports "handle of zero" when there is none.
  await run('tc', ['-n', ns, 'qdisc', 'del', 'dev', dev, 'root']).catch((error: unknown) => {
    if (!(error instanceof NetnsCommandError && /handle of zero/.test(error.stderr))) throw error;
  });
  if (qdisc) await run('tc', ['-n', ns, 'qdisc', 'add', 'dev', dev, 'root', 'handle', '1:', ...qdisc]);
}
