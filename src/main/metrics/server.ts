import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../core/platform';
import { exposition, type MetricsSource } from './exposition';
import { statusPage, type StatusReport } from './status-page';

/**
 * `--metrics-port`: Prometheus metrics at /metrics, a status page at / and
 * the same as JSON at /status.json. Bound to 127.0.0.1 only: the figures
 * name peers and addresses, so they are for the machine's operator (or a
 * local Prometheus agent), never for the LAN.
 */
export class MetricsServer {
  private readonly http: Server;

  constructor(
    private readonly sources: MetricsSource[],
    private readonly report: () => StatusReport,
    private readonly log: Logger,
  ) {
    this.http = createServer((req, res) => {
      if (req.method !== 'GET') return void res.writeHead(405, { allow: 'GET' }).end();
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      try {
        if (path === '/metrics')
          return void res
            .writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' })
            .end(exposition(this.sources.flatMap((source) => source())));
        if (path === '/status.json')
          return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.report(), null, 2));
        if (path === '/')
          return void res
            .writeHead(200, {
              'content-type': 'text/html; charset=utf-8',
              'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
            })
            .end(statusPage(this.report()));
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      } catch (error) {
        this.log.error('metrics request failed', { path, error: String(error) });
        res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error\n');
      }
    });
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, '127.0.0.1', () => {
        this.http.off('error', reject);
        resolve((this.http.address() as AddressInfo).port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }
}
