import type { CallDataProjection } from '../../src/core/call-data.ts';
import {
  correlateEvent,
  createCorrelatorState,
  flushAll,
  type CorrelatorOptions,
  type CorrelatorState
} from '../../src/core/correlate-call.ts';
import { normalizeEvent, type KazooCallEvent } from '../../src/core/normalize-event.ts';

export const OPTIONS: CorrelatorOptions = { defaultRegion: 'US', graceMs: 0 };

/** The fixture's raw lines that are call events, normalized (reply frames left out). */
export function normalizeAll(raw: readonly unknown[]): KazooCallEvent[] {
  return raw.flatMap((value) => {
    const result = normalizeEvent(value);
    return result.ok ? [result.event] : [];
  });
}

export interface CorrelatorRun {
  /** Every projection emitted, in order. */
  emitted: CallDataProjection[];
  /** The last projection of every record, sorted by CallId__c. */
  final: CallDataProjection[];
  duplicates: number;
  state: CorrelatorState;
}

/** Feeds events in the given order (each at its own event time), then flushes. */
export function runCorrelator(events: readonly KazooCallEvent[], options: CorrelatorOptions = OPTIONS): CorrelatorRun {
  let state = createCorrelatorState();
  const emitted: CallDataProjection[] = [];
  let duplicates = 0;
  for (const event of events) {
    const result = correlateEvent(state, event, event.timeMs, options);
    state = result.state;
    if (result.duplicate) duplicates += 1;
    emitted.push(...result.projections);
  }
  emitted.push(...flushAll(state, options).projections);
  const last = new Map(emitted.map((projection) => [projection.CallId__c, projection]));
  const final = [...last.keys()].sort().map((callId) => last.get(callId) as CallDataProjection);
  return { emitted, final, duplicates, state };
}
