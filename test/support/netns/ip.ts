/** Running `ip` and `tc`: the one place a failed command becomes a NetnsCommandError. */
import { execFile, execFileSync } from 'node:child_process';
import { NetnsCommandError } from './errors';

const COMMAND_TIMEOUT_MS = 10_000;

export function run(cmd: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const code = typeof error.code === 'number' || typeof error.code === 'string' ? error.code : null;
      reject(commandError([cmd, ...args], code, stderr || error.message, input));
    });
    // A command that exits before reading its input (tc on a missing qdisc does) breaks the pipe; its exit
    // status and stderr, reported above, say what went wrong. Left unhandled, EPIPE would crash the worker.
    child.stdin?.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error);
    });
    child.stdin?.end(input);
  });
}

/** For the exit hook and the availability probes, which cannot wait for a promise. */
export function runSync(cmd: string, args: string[], input?: string): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', input: input ?? '', stdio: 'pipe', timeout: COMMAND_TIMEOUT_MS });
  } catch (error) {
    const e = error as { status?: number | null; code?: string; stderr?: string; message: string };
    throw commandError([cmd, ...args], e.status ?? e.code ?? null, e.stderr || e.message, input);
  }
}

function commandError(command: string[], code: number | string | null, stderr: string, input?: string) {
  const line = /Command failed -:(\d+)/.exec(stderr)?.[1];
  return new NetnsCommandError(command, code, stderr, line && input ? input.split('\n')[Number(line) - 1] : undefined);
}

/** One `ip -n ns -batch -` per namespace: a single exec for many changes. */
export function ipIn(ns: string, lines: string[]): Promise<string> {
  return run('ip', ['-n', ns, '-batch', '-'], lines.join('\n') + '\n');
}

/** `-force` runs every line even after one fails, so a namespace that vanished midway does not spare the rest. */
export function ipForce(lines: string[]): Promise<string> {
  return run('ip', ['-force', '-batch', '-'], lines.map((line) => `${line}\n`).join(''));
}

export function ipForceSync(lines: string[]): string {
  return runSync('ip', ['-force', '-batch', '-'], lines.map((line) => `${line}\n`).join(''));
}

/**
 * /proc/sys/net shows the writer's own namespace, so this turns on forwarding
 * in `ns` alone and never on the machine.
 */
export async function enableForwarding(ns: string): Promise<void> {
  await run('ip', ['netns', 'exec', ns, 'sh', '-c', 'echo 1 > /proc/sys/net/ipv4/ip_forward']);
}
