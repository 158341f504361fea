import { z } from 'zod';
import type { StoredCallEvent } from './kazoo-call-event.ts';

/** A leg (channel) and its distinct events, sorted by `msg_id`. */
export interface LegState {
  callId: string;
  callKey: string;
  events: StoredCallEvent[];
}

/** One call: the legs that belong together (kazoo.md C1–C4). */
export interface CallState {
  /** The interaction id, or `leg:<call id>` while no leg of the call has carried one. */
  key: string;
  interactionId: string | null;
  legIds: string[];
  /** Correlator time of the last event that changed the call; grace is counted from it. */
  lastActivityMs: number;
  /** How many times the call was finalized (a late leg can re-open it). */
  finalizations: number;
  /** A fingerprint of the last projection emitted per CallId__c, to emit only what changed. */
  emitted: Record<string, string>;
}

/** A finalized call, kept (a bounded number of them) to drop late duplicates and re-open on late legs. */
export interface FinishedCall {
  call: CallState;
  legs: LegState[];
}

/**
 * Everything the correlator remembers: plain JSON data, so a snapshot is `JSON.stringify(state)`
 * and a restore is {@link restoreCorrelatorState}.
 */
export interface CorrelatorState {
  version: 1;
  legs: Record<string, LegState>;
  calls: Record<string, CallState>;
  /** Finished calls by key, oldest first in `finishedOrder`. */
  finished: Record<string, FinishedCall>;
  finishedOrder: string[];
  /** Call id of every leg of a finished call → that call's key. */
  finishedLegs: Record<string, string>;
}

/** An empty correlator state. */
export function createCorrelatorState(): CorrelatorState {
  return { version: 1, legs: {}, calls: {}, finished: {}, finishedOrder: [], finishedLegs: {} };
}

const snapshotSchema = z.object({
  version: z.literal(1),
  legs: z.record(z.string(), z.object({ callId: z.string(), callKey: z.string(), events: z.array(z.looseObject({})) })),
  calls: z.record(z.string(), z.looseObject({ key: z.string(), legIds: z.array(z.string()) })),
  finished: z.record(z.string(), z.looseObject({})),
  finishedOrder: z.array(z.string()),
  finishedLegs: z.record(z.string(), z.string())
});

/**
 * Rebuilds a state from a snapshot (the parsed or unparsed JSON of a state). Throws with a clear
 * message when the snapshot is not one this version wrote, so a corrupt store is noticed.
 */
export function restoreCorrelatorState(json: unknown): CorrelatorState {
  const value: unknown = typeof json === 'string' ? JSON.parse(json) : json;
  const parsed = snapshotSchema.safeParse(value);
  if (!parsed.success)
    throw new Error(`correlator snapshot is not valid: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
  return structuredClone(value) as CorrelatorState;
}
