/**
 * The A-legs whose dialing preview (core/dialing-preview.ts) went to an agent's softphone, until a
 * record of that agent names the leg's call (the softphone then merges the two) or the leg is gone
 * without one (the preview is then ended, so no card stays behind). Bounded: the oldest are dropped.
 */
export interface DialingLeg {
  legCallId: string;
  ownerPbxUserId: string;
}

interface Entry {
  owner: string;
  pushedAt: number;
  destroyedAt: number | null;
}

export class DialingLegs {
  private readonly legs = new Map<string, Entry>();

  constructor(private readonly limit = 5_000) {}

  get size(): number {
    return this.legs.size;
  }

  add(legCallId: string, ownerPbxUserId: string, now: number): void {
    this.legs.set(legCallId, { owner: ownerPbxUserId, pushedAt: now, destroyedAt: null });
    if (this.legs.size > this.limit) this.legs.delete(this.legs.keys().next().value as string);
  }

  destroyed(legCallId: string, now: number): void {
    const entry = this.legs.get(legCallId);
    if (entry) entry.destroyedAt ??= now;
  }

  /**
   * The owner's leg that call `interactionId` now holds (`interactionOf` asks the correlator), taken
   * off the list; null when none of the owner's previews is this call.
   */
  claim(ownerPbxUserId: string, interactionId: string, interactionOf: (legCallId: string) => string | null) {
    for (const [leg, entry] of this.legs) {
      if (entry.owner !== ownerPbxUserId || interactionOf(leg) !== interactionId) continue;
      this.legs.delete(leg);
      return leg;
    }
    return null;
  }

  /** Unclaimed legs destroyed more than `graceMs` ago, or pushed more than `maxAgeMs` ago: taken off the list. */
  takeExpired(now: number, graceMs: number, maxAgeMs: number): DialingLeg[] {
    const expired: DialingLeg[] = [];
    for (const [leg, entry] of this.legs) {
      const gone = entry.destroyedAt !== null && now - entry.destroyedAt >= graceMs;
      if (!gone && now - entry.pushedAt < maxAgeMs) continue;
      this.legs.delete(leg);
      expired.push({ legCallId: leg, ownerPbxUserId: entry.owner });
    }
    return expired;
  }
}
