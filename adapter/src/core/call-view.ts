import type { Direction } from './call-data.ts';
import type { LegSummary } from './summarize-leg.ts';

/** Causes of legs that only rang while another leg took the call (kazoo.md §4 rule 4, C5). */
const RINGING_ATTEMPT_CAUSES = new Set(['LOSE_RACE', 'PICKED_OFF']);

/** One call as the projection sees it: which leg is which, and who took part. */
export interface CallView {
  aLeg: LegSummary | null;
  /** Non-loopback legs other than the A-leg, and forwarded phones. */
  bLegs: LegSummary[];
  /** The other `-quickcall` legs of a click-to-dial: the agent's own devices that rang too. */
  siblingLegs: LegSummary[];
  /** B-legs to a user's device: the agents offered the call. */
  agentLegs: LegSummary[];
  /** B-legs to a carrier or elsewhere outside the account's users. */
  farLegs: LegSummary[];
  /** Legs that took the call (answered and bridged), never loopback or ringing attempts. */
  winners: Set<string>;
  direction: Direction;
  isQuickcall: boolean;
  /** The calling agent for outbound and internal calls. */
  callerId: string | null;
  all: LegSummary[];
}

/**
 * A user's forwarded phone: a loopback endpoint with the user's Owner-ID and Call-Forward
 * (kz_endpoint.erl create_call_fwd_endpoint/3, maybe_set_call_forward/1). Unlike stepswitch's
 * loopback plumbing it is that agent's leg; loopback legs without an owner stay plumbing (C6).
 */
export function isForwardedPhone(leg: LegSummary): boolean {
  return leg.isLoopback && leg.callForward && leg.ownerId !== null;
}

/**
 * The far half of loopback plumbing seen without the call that made it: no leg of it called in
 * (every non-loopback leg is one the switch dialled, `outbound`), and an ownerless loopback leg
 * bridged to one of them. A forwarded phone or stepswitch dials through `loopback/…`; the far half
 * and what it dials share only the interaction id with the call, and webhooks carry none
 * (Call-Interaction-ID is a reserved CCV), so they arrive as a call of their own. The call that
 * dialled the loopback has the records.
 */
export function isLoopbackFragment(view: CallView): boolean {
  const dialled = view.all.filter((leg) => leg.seen && !leg.isLoopback);
  if (dialled.length === 0 || dialled.some((leg) => leg.callDirection !== 'outbound')) return false;
  const ids = new Set(dialled.map((leg) => leg.callId));
  return view.all.some(
    (leg) => leg.seen && leg.isLoopback && leg.ownerId === null && leg.bridgedTo.some((id) => ids.has(id))
  );
}

/** A leg that can be the agent's or the far party's: not stepswitch's loopback plumbing. */
const isParty = (leg: LegSummary): boolean => !leg.isLoopback || isForwardedPhone(leg);

function isResourceLeg(leg: LegSummary): boolean {
  return leg.resourceId !== null || leg.globalResource === true || (leg.resourceType?.startsWith('offnet') ?? false);
}

const isAgentLeg = (leg: LegSummary): boolean => leg.ownerId !== null && !isResourceLeg(leg);

/**
 * The A-leg starts the conversation: its bridge id is its own call id or absent (C2). With
 * several candidates, the one other legs point at wins, then the earliest.
 */
function pickALeg(legs: readonly LegSummary[]): LegSummary | null {
  const candidates = legs.filter(
    (leg) => leg.seen && !leg.isLoopback && (leg.bridgeId === null || leg.bridgeId === leg.callId)
  );
  // How many other legs name each leg as their bridge id, counted once (not per comparison: a call
  // can gather hundreds of legs).
  const pointing = new Map<string, number>();
  for (const other of legs)
    if (other.bridgeId !== null && other.bridgeId !== other.callId)
      pointing.set(other.bridgeId, (pointing.get(other.bridgeId) ?? 0) + 1);
  const pointers = (leg: LegSummary): number => pointing.get(leg.callId) ?? 0;
  candidates.sort(
    (a, b) =>
      pointers(b) - pointers(a) ||
      (a.createdAtMs ?? Infinity) - (b.createdAtMs ?? Infinity) ||
      (a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : 0)
  );
  return candidates[0] ?? null;
}

function findWinners(legs: readonly LegSummary[], aLeg: LegSummary | null, siblings: LegSummary[]): Set<string> {
  const bridged = new Set<string>();
  for (const leg of legs) for (const id of leg.bridgedTo) bridged.add(id);
  const winners = new Set<string>();
  for (const leg of legs) {
    if (!leg.seen || !isParty(leg) || leg === aLeg || siblings.includes(leg)) continue;
    if (RINGING_ATTEMPT_CAUSES.has(leg.hangupCause ?? '')) continue;
    if (leg.answeredAtMs !== null || bridged.has(leg.callId)) winners.add(leg.callId);
  }
  return winners;
}

function callDirection(
  aLeg: LegSummary | null,
  agentLegs: LegSummary[],
  farLegs: LegSummary[],
  quick: boolean
): Direction {
  if (!aLeg) {
    const fromOutside = agentLegs.some((leg) => leg.inception !== null);
    return !fromOutside && farLegs.some(isResourceLeg) ? 'Outbound' : 'Inbound';
  }
  const fromOutside =
    !quick &&
    (aLeg.authorizingType === null ||
      aLeg.authorizingType === 'resource' ||
      aLeg.inception !== null ||
      aLeg.resourceType === 'offnet-origination');
  if (fromOutside) return 'Inbound';
  if (farLegs.length === 0 && agentLegs.length > 0) return 'Internal';
  return 'Outbound';
}

/** Classifies the legs of one call (kazoo.md §6, C2, C5, C6, C9, C10). */
export function buildCallView(legs: readonly LegSummary[]): CallView {
  const aLeg = pickALeg(legs);
  const isQuickcall = aLeg !== null && (aLeg.callId.endsWith('-quickcall') || aLeg.authorizingType === 'user');
  // A user with several devices gets one `-quickcall` leg per device (cb_quickcall.erl
  // update_quickcall_endpoints/2); the ones that did not answer are the caller's, not callees.
  const siblingLegs: LegSummary[] = [];
  const bLegs: LegSummary[] = [];
  const agentLegs: LegSummary[] = [];
  const farLegs: LegSummary[] = [];
  // One pass instead of a filter per list (this runs on every event): a seen leg other than the
  // A-leg is a sibling, else a B-leg if it is a party, and then the agent's or the far party's.
  for (const leg of legs) {
    if (!leg.seen || leg === aLeg) continue;
    if (isQuickcall && leg.callId.endsWith('-quickcall')) siblingLegs.push(leg);
    else if (isParty(leg)) {
      bLegs.push(leg);
      (isAgentLeg(leg) ? agentLegs : farLegs).push(leg);
    }
  }
  const direction = callDirection(aLeg, agentLegs, farLegs, isQuickcall);
  const callerId =
    direction === 'Inbound' || !aLeg
      ? null
      : (aLeg.ownerId ?? (aLeg.authorizingType === 'user' ? aLeg.authorizingId : null));
  return {
    aLeg,
    bLegs,
    siblingLegs,
    agentLegs,
    farLegs,
    winners: findWinners(legs, aLeg, siblingLegs),
    direction,
    isQuickcall,
    callerId,
    all: [...legs]
  };
}
