import type { ApiClient } from '../../core/api/rpc';
import { defaultDataDir } from '../config';
import { connectControl } from '../control/client';

export type Output = { write(text: string): void };
export type Command = { summary: string; run(args: string[], out: Output): Promise<void> };

/** Runs one client command against the node on `dataDir`, over its control socket. */
export async function withNode<T>(dataDir: string | undefined, run: (api: ApiClient) => Promise<T>): Promise<T> {
  const connection = await connectControl(dataDir ?? defaultDataDir());
  try {
    return await run(connection.api);
  } finally {
    connection.close();
  }
}

export const print = (out: Output, json: boolean | undefined, value: unknown, human: () => string) =>
  out.write(`${json ? JSON.stringify(value, null, 2) : human()}\n`);
