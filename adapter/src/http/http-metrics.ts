import { Counter, type Registry } from 'prom-client';

export interface HttpMetrics {
  /** Every answered request, by route pattern (never the raw URL: it may carry keys) and status. */
  requests: Counter<'method' | 'route' | 'status'>;
  /** Webhook deliveries by tenant and outcome (accepted, rejected, refused before ingest). */
  webhookEvents: Counter<'tenant' | 'result'>;
}

function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: L[]): Counter<L> {
  // One registry may serve several server instances (tests, restarts in one process).
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter({ name, help, labelNames, registers: [registry] });
}

/** The HTTP layer's counters, registered once on the adapter's registry. */
export function httpMetrics(registry: Registry): HttpMetrics {
  return {
    requests: counter(registry, 'cti_http_requests_total', 'HTTP requests answered by the adapter', [
      'method',
      'route',
      'status'
    ]),
    webhookEvents: counter(registry, 'cti_webhook_events_total', 'Kazoo webhook deliveries received', [
      'tenant',
      'result'
    ])
  };
}
