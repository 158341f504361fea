/**
 * The adapter's Prometheus metrics (prom-client), one registry per process, labelled by tenant.
 * Gauges for outbox depth and dead letters are collected on scrape from a callback, so they are
 * always the store's truth rather than a counter that could drift.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface QueueSizes {
  outboxDepth: number;
  deadLetters: number;
  /** PBX events set aside because processing them threw (listed by `cti-adapter outbox`). */
  quarantined: number;
}

export interface AdapterMetrics {
  registry: Registry;
  eventsIn: Counter<'tenant' | 'transport'>;
  eventsRejected: Counter<'tenant' | 'reason'>;
  duplicates: Counter<'tenant'>;
  projections: Counter<'tenant'>;
  apiRequests: Counter<'tenant' | 'kind' | 'outcome'>;
  recordsWritten: Counter<'tenant' | 'outcome'>;
  writeLatency: Histogram<'tenant'>;
  gaps: Counter<'tenant'>;
  /** 1 while the tenant's PBX event stream is subscribed, 0 while it is not. */
  streamSubscribed: Gauge<'tenant'>;
  streamFaults: Counter<'tenant' | 'kind'>;
  framesLost: Counter<'tenant'>;
  /** The org's daily API usage from the last `Sforce-Limit-Info` header (`used` and `limit`). */
  apiUsage: Gauge<'tenant' | 'measure'>;
  /** Ringing-channel sockets refused, by reason (bad or expired ticket, origin, a client too slow). */
  ringRefused: Counter<'tenant' | 'reason'>;
  /** Softphone sockets open on the ringing channel. */
  ringSockets: Gauge<'tenant'>;
  /** Record states pushed on the ringing channel (one per socket that heard it). */
  ringPushed: Counter<'tenant'>;
  /** Register where the queue sizes of a tenant come from. */
  watchQueues(tenant: string, read: () => QueueSizes): void;
}

/** Creates the metrics in a fresh registry (tests get their own, so counts never leak). */
export function createAdapterMetrics(options: { defaultMetrics?: boolean } = {}): AdapterMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'cti_adapter_' });
  const registers = [registry];
  const sources = new Map<string, () => QueueSizes>();
  const readAll = (pick: keyof QueueSizes, gauge: Gauge<'tenant'>) => {
    for (const [tenant, read] of sources) gauge.set({ tenant }, read()[pick]);
  };
  return {
    registry,
    eventsIn: new Counter({
      name: 'cti_events_in_total',
      help: 'PBX events accepted',
      labelNames: ['tenant', 'transport'],
      registers
    }),
    eventsRejected: new Counter({
      name: 'cti_events_rejected_total',
      help: 'PBX events rejected as malformed',
      labelNames: ['tenant', 'reason'],
      registers
    }),
    duplicates: new Counter({
      name: 'cti_events_duplicate_total',
      help: 'Duplicate PBX events dropped',
      labelNames: ['tenant'],
      registers
    }),
    projections: new Counter({
      name: 'cti_projections_total',
      help: 'Record states produced by the correlator',
      labelNames: ['tenant'],
      registers
    }),
    apiRequests: new Counter({
      name: 'cti_salesforce_api_requests_total',
      help: 'Salesforce API requests by kind (upsert, query, search, token)',
      labelNames: ['tenant', 'kind', 'outcome'],
      registers
    }),
    recordsWritten: new Counter({
      name: 'cti_records_written_total',
      help: 'CallData__c writes by outcome (confirmed, retried, dead-lettered)',
      labelNames: ['tenant', 'outcome'],
      registers
    }),
    writeLatency: new Histogram({
      name: 'cti_write_latency_seconds',
      help: 'Time from a projection entering the outbox to Salesforce confirming it',
      labelNames: ['tenant'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers
    }),
    gaps: new Counter({
      name: 'cti_event_gaps_total',
      help: 'PBX event-stream gaps reconciled',
      labelNames: ['tenant'],
      registers
    }),
    streamSubscribed: new Gauge({
      name: 'cti_pbx_stream_subscribed',
      help: "1 while the tenant's PBX event stream is subscribed; 0 while it is connecting, reconnecting or stopped",
      labelNames: ['tenant'],
      registers
    }),
    streamFaults: new Counter({
      name: 'cti_pbx_stream_faults_total',
      help: 'PBX stream faults by kind: reply-timeout, unsolicited-error, oversized-frame (each ends in a resubscribe)',
      labelNames: ['tenant', 'kind'],
      registers
    }),
    framesLost: new Counter({
      name: 'cti_pbx_frames_lost_total',
      help: 'PBX frames that never reached the adapter on a subscribed stream (Kazoo 4.3: blackhole.max_queued_messages)',
      labelNames: ['tenant'],
      registers
    }),
    apiUsage: new Gauge({
      name: 'cti_salesforce_api_usage',
      help: "The org's daily API requests used and allowed (Sforce-Limit-Info)",
      labelNames: ['tenant', 'measure'],
      registers
    }),
    ringRefused: new Counter({
      name: 'cti_ring_channel_refused_total',
      help: 'Ringing-channel sockets refused or dropped: ticketInvalid, ticketExpired, originRefused, tooSlow',
      labelNames: ['tenant', 'reason'],
      registers
    }),
    ringSockets: new Gauge({
      name: 'cti_ring_channel_sockets',
      help: 'Softphone sockets open on the ringing channel',
      labelNames: ['tenant'],
      registers
    }),
    ringPushed: new Counter({
      name: 'cti_ring_channel_pushed_total',
      help: 'Record states pushed to softphones on the ringing channel, before the org write',
      labelNames: ['tenant'],
      registers
    }),
    watchQueues(tenant, read) {
      sources.set(tenant, read);
    },
    ...queueGauges(registers, readAll)
  };
}

function queueGauges(
  registers: Registry[],
  readAll: (pick: keyof QueueSizes, gauge: Gauge<'tenant'>) => void
): Record<string, never> {
  new Gauge({
    name: 'cti_outbox_depth',
    help: 'Record writes waiting for Salesforce to confirm them',
    labelNames: ['tenant'],
    registers,
    collect() {
      readAll('outboxDepth', this);
    }
  });
  new Gauge({
    name: 'cti_dead_letters',
    help: 'Record writes Salesforce refused permanently (retry with `cti-adapter outbox --retry`)',
    labelNames: ['tenant'],
    registers,
    collect() {
      readAll('deadLetters', this);
    }
  });
  new Gauge({
    name: 'cti_quarantined_events',
    help: 'PBX events set aside because processing them failed (see `cti-adapter outbox`)',
    labelNames: ['tenant'],
    registers,
    collect() {
      readAll('quarantined', this);
    }
  });
  return {};
}
