import { connect } from 'node:net';
import { createApiClient, RpcMessageSchema, type ApiClient, type RpcMessage } from '../../core/api/rpc';
import { LanlineError } from '../../core/errors';
import { controlSocketPath } from './socket-path';

/**
 * Connects the CLI to the node running on `dataDir`, or explains how to start
 * one. `timeoutMs` bounds each call but those the contract gives their own limit.
 */
export function connectControl(dataDir: string, timeoutMs?: number): Promise<{ api: ApiClient; close(): void }> {
  const path = controlSocketPath(dataDir);
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    const listeners = new Set<(message: RpcMessage) => void>();
    let buffered = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const parsed = RpcMessageSchema.safeParse(JSON.parse(buffered.slice(0, newline)));
        buffered = buffered.slice(newline + 1);
        if (parsed.success) for (const listener of listeners) listener(parsed.data);
      }
    });
    const api = createApiClient(
      {
        send: (message) => socket.write(`${JSON.stringify(message)}\n`),
        onMessage: (listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      },
      timeoutMs,
    );
    socket.once('connect', () => {
      socket.on('close', () => api.failPending(new LanlineError('closed', 'the node closed the control connection')));
      resolve({ api, close: () => socket.end() });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const missing = error.code === 'ENOENT' || error.code === 'ECONNREFUSED';
      reject(
        new LanlineError(
          'not-connected',
          missing
            ? `No Lanline node is running with data folder ${dataDir}. Start one with \`lanline node --data-dir ${dataDir}\`.`
            : `Cannot reach the node's control socket at ${path}: ${error.message}`,
        ),
      );
    });
  });
}
