/**
 * Which live legs and calls of the correlator state may have changed since the last snapshot, so
 * a snapshot writes only those (see store/snapshot-entries.ts). The correlator updates its state
 * in place and does not say what it touched, so the changes are read off each folded event: an
 * event changes its own leg and the legs it names (a bridge or other leg is created, re-opened or
 * marked), the calls those legs were in before and are in after (joins and moves change or remove
 * both), and the calls of every interaction the leg's events carry (the correlator projects each
 * of them again, and a leg that visits one is listed there). A leg of a changed call that now
 * names another call than when it was saved is written too (a join re-homes every leg of the call
 * it folds in). Entries that left the state (finished, joined into another call) need no mark:
 * the save deletes every stored row whose key is gone.
 * The restart tests compare a restored state with the live one to keep this list honest.
 */
import type { CorrelatorState } from '../core/correlate-call.ts';
import type { KazooCallEvent } from '../core/kazoo-call-event.ts';
import type { KeyedPart } from '../store/snapshot-store.ts';

/** The call ids of the legs an event may create, re-open or change. */
function legsNamedBy(event: KazooCallEvent): string[] {
  const ids = [event.callId];
  if (event.otherLegCallId) ids.push(event.otherLegCallId);
  if (event.bridgeId) ids.push(event.bridgeId);
  return ids;
}

type Part = 'legs' | 'calls';

/** The legs and calls changed since the last snapshot. */
export class SnapshotChanges {
  private readonly legs = new Set<string>();
  private readonly calls = new Set<string>();
  /** The call each leg named when it was last saved (a leg re-homed by a join is written again). */
  private readonly savedCallKeys = new Map<string, string>();
  /** Roughly what saving the changes writes: what each changed entry weighed when it was marked. */
  bytes = 0;

  /** `weigh` tells roughly what saving an entry writes (its stored size, or a guess). */
  constructor(private readonly weigh: (part: Part, key: string) => number) {}

  private markLeg(key: string): void {
    if (this.legs.has(key)) return;
    this.legs.add(key);
    this.bytes += this.weigh('legs', key);
  }

  private markCall(key: string): void {
    if (this.calls.has(key)) return;
    this.calls.add(key);
    this.bytes += this.weigh('calls', key);
  }

  /** Before `event` is folded: the calls its legs are in now, live or finished (either may change or go). */
  beforeFold(state: CorrelatorState, event: KazooCallEvent): void {
    for (const id of legsNamedBy(event)) {
      const leg = state.legs[id];
      if (leg) this.markCall(leg.callKey);
      const finished = state.finishedLegs[id];
      if (finished) this.markCall(finished);
    }
  }

  /** After `event` was folded: its legs, their calls now, and every interaction their events carry. */
  afterFold(state: CorrelatorState, event: KazooCallEvent): void {
    for (const id of legsNamedBy(event)) {
      const leg = state.legs[id];
      if (!leg) continue;
      this.markLeg(id);
      this.markCall(leg.callKey);
      for (const known of leg.events) if (known.interactionId) this.markCall(known.interactionId);
    }
    const interaction = event.interactionId;
    if (interaction) {
      this.markCall(interaction);
      // A Konami consultation's events are folded into its transfer's call.
      const folded = state.consultations?.[interaction];
      if (folded) this.markCall(folded);
    }
  }

  /** Marks every live entry that has no stored row (a start from an older layout, or from none). */
  markUnstored(state: CorrelatorState, stored: (part: Part, key: string) => boolean): void {
    for (const key in state.legs) {
      if (!stored('legs', key)) this.markLeg(key);
      this.savedCallKeys.set(key, state.legs[key]?.callKey ?? '');
    }
    for (const key in state.calls) if (!stored('calls', key)) this.markCall(key);
  }

  /** The changed entries as the keyed parts of a save (call {@link saved} once it committed). */
  parts(state: CorrelatorState): Record<Part, KeyedPart> {
    for (const key of this.calls)
      for (const legId of state.calls[key]?.legIds ?? [])
        if (this.savedCallKeys.get(legId) !== state.legs[legId]?.callKey) this.markLeg(legId);
    return { legs: { entries: state.legs, changed: this.legs }, calls: { entries: state.calls, changed: this.calls } };
  }

  /** The changes of {@link parts} are stored. */
  saved(state: CorrelatorState): void {
    for (const legId of this.legs) {
      const leg = state.legs[legId];
      if (leg) this.savedCallKeys.set(legId, leg.callKey);
      else this.savedCallKeys.delete(legId);
    }
    // Legs that left without an event of their own (their call finished) are forgotten here.
    for (const legId of this.savedCallKeys.keys())
      if (state.legs[legId] === undefined) this.savedCallKeys.delete(legId);
    this.legs.clear();
    this.calls.clear();
    this.bytes = 0;
  }
}
