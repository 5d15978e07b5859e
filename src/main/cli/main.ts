import { describeError } from '../../core/errors';
import { APP_VERSION } from '../config';
import { UsageError } from './args';
import { commands } from './commands';

/**
 * `lanline`: one CLI for every host. `node` and `serve` run a backend;
 * the other commands drive a running one over its control socket.
 */
function help(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  return [
    `Lanline ${APP_VERSION}: chat and files on your office network, no server needed.`,
    '',
    'Usage: lanline COMMAND [options]',
    '',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes --data-dir DIR (default: your app-data folder).',
    'Client commands take --json for output that scripts can rely on (see docs/CLI.md).',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${help()}\n`);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === 'version') {
    process.stdout.write(`${APP_VERSION}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`lanline: unknown command "${name}"\n\n${help()}\n`);
    return 2;
  }
  try {
    await command.run(args, process.stdout);
    return 0;
  } catch (error) {
    process.stderr.write(`lanline ${name}: ${describeError(error)}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

const isHost = process.argv[2] === 'node' || process.argv[2] === 'serve';
void main(process.argv.slice(2)).then((code) => {
  // Host commands keep running until a signal; the others exit with their code.
  if (!isHost || code !== 0) process.stdout.write('', () => process.exit(code));
});
