import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Histogram, Registry } from 'prom-client';
import type { ExchangeRecord } from '../types.js';

/**
 * The proxy's Prometheus metrics. Label values come only from the spec (operationIds, documented result codes,
 * exchange statuses, violation categories), so an outside string can neither leak into nor blow up the series.
 */
export class ProxyMetrics {
  readonly registry = new Registry();
  private readonly exchanges = new Counter({
    name: 'zoloz_proxy_exchanges_total',
    help: 'Exchanges through the proxy, by operation, result code and validity',
    labelNames: ['operation', 'result_code', 'validity'] as const,
    registers: [this.registry],
  });
  private readonly violations = new Counter({
    name: 'zoloz_proxy_violations_total',
    help: 'Violations found in proxied exchanges, by category',
    labelNames: ['category'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'zoloz_proxy_upstream_latency_seconds',
    help: 'From a request arriving to the target answering its last byte, by operation',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  /** @param resultCodes documented result codes per operationId */
  constructor(private readonly resultCodes: ReadonlyMap<string, ReadonlySet<string>>) {}

  observe(record: ExchangeRecord, resultCode: string | undefined, upstreamMs: number): void {
    const operation = record.operationId ?? (record.status === 'unreadable' ? 'unreadable' : 'undocumented');
    const code = resultCode === undefined ? 'none' : this.resultCodes.get(operation)?.has(resultCode) ? resultCode : 'undocumented';
    this.exchanges.inc({ operation, result_code: code, validity: record.status });
    for (const v of record.violations) this.violations.inc({ category: v.category });
    this.latency.observe({ operation }, upstreamMs / 1000);
  }
}

export interface MetricsServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `GET /metrics` (Prometheus text format) on its own port. */
export async function serveMetrics(metrics: ProxyMetrics, host: string, port: number): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '/').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found: GET /metrics\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${(server.address() as AddressInfo).port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
