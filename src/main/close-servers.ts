import type { Server } from 'node:http';
import type { WebSocketServer } from 'ws';

/** Drops every WebSocket and HTTP connection at once; a shutdown should not wait on idle clients. */
export function closeHttpWithSockets(http: Server, wss: WebSocketServer): Promise<void> {
  for (const ws of wss.clients) ws.terminate();
  wss.close();
  return new Promise((resolve) => {
    http.close(() => resolve());
    http.closeAllConnections();
  });
}
