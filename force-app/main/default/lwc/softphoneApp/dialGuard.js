// Rules that keep one click one call: a dial in flight blocks the next, and the same number again within a
// few seconds is asked about first (an impatient double click, or a click-to-dial fired twice).

/** How long after a dial the same number asks before it is dialled again. */
export const REDIAL_CONFIRM_MS = 10_000;
/** How long a placed dial waits for its outbound call record (the PBX rings the agent's phone first). */
const PLACED_KEPT_MS = 120_000;

/** Seconds since the same number was dialled, when that is recent enough to ask; otherwise null. */
export function recentRedialSeconds(placed, number, nowMs) {
  const last = placed.filter((p) => p.number === number).pop();
  if (!last || nowMs - last.at >= REDIAL_CONFIRM_MS) return null;
  return Math.max(0, Math.round((nowMs - last.at) / 1000));
}

/** Remembers a dial the PBX accepted, keeping only the recent ones. */
export function withPlaced(placed, dial, nowMs) {
  return [...placed.filter((p) => nowMs - p.at < PLACED_KEPT_MS), dial];
}

/**
 * An outbound call placed from this softphone: its card shows the record it was dialled for (the Open CTI
 * payload or the page carried the name), and that the agent's own phone rings first (Kazoo quickcall).
 */
export function withDialContext(call, placed) {
  if (call.direction !== 'Outbound') return call;
  const dial = placed.filter((p) => p.number === call.externalNumber).pop();
  if (!dial) return call;
  return {
    ...call,
    dialledHere: true,
    matchedName: call.matchedName || dial.recordName || null,
    pickedRecordId: call.pickedRecordId || dial.recordId || null
  };
}
