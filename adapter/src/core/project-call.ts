import type { CountryCode } from 'libphonenumber-js';
import { UNASSIGNED, type CallDataProjection, type CallResult, type CallStatus } from './call-data.ts';
import { buildCallView, isLoopbackFragment, type CallView } from './call-view.ts';
import { clipProjection } from './call-data-lengths.ts';
import { PRIVATE_NUMBER_NAME, formatNumber, isWithheld, userPart } from './format-number.ts';
import { RELATED_RECORD_VAR } from './kazoo-call-event.ts';
import type { LegSummary } from './summarize-leg.ts';

export interface ProjectionContext {
  interactionId: string;
  /** LastEventSeq__c for every record of this call at this moment. */
  seq: number;
  /** True once the call is over: every record is Ended and gets its final values. */
  finalized: boolean;
  defaultRegion: CountryCode;
  source: string;
}

/** The CAV a click-to-dial sets (kazoo.md C12); the Kazoo provider writes the same name. */
export { RELATED_RECORD_VAR };
const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

type Draft = Omit<
  CallDataProjection,
  | 'CallId__c'
  | 'InteractionId__c'
  | 'Direction__c'
  | 'PbxAccountId__c'
  | 'Source__c'
  | 'RelatedRecordId__c'
  | 'LastEventSeq__c'
>;

/**
 * The last texts of times, by the time's low bits: a call's records show the same few times on
 * every event (its ring start on each projection of each of its events), and a Date and its text
 * per field per projection was 9% of the fold in the pipeline bench. Only a memo: the text
 * is always what toISOString gives for that time.
 */
const ISO_SLOTS = 1_024;
const isoTimes = new Float64Array(ISO_SLOTS).fill(Number.NaN);
const isoTexts: string[] = new Array<string>(ISO_SLOTS).fill('');

function iso(ms: number | null): string | null {
  if (ms === null) return null;
  const slot = ((ms % ISO_SLOTS) | 0) & (ISO_SLOTS - 1);
  if (isoTimes[slot] === ms) return isoTexts[slot] as string;
  const text = new Date(ms).toISOString();
  isoTimes[slot] = ms;
  isoTexts[slot] = text;
  return text;
}
const secondsBetween = (from: number | null, to: number | null): number | null =>
  from === null || to === null ? null : Math.max(0, Math.round((to - from) / 1000));
const byAnswer = (a: LegSummary, b: LegSummary): number =>
  (a.answeredAtMs ?? Infinity) - (b.answeredAtMs ?? Infinity) || (a.callId < b.callId ? -1 : 1);
const isDestroyed = (leg: LegSummary): boolean => leg.destroyedAtMs !== null;
const byCallId = (a: LegSummary, b: LegSummary): number => (a.callId < b.callId ? -1 : 1);

// The loops below stand for filter/sort/map chains on every leg of every projection, which is run
// once per event: they pick the same legs the chains did, without the arrays and closures.

/** The leg of `legs` that took the call first (earliest answer, then call id), or null. */
function firstWinner(legs: readonly LegSummary[], winners: ReadonlySet<string>): LegSummary | null {
  let first: LegSummary | null = null;
  for (const leg of legs) if (winners.has(leg.callId) && (first === null || byAnswer(leg, first) < 0)) first = leg;
  return first;
}

/** The leg that ended last (a leg still up counts as 0), the later in `legs` on a tie, as a stable sort has it. */
function lastDestroyed(legs: readonly LegSummary[]): LegSummary | null {
  let last: LegSummary | null = null;
  for (const leg of legs) if (last === null || (leg.destroyedAtMs ?? 0) >= (last.destroyedAtMs ?? 0)) last = leg;
  return last;
}

function earliestCreated(legs: readonly LegSummary[]): number | null {
  let min: number | null = null;
  for (const leg of legs) {
    const value = leg.createdAtMs;
    if (value !== null) min = min === null ? value : Math.min(min, value);
  }
  return min;
}

/** The latest end of `legs`, else their latest event: when what they were part of ended. */
function latestEnd(legs: readonly LegSummary[]): number | null {
  let destroyed: number | null = null;
  let lastEvent: number | null = null;
  for (const leg of legs) {
    if (leg.destroyedAtMs !== null)
      destroyed = destroyed === null ? leg.destroyedAtMs : Math.max(destroyed, leg.destroyedAtMs);
    if (leg.lastEventMs !== null)
      lastEvent = lastEvent === null ? leg.lastEventMs : Math.max(lastEvent, leg.lastEventMs);
  }
  return destroyed ?? lastEvent;
}

const EXTENSION_DIGITS = /^\d{2,6}$/;

function extensionOf(leg: LegSummary | null): string | null {
  const presence = userPart(leg?.presenceId ?? null);
  if (presence !== null && EXTENSION_DIGITS.test(presence)) return presence;
  const callee = leg?.calleeIdNumber ?? null;
  return callee !== null && EXTENSION_DIGITS.test(callee) ? callee : null;
}

/** The first recording id of two legs, in their order: all a record shows of them. */
function firstRecording(a: LegSummary | null, b: LegSummary | null): string | null {
  return a?.mediaRecordings[0] ?? b?.mediaRecordings[0] ?? null;
}

/** Connected or OnHold, from the latest HOLD/UNHOLD on either side of the conversation. */
function connectedStatus(legs: (LegSummary | null)[]): CallStatus {
  let latest: { msgId: string; held: boolean } | null = null;
  for (const leg of legs) {
    const hold = leg?.lastHold;
    // The later leg's on the same msg_id, as a stable sort by msg_id puts it last.
    if (hold && (latest === null || compareMsgIds(hold.msgId, latest.msgId) >= 0)) latest = hold;
  }
  return latest?.held ? 'OnHold' : 'Connected';
}

const compareMsgIds = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/**
 * The caller as a record shows them: no number (so nothing offers a call-back) and a readable name
 * when the caller id was withheld; a name that is itself a withheld marker is no name either.
 */
function callerOf(leg: LegSummary | null, region: CountryCode) {
  const name = leg?.callerIdName ?? null;
  if (!isWithheld(leg?.callerIdNumber ?? null)) {
    const number = formatNumber(leg?.callerIdNumber ?? null, region);
    return { ExternalNumber__c: number, FromNumber__c: number, FromName__c: name };
  }
  const shownName = name === null || isWithheld(name) ? PRIVATE_NUMBER_NAME : name;
  return { ExternalNumber__c: null, FromNumber__c: null, FromName__c: shownName };
}

/**
 * Outbound outcome when the far end never answered (kazoo.md §4, call-level rule 3). A
 * click-to-dial that never reached the far end ends as the agent's own devices did.
 */
function unansweredOutcome(far: LegSummary[], aLeg: LegSummary | null, own: LegSummary[] = []): CallResult {
  const deciding = far.length > 0 ? far : [aLeg, ...own].filter((leg): leg is LegSummary => leg !== null);
  const causes = new Set(deciding.map((leg) => leg.hangupCause ?? ''));
  const has = (...names: string[]): boolean => names.some((name) => causes.has(name));
  if (has('USER_BUSY', 'CALL_REJECTED')) return 'Busy';
  if (has('NO_ANSWER', 'NO_USER_RESPONSE')) return 'NoAnswer';
  if (aLeg?.hangupCause === 'ORIGINATOR_CANCEL' || has('ORIGINATOR_CANCEL')) return 'Cancelled';
  return 'Failed';
}

/**
 * Seconds the conversation between `legs` spent on hold inside [fromMs, toMs]: the union of
 * their hold periods (either side may report the hold), an open period running to `toMs`.
 */
function holdSeconds(legs: (LegSummary | null)[], fromMs: number | null, toMs: number | null): number | null {
  if (fromMs === null) return null;
  // Most conversations are never on hold: nothing to add up.
  if (!legs.some((leg) => (leg?.holds.length ?? 0) > 0)) return 0;
  const end = toMs ?? Math.max(fromMs, ...legs.map((leg) => leg?.lastEventMs ?? fromMs));
  const periods = legs
    .flatMap((leg) => leg?.holds ?? [])
    .map((p) => [Math.max(fromMs, p.fromMs), Math.min(end, p.toMs ?? end)] as const)
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let reached = fromMs;
  for (const [from, to] of periods) {
    if (to <= reached) continue;
    total += to - Math.max(from, reached);
    reached = to;
  }
  return Math.round(total / 1000);
}

function talkSeconds(winner: LegSummary | null, ended: boolean, endedAt: number | null): number | null {
  if (!winner) return ended ? 0 : null;
  if (winner.destroyedAtMs !== null)
    return winner.billingSeconds ?? secondsBetween(winner.answeredAtMs, winner.destroyedAtMs);
  return ended ? secondsBetween(winner.answeredAtMs, endedAt) : null;
}

/** The record of an agent the call was offered to (inbound, or the callee of an internal call). */
function offeredDraft(view: CallView, agentId: string, ctx: ProjectionContext): Draft {
  const mine: LegSummary[] = [];
  for (const leg of view.agentLegs) if (leg.ownerId === agentId) mine.push(leg);
  mine.sort(byCallId);
  const won = firstWinner(mine, view.winners);
  const ended = ctx.finalized || mine.every(isDestroyed);
  const ringStart = earliestCreated(mine);
  const endedAt = ended ? latestEnd(mine) : null;
  const last = lastDestroyed(mine);
  const caller = view.aLeg ?? mine[0] ?? null;
  const status: CallStatus = ended ? 'Ended' : won ? connectedStatus([won, view.aLeg]) : 'Ringing';
  // The agent's ringing stopped (declined, or a one-at-a-time group moved on) while the caller is still on the
  // line and nobody took the call yet: a colleague may answer in a moment. Missed now would log a "Call back"
  // Task that this answer then makes wrong, so the result waits for the call's outcome.
  const outcomePending =
    ended &&
    !won &&
    !ctx.finalized &&
    view.winners.size === 0 &&
    view.aLeg !== null &&
    view.aLeg.destroyedAtMs === null;
  const result: CallResult | null = won
    ? 'Answered'
    : ended && !outcomePending
      ? view.winners.size > 0
        ? 'AnsweredElsewhere'
        : 'Missed'
      : null;
  const recording = won ? firstRecording(won, view.aLeg) : null;
  const shown = callerOf(caller, ctx.defaultRegion);
  return {
    Status__c: status,
    Result__c: result,
    ExternalNumber__c: shown.ExternalNumber__c,
    FromNumber__c: shown.FromNumber__c,
    FromName__c: shown.FromName__c,
    ToNumber__c: formatNumber(userPart(view.aLeg?.request ?? view.aLeg?.to ?? null), ctx.defaultRegion),
    ToName__c: (won ?? mine[0])?.calleeIdName ?? null,
    RingStartedAt__c: iso(ringStart),
    AnsweredAt__c: iso(won?.answeredAtMs ?? null),
    EndedAt__c: iso(endedAt),
    RingSeconds__c: secondsBetween(ringStart, won?.answeredAtMs ?? endedAt),
    TalkSeconds__c: talkSeconds(won, ended, endedAt),
    HoldSeconds__c: won
      ? holdSeconds([won, view.aLeg], won.answeredAtMs, won.destroyedAtMs ?? endedAt)
      : ended
        ? 0
        : null,
    DurationSeconds__c: ended ? secondsBetween(ringStart, endedAt) : null,
    HangupCause__c: (won ?? last)?.hangupCause ?? null,
    PbxUserId__c: agentId,
    Extension__c: extensionOf(mine[0] ?? null),
    RecordingId__c: recording,
    HasRecording__c: recording !== null
  };
}

/** The record of the agent who placed an outbound, internal or click-to-dial call. */
function callerDraft(view: CallView, agentId: string | null, ctx: ProjectionContext): Draft {
  const aLeg = view.aLeg;
  const far = (view.direction === 'Internal' ? view.agentLegs : view.farLegs).sort(byCallId);
  const farWon = firstWinner(far, view.winners);
  const ended = ctx.finalized || aLeg?.destroyedAtMs != null || farWon?.destroyedAtMs != null;
  const farDone = far.length > 0 && far.every(isDestroyed);
  // A click-to-dial rings from the agent's first device until the last one stopped (siblings).
  const own = aLeg ? [aLeg, ...view.siblingLegs] : [];
  const ringStart = earliestCreated(own.length > 0 ? own : far);
  const endedAt = ended ? latestEnd([...own, ...far]) : null;
  const firstFar = far[0] ?? null;
  const dialed = view.isQuickcall
    ? (userPart(firstFar?.request ?? firstFar?.to ?? null) ?? aLeg?.callerIdNumber ?? null)
    : (userPart(aLeg?.request ?? aLeg?.to ?? null) ?? userPart(firstFar?.request ?? firstFar?.to ?? null));
  const status: CallStatus = ended ? 'Ended' : farWon ? connectedStatus([aLeg, farWon]) : 'Ringing';
  const result: CallResult | null = farWon
    ? 'Answered'
    : ended || farDone
      ? unansweredOutcome(far, aLeg, view.siblingLegs)
      : null;
  const deciding = farWon ?? lastDestroyed(far);
  // A click-to-dial leg's caller id is the number it will dial; no caller id went out without a far leg.
  const fromLeg = view.direction === 'Outbound' ? (firstFar ?? (view.isQuickcall ? null : aLeg)) : aLeg;
  const recording = firstRecording(aLeg, farWon);
  return {
    Status__c: status,
    Result__c: result,
    ExternalNumber__c: formatNumber(dialed, ctx.defaultRegion),
    FromNumber__c: formatNumber(fromLeg?.callerIdNumber ?? null, ctx.defaultRegion),
    FromName__c: fromLeg?.callerIdName ?? null,
    ToNumber__c: formatNumber(dialed, ctx.defaultRegion),
    ToName__c: firstFar?.calleeIdName ?? null,
    RingStartedAt__c: iso(ringStart),
    AnsweredAt__c: iso(farWon?.answeredAtMs ?? null),
    EndedAt__c: iso(endedAt),
    RingSeconds__c: secondsBetween(ringStart, farWon?.answeredAtMs ?? endedAt),
    TalkSeconds__c: talkSeconds(farWon, ended, endedAt),
    HoldSeconds__c: farWon
      ? holdSeconds([aLeg, farWon], farWon.answeredAtMs, farWon.destroyedAtMs ?? endedAt)
      : ended
        ? 0
        : null,
    DurationSeconds__c: ended ? secondsBetween(ringStart, endedAt) : null,
    HangupCause__c: deciding?.hangupCause ?? aLeg?.hangupCause ?? null,
    PbxUserId__c: agentId,
    Extension__c: agentId ? extensionOf(aLeg) : null,
    RecordingId__c: recording,
    HasRecording__c: recording !== null
  };
}

/** The record of an inbound call no agent was offered (IVR hang-up, voicemail only, queue abandon). */
function unassignedInboundDraft(view: CallView, ctx: ProjectionContext): Draft {
  const seen = view.all.filter((leg) => leg.seen && !leg.isLoopback);
  const winner = firstWinner(view.farLegs, view.winners);
  const ringStart = earliestCreated(seen);
  const endedAt = latestEnd(seen);
  const caller = view.aLeg ?? seen[0] ?? null;
  const recording = firstRecording(view.aLeg, winner);
  const shown = callerOf(caller, ctx.defaultRegion);
  return {
    Status__c: 'Ended',
    Result__c: winner ? 'Answered' : 'Missed',
    ExternalNumber__c: shown.ExternalNumber__c,
    FromNumber__c: shown.FromNumber__c,
    FromName__c: shown.FromName__c,
    ToNumber__c: formatNumber(userPart(caller?.request ?? caller?.to ?? null), ctx.defaultRegion),
    ToName__c: null,
    RingStartedAt__c: iso(ringStart),
    AnsweredAt__c: iso(winner?.answeredAtMs ?? null),
    EndedAt__c: iso(endedAt),
    RingSeconds__c: secondsBetween(ringStart, winner?.answeredAtMs ?? endedAt),
    TalkSeconds__c: talkSeconds(winner, true, endedAt),
    HoldSeconds__c: winner ? holdSeconds([view.aLeg, winner], winner.answeredAtMs, winner.destroyedAtMs ?? endedAt) : 0,
    DurationSeconds__c: secondsBetween(ringStart, endedAt),
    HangupCause__c: view.aLeg?.hangupCause ?? null,
    PbxUserId__c: null,
    Extension__c: null,
    RecordingId__c: recording,
    HasRecording__c: recording !== null
  };
}

/** The related record id the A-leg carries, else the first other leg's. */
function relatedRecordId(view: CallView): string | null {
  let value = view.aLeg?.applicationVars[RELATED_RECORD_VAR];
  for (const leg of view.all) {
    if (value !== undefined) break;
    if (leg !== view.aLeg) value = leg.applicationVars[RELATED_RECORD_VAR];
  }
  return value !== undefined && SALESFORCE_ID.test(value) ? value : null;
}

/** The account of the A-leg, else of the first leg that names one. */
function accountOf(view: CallView): string {
  if (view.aLeg?.accountId) return view.aLeg.accountId;
  for (const leg of view.all) if (leg.accountId) return leg.accountId;
  return '';
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The record of one draft, every field named in the order the record has always had (the
 * fingerprints of what was emitted hash them in that order); a spread of the draft in the middle
 * of the literal is several times slower, and this runs for every record on every event.
 */
function toProjection(
  callId: string,
  direction: CallDataProjection['Direction__c'],
  draft: Draft,
  ctx: ProjectionContext,
  accountId: string,
  related: string | null
): CallDataProjection {
  return {
    CallId__c: callId,
    InteractionId__c: ctx.interactionId,
    Direction__c: direction,
    Status__c: draft.Status__c,
    Result__c: draft.Result__c,
    ExternalNumber__c: draft.ExternalNumber__c,
    FromNumber__c: draft.FromNumber__c,
    FromName__c: draft.FromName__c,
    ToNumber__c: draft.ToNumber__c,
    ToName__c: draft.ToName__c,
    RingStartedAt__c: draft.RingStartedAt__c,
    AnsweredAt__c: draft.AnsweredAt__c,
    EndedAt__c: draft.EndedAt__c,
    RingSeconds__c: draft.RingSeconds__c,
    TalkSeconds__c: draft.TalkSeconds__c,
    HoldSeconds__c: draft.HoldSeconds__c,
    DurationSeconds__c: draft.DurationSeconds__c,
    HangupCause__c: draft.HangupCause__c,
    PbxUserId__c: draft.PbxUserId__c,
    Extension__c: draft.Extension__c,
    RecordingId__c: draft.RecordingId__c,
    HasRecording__c: draft.HasRecording__c,
    PbxAccountId__c: accountId,
    Source__c: ctx.source,
    RelatedRecordId__c: related,
    LastEventSeq__c: ctx.seq
  };
}

/**
 * One projection per agent who took part in the call (an agent = a PBX user, the `owner_id` of
 * that agent's leg), or one `:unassigned` projection once a call that reached nobody is over.
 * `legs` must be sorted by call id so the result does not depend on arrival order.
 */
export function projectCall(legs: readonly LegSummary[], ctx: ProjectionContext): CallDataProjection[] {
  const view = buildCallView(legs);
  const drafts = new Map<string, Draft>();
  if (view.direction !== 'Inbound' && view.callerId) drafts.set(view.callerId, callerDraft(view, view.callerId, ctx));
  const offered = [...new Set(view.agentLegs.map((leg) => leg.ownerId as string))].sort();
  for (const agentId of offered) if (!drafts.has(agentId)) drafts.set(agentId, offeredDraft(view, agentId, ctx));
  if (drafts.size === 0 && ctx.finalized && !isLoopbackFragment(view)) {
    const draft = view.direction === 'Inbound' ? unassignedInboundDraft(view, ctx) : callerDraft(view, null, ctx);
    drafts.set(UNASSIGNED, draft);
  }
  const accountId = accountOf(view);
  const related = relatedRecordId(view);
  return [...drafts.keys()]
    .sort(byText)
    .map((agentId) =>
      clipProjection(
        toProjection(
          `${ctx.interactionId}:${agentId}`,
          view.direction,
          drafts.get(agentId) as Draft,
          ctx,
          accountId,
          related
        )
      )
    );
}
