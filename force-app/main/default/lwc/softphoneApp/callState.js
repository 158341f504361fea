// Pure rules of the softphone's call state, kept apart from the container so they read on their own.
import { PRIVATE_NUMBER, formatNumber, isIncoming, isPrivateNumber } from 'c/callFormat';

export const DEFAULT_SETTINGS = { historyPageSize: 20, defaultRegion: '', newCallerObject: 'Lead', ringtone: true };
const NEW_CALLER_OBJECTS = new Set(['Lead', 'Contact']);

/** Reads the call center's `Kazoo Softphone Settings` section (getCallCenterSettings keys are paths). */
export function readSettings(settings) {
  const size = parseInt(settings && settings['/kazooSettings/historyPageSize'], 10);
  const region = settings && settings['/kazooSettings/defaultRegion'];
  const newCaller = settings && String(settings['/kazooSettings/newCallerObject'] || '').trim();
  return {
    historyPageSize: size >= 1 && size <= 50 ? size : DEFAULT_SETTINGS.historyPageSize,
    defaultRegion: typeof region === 'string' ? region.trim().toUpperCase() : DEFAULT_SETTINGS.defaultRegion,
    // Unknown callers become this object (review #41): Lead unless the call center says Contact.
    newCallerObject: NEW_CALLER_OBJECTS.has(newCaller) ? newCaller : DEFAULT_SETTINGS.newCallerObject,
    // The ringtone of a ring in a hidden tab (review #40) is on unless the call center turns it off.
    ringtone:
      String((settings && settings['/kazooSettings/ringtone']) ?? 'true')
        .trim()
        .toLowerCase() !== 'false'
  };
}

const LIVE = new Set(['Connected', 'OnHold']);

/**
 * The call the agent is on first (its timer and actions stay at the top of a 460 px panel while others ring:
 * ux-walk #28), then newest first, by ring start.
 */
export function sortCalls(calls) {
  return [...calls].sort(
    (a, b) =>
      Number(LIVE.has(b.status)) - Number(LIVE.has(a.status)) ||
      String(b.ringStartedAt || '').localeCompare(String(a.ringStartedAt || ''))
  );
}

/** An event only carries PushTopic fields: keep what the remoting view knew (matchedName, notes, pick). */
export function mergeCall(known, update) {
  return { ...(known || {}), ...update };
}

/**
 * The call after the agent's pick was saved (`linkCaller`): only the match fields come from the answer, so a
 * status event that arrived meanwhile is not rolled back; the picked name stays when the server has none.
 */
export function withLinkedCaller(call, saved) {
  return {
    ...call,
    contactId: saved.contactId || null,
    leadId: saved.leadId || null,
    accountId: saved.accountId || null,
    matchedName: saved.matchedName || call.matchedName,
    matchSaved: true
  };
}

/** The call after "None of these": it names no record, and the card offers none to open. */
export function withoutCaller(call) {
  return {
    ...call,
    contactId: null,
    leadId: null,
    accountId: null,
    pickedRecordId: null,
    matchedName: null,
    matchCount: 0,
    matchSaved: false
  };
}

/** Ringing towards the agent: an inbound call or a colleague's internal call. */
export function isInboundRinging(call) {
  return call.status === 'Ringing' && isIncoming(call);
}

/** Calls the agent talked on, or placed, get a wrap-up form; missed or elsewhere-answered rings do not. */
export function needsWrapUp(call) {
  return call.status === 'Ended' && Boolean(call.answeredAt || call.direction === 'Outbound');
}

/** What the utility bar item says and shows, from the open calls. */
export function panelState(openCalls) {
  const ringing = openCalls.find(isInboundRinging);
  if (ringing) {
    const who = isPrivateNumber(ringing) ? PRIVATE_NUMBER : formatNumber(ringing.externalNumber);
    return { label: `Ringing: ${who}`, icon: 'call' };
  }
  const live = openCalls.find((c) => c.status === 'Connected' || c.status === 'OnHold');
  if (live) return { label: live.status === 'OnHold' ? 'On hold' : 'On a call', icon: 'call' };
  if (openCalls.length) return { label: 'Calling…', icon: 'call' };
  // Idle is a phone ready to ring, never a hang-up icon (review #23).
  return { label: 'Phone', icon: 'phone_portrait' };
}

/** The history after a `getHistory` page: a new list on reset, appended otherwise; a failed load (null) keeps it. */
export function withHistoryPage(history, page, reset) {
  const calls = page ? page.calls : [];
  return {
    ...history,
    calls: reset ? calls : [...history.calls, ...calls],
    hasMore: Boolean(page && page.hasMore),
    nextBefore: page ? page.nextBefore : history.nextBefore,
    loading: false,
    loaded: true
  };
}

export function errorText(error) {
  if (!error) return 'Something went wrong.';
  return typeof error === 'string' ? error : error.message || String(error);
}
