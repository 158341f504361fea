/**
 * How the inbox stores an accepted event: the normalized event (what the correlator folds) as a
 * JSON array of its field values in a fixed order, behind a form number, instead of the Kazoo
 * frame as it arrived. A frame carries routing keys, switch and media-server names, SIP headers
 * and every CCV, and each field's name; the pipeline bench's frames average 1,696 characters and
 * their stored form about 40% of that. Those bytes were a quarter of the pipeline's time (SQLite
 * writes each one to the WAL and again into the file at the checkpoint). The frame itself is not
 * needed again: an event was validated and normalized before it was accepted, and a replay folds
 * exactly what the first fold did, without normalizing again.
 *
 * A store written before this form keeps frames in its inbox: read back, a JSON object is a frame
 * (normalized again), an array is this form. A later change of the fields takes a new form number
 * and keeps reading this one.
 */
import { CALL_EVENT_NAMES, type KazooCallEvent } from '../core/kazoo-call-event.ts';

/** The form number of {@link INBOX_EVENT_FIELDS}, the first element of every stored event. */
const INBOX_EVENT_FORM = 1;

/** Every field of a {@link KazooCallEvent}, in the order form 1 stores them. Never reorder: append under a new form. */
const INBOX_EVENT_FIELDS = [
  'eventName',
  'callId',
  'msgId',
  'timeMs',
  'channelCreatedTimeMs',
  'accountId',
  'callDirection',
  'callerIdNumber',
  'callerIdName',
  'calleeIdNumber',
  'calleeIdName',
  'otherLegCallId',
  'request',
  'to',
  'from',
  'presenceId',
  'channelName',
  'isLoopback',
  'callForward',
  'disposition',
  'hangupCause',
  'hangupCode',
  'billingSeconds',
  'durationSeconds',
  'ringingSeconds',
  'ownerId',
  'bridgeId',
  'interactionId',
  'authorizingId',
  'authorizingType',
  'inception',
  'resourceId',
  'resourceType',
  'globalResource',
  'username',
  'referredBy',
  'mediaRecordings',
  'applicationVars'
] as const satisfies readonly (keyof KazooCallEvent)[];

/** Fails to compile when a field of KazooCallEvent is missing from the list (it would be lost on replay). */
type UnstoredField = Exclude<keyof KazooCallEvent, (typeof INBOX_EVENT_FIELDS)[number]>;
const everyFieldStored: [UnstoredField] extends [never] ? true : UnstoredField = true;
void everyFieldStored;

const EVENT_NAMES: ReadonlySet<string> = new Set(CALL_EVENT_NAMES);

/** The text the inbox stores for a normalized event. */
export function encodeInboxEvent(event: KazooCallEvent): string {
  const values: unknown[] = [INBOX_EVENT_FORM];
  for (const field of INBOX_EVENT_FIELDS) values.push(event[field]);
  return JSON.stringify(values);
}

/** Whether a stored value (the inbox text, parsed) is in an event form rather than a Kazoo frame. */
export function isInboxEventForm(stored: unknown): stored is unknown[] {
  return Array.isArray(stored);
}

/**
 * The event a stored form holds, or null when it is not one this version reads (another form
 * number, or not the shape {@link encodeInboxEvent} writes).
 */
export function decodeInboxEvent(stored: unknown): KazooCallEvent | null {
  if (!Array.isArray(stored) || stored[0] !== INBOX_EVENT_FORM || stored.length !== INBOX_EVENT_FIELDS.length + 1)
    return null;
  const values: readonly unknown[] = stored;
  const event: Record<string, unknown> = {};
  INBOX_EVENT_FIELDS.forEach((field, index) => (event[field] = values[index + 1]));
  const { eventName, callId, msgId, timeMs, mediaRecordings, applicationVars } = event;
  if (typeof eventName !== 'string' || !EVENT_NAMES.has(eventName)) return null;
  if (typeof callId !== 'string' || typeof msgId !== 'string' || typeof timeMs !== 'number') return null;
  if (!Array.isArray(mediaRecordings) || typeof applicationVars !== 'object' || applicationVars === null) return null;
  // A normalized event's application vars have no prototype (so `__proto__` is a plain key); JSON.parse gives one.
  event.applicationVars = Object.assign(Object.create(null) as Record<string, string>, applicationVars);
  return event as unknown as KazooCallEvent;
}
