/** Probes, run once per process, for what the machine can do: a skipped tier should say why. */
import { randomBytes } from 'node:crypto';
import { NetnsCommandError } from './errors';
import { runSync } from './ip';

export interface NetAvailability {
  ok: boolean;
  reason?: string;
}

let netProbe: NetAvailability | undefined;
let netemProbe: NetAvailability | undefined;

function reasonOf(error: unknown): string {
  if (error instanceof NetnsCommandError && error.exitCode === 'ENOENT')
    return `\`${error.command[0]}\` (iproute2) is not installed`;
  return error instanceof Error ? error.message : String(error);
}

/** Runs `body` in a throwaway namespace with a bridge and one veth pair (`pa` ↔ `pb`). */
function probeIn(body: (ns: string) => void): void {
  const ns = `ll-probe-${randomBytes(3).toString('hex')}`;
  runSync('ip', ['netns', 'add', ns]);
  try {
    runSync(
      'ip',
      ['-n', ns, '-batch', '-'],
      'link add name br0 type bridge\nlink add name pa type veth peer name pb\nlink set pa up\n',
    );
    body(ns);
  } finally {
    runSync('ip', ['netns', 'del', ns]);
  }
}

/** Whether this machine can run the net tier: Linux, root, iproute2, veth and bridge support. */
export function netAvailability(): NetAvailability {
  if (netProbe) return netProbe;
  if (process.platform !== 'linux') {
    return (netProbe = { ok: false, reason: `net tier skipped: needs Linux network namespaces, not ${process.platform}` });
  }
  if (process.getuid?.() !== 0) {
    return (netProbe = { ok: false, reason: 'net tier skipped: needs root to create network namespaces' });
  }
  try {
    probeIn(() => {});
    netProbe = { ok: true };
  } catch (error) {
    netProbe = { ok: false, reason: `net tier skipped: cannot build a namespace with veth and bridge: ${reasonOf(error)}` };
  }
  return netProbe;
}

/** Whether shape() can add delay and loss (the kernel needs sch_netem); rate shaping needs only tbf. */
export function netemAvailability(): NetAvailability {
  if (netemProbe) return netemProbe;
  const net = netAvailability();
  if (!net.ok) return (netemProbe = net);
  try {
    probeIn((ns) => runSync('tc', ['-n', ns, 'qdisc', 'add', 'dev', 'pa', 'root', 'netem', 'delay', '1ms']));
    netemProbe = { ok: true };
  } catch (error) {
    netemProbe = {
      ok: false,
      reason: `netem unavailable (kernel needs CONFIG_NET_SCH_NETEM / module sch_netem): ${reasonOf(error)}`,
    };
  }
  return netemProbe;
}
