import { z } from 'zod';
import { reshapeStoredEvent, type StoredCallEvent } from './kazoo-call-event.ts';

/** Another leg's CHANNEL_BRIDGE that named this leg, in the interaction of the bridging leg. */
export interface BridgeMark {
  interactionId: string;
  msgId: string;
  timeMs: number;
}

/** A leg (channel) and its distinct events, sorted by `msg_id`. */
export interface LegState {
  callId: string;
  /** The call the leg belongs to now: the interaction of its latest event that carried one. */
  callKey: string;
  events: StoredCallEvent[];
  /** Bridges from other interactions' legs to this one: when it joined a call it moved into. */
  bridgedFrom?: BridgeMark[];
}

/** One call: the legs that belong together (kazoo.md C1–C4). */
export interface CallState {
  /** The interaction id, or `leg:<call id>` while no leg of the call has carried one. */
  key: string;
  interactionId: string | null;
  legIds: string[];
  /**
   * Every leg with an event that carried this call's interaction id, including legs that moved to
   * another interaction (attended transfer): the call keeps their part up to the move, so its
   * records end as they happened, and its sequence does not go down when they leave.
   */
  visited?: string[];
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
 * and a restore is {@link restoreCorrelatorState}. Every map keyed by an id from the PBX is a
 * null-prototype object, so an id such as `__proto__` or `constructor` is only ever a key.
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
  /** Konami transfer consultations (their interaction id) read as part of their transfer's call. */
  consultations?: Record<string, string>;
}

/** A value derived from a leg or call and kept with it: see {@link derivedSlot}. */
export interface DerivedSlot<Owner extends object, T> {
  get(owner: Owner): T | undefined;
  set(owner: Owner, value: T): void;
  delete(owner: Owner): void;
}

/**
 * Work saved on a leg or call (a summary, a sorted list), kept on the object itself under a
 * symbol key, not enumerable: JSON (snapshots) and structuredClone leave it out, spreads and deep
 * comparisons do not see it, and the value goes when its object goes. A WeakMap would do the same at the
 * cost of its table, an entry per leg or call in flight (megabytes at 10,000 calls).
 */
export function derivedSlot<Owner extends object, T>(name: string): DerivedSlot<Owner, T> {
  const key = Symbol(name);
  const slots = (owner: Owner) => owner as unknown as Record<symbol, T | undefined>;
  return {
    get: (owner) => slots(owner)[key],
    set: (owner, value) => {
      const held = slots(owner);
      if (key in held) held[key] = value;
      // Not enumerable: spreads, copies and deep comparisons see only the state itself.
      else Object.defineProperty(held, key, { value, writable: true, enumerable: false, configurable: true });
    },
    delete: (owner) => {
      slots(owner)[key] = undefined;
    }
  };
}

/**
 * A {@link derivedSlot} held for at most `capacity` owners at once: setting it for one more
 * drops it from the owner it was set for longest ago (first in, first out; an owner whose value
 * is replaced keeps its place). For work that is cheap to redo and costly to keep for every leg
 * in flight: what is dropped is recomputed on its next read. The queue holds the owners, so at
 * most `capacity` of them stay reachable after their call has gone.
 */
export function boundedSlot<Owner extends object, T>(name: string, capacity: number): DerivedSlot<Owner, T> {
  const slot = derivedSlot<Owner, T>(name);
  const holders: (Owner | undefined)[] = new Array<Owner | undefined>(capacity).fill(undefined);
  let next = 0;
  return {
    get: (owner) => slot.get(owner),
    set: (owner, value) => {
      if (slot.get(owner) === undefined) {
        const oldest = holders[next];
        if (oldest !== undefined && oldest !== owner) slot.delete(oldest);
        holders[next] = owner;
        next = (next + 1) % capacity;
      }
      slot.set(owner, value);
    },
    delete: (owner) => slot.delete(owner)
  };
}

/** An empty object with no prototype: indexing it with any string finds only what was stored. */
export function keyedRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `value`'s own entries in a null-prototype object, each mapped by `inner`. */
function keyed<T>(value: unknown, inner: (item: unknown) => T): Record<string, T> {
  const out = keyedRecord<T>();
  for (const [key, item] of Object.entries(value as object)) out[key] = inner(item);
  return out;
}

function restoreCall(value: unknown): CallState {
  const call = value as CallState;
  return { ...call, emitted: keyed(call.emitted ?? {}, String) };
}

function restoreLeg(value: unknown): LegState {
  const leg = value as LegState;
  return { ...leg, events: leg.events.map(reshapeStoredEvent) };
}

/** The parsed snapshot with every map keyed by PBX ids rebuilt as a null-prototype object. */
function rekey(value: CorrelatorState): CorrelatorState {
  return {
    ...value,
    legs: keyed(value.legs, restoreLeg),
    calls: keyed(value.calls, restoreCall),
    finished: keyed(value.finished, (item) => {
      const finished = item as FinishedCall;
      return { ...finished, call: restoreCall(finished.call), legs: finished.legs.map(restoreLeg) };
    }),
    finishedLegs: keyed(value.finishedLegs, String),
    ...(value.consultations ? { consultations: keyed(value.consultations, String) } : {})
  };
}

/** An empty correlator state. */
export function createCorrelatorState(): CorrelatorState {
  return {
    version: 1,
    legs: keyedRecord(),
    calls: keyedRecord(),
    finished: keyedRecord(),
    finishedOrder: [],
    finishedLegs: keyedRecord()
  };
}

const snapshotSchema = z.object({
  version: z.literal(1),
  legs: z.record(z.string(), z.object({ callId: z.string(), callKey: z.string(), events: z.array(z.looseObject({})) })),
  calls: z.record(z.string(), z.looseObject({ key: z.string(), legIds: z.array(z.string()) })),
  finished: z.record(
    z.string(),
    z.looseObject({ call: z.looseObject({ key: z.string() }), legs: z.array(z.looseObject({})) })
  ),
  finishedOrder: z.array(z.string()),
  finishedLegs: z.record(z.string(), z.string()),
  consultations: z.record(z.string(), z.string()).optional()
});

/** The maps of the state that parts saved apart may hold entries of. */
const SAVED_APART = new Set(['legs', 'calls', 'finished']);

/** Adds `entries` (a map by id) to the map `name` of the parsed state `value`. */
function addEntries(value: unknown, name: string, entries: unknown): void {
  if (!SAVED_APART.has(name)) throw new Error(`correlator snapshot chunk holds an unknown part ${name}`);
  if (value === null || typeof value !== 'object' || entries === null || typeof entries !== 'object') return;
  const state = value as Record<string, unknown>;
  const into = keyed(state[name] ?? {}, (item) => item);
  for (const [key, item] of Object.entries(entries)) into[key] = item;
  state[name] = into;
}

/**
 * Rebuilds a state from a snapshot (the parsed or unparsed JSON of a state), with the parts
 * saved apart from it: finished calls (JSON by key) and chunks (JSON objects whose members, e.g.
 * `legs`, hold entries of the state's maps). Throws with a clear message when the snapshot is not
 * one this version wrote, so a corrupt store is noticed.
 */
export function restoreCorrelatorState(
  json: unknown,
  finishedCalls: Readonly<Record<string, string>> = {},
  chunks: readonly string[] = []
): CorrelatorState {
  const value: unknown = typeof json === 'string' ? JSON.parse(json) : json;
  const apart = Object.keys(finishedCalls);
  if (apart.length > 0) {
    const finished = keyedRecord<unknown>();
    for (const key of apart) finished[key] = JSON.parse(finishedCalls[key] as string) as unknown;
    addEntries(value, 'finished', finished);
  }
  for (const chunk of chunks) {
    const parsed = JSON.parse(chunk) as Record<string, unknown>;
    for (const name of Object.keys(parsed)) addEntries(value, name, parsed[name]);
  }
  const parsed = snapshotSchema.safeParse(value);
  if (!parsed.success)
    throw new Error(`correlator snapshot is not valid: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
  return rekey(structuredClone(value) as CorrelatorState);
}
