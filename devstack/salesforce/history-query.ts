/**
 * getHistory as the package answers it (CallHistoryQuery.cls + CallDataSelector.selectHistoryOfCurrentUser): the
 * same WHERE and ORDER BY, written as SOQL text with literals and run by the stand-in's SOQL engine, so paging by
 * (RingStartedAt__c, Id), the search and the day range behave here as the query does in the org. Refusals use the
 * Apex texts. Days are UTC days here (the org uses the agent's time zone; the stand-in's users have none).
 */
import { RemoteActionError } from './remote-action-error.ts';

const DAY = 86_400_000;
const FILTERS = new Set(['all', 'today', 'missed']);
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const SALESFORCE_ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;
const MAX_SEARCH_LENGTH = 80;
const MIN_SEARCH_DIGITS = 3;

export interface HistoryRequest {
  limitSize: unknown;
  beforeTimestamp: unknown;
  filter: unknown;
  search: unknown;
  fromDay: unknown;
  toDay: unknown;
}

/** A SOQL string literal: backslashes and quotes escaped (SOQL and SOSL Reference, "Quoted String Escape Sequences"). */
const quoted = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const soqlDatetime = (ms: number) => new Date(ms).toISOString();

/** Remoting hands the arguments as JSON: a string, or anything else that is then refused as text. */
const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

function parseDay(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const text = asText(value).trim();
  const at = ISO_DAY.test(text) ? Date.parse(`${text}T00:00:00Z`) : NaN;
  if (Number.isNaN(at)) throw new RemoteActionError(`"${asText(value)}" is not a day such as 2026-01-31.`);
  return at;
}

function parseCursor(value: unknown): { at: number; id: string | null } | null {
  if (value === null || value === undefined || value === '') return null;
  const cursor = asText(value);
  const [timestamp = '', id = ''] = cursor.split('|').map((part) => part.trim());
  const at = ISO_TIMESTAMP.test(timestamp) ? Date.parse(timestamp) : NaN;
  if (Number.isNaN(at)) {
    throw new RemoteActionError(`"${timestamp}" is not an ISO-8601 timestamp such as 2026-01-31T09:30:00Z.`);
  }
  if (id && !SALESFORCE_ID.test(id)) throw new RemoteActionError(`The history position "${cursor}" is not valid.`);
  return { at, id: id || null };
}

/** The page size and the SOQL that reads one page of `ownerId`'s calls (page size plus one rows). */
export function historySoql(ownerId: string, request: HistoryRequest, now: number): { pageSize: number; soql: string } {
  const { limitSize } = request;
  const pageSize = limitSize === null || limitSize === undefined ? 20 : Number(limitSize);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 50) {
    throw new RemoteActionError('Ask for 1 to 50 calls at a time.');
  }
  const view =
    typeof request.filter === 'string' && request.filter.trim() ? request.filter.trim().toLowerCase() : 'all';
  if (!FILTERS.has(view)) {
    throw new RemoteActionError(`Unknown history filter "${asText(request.filter)}": use all, today or missed.`);
  }
  const first = parseDay(request.fromDay);
  const last = parseDay(request.toDay);
  if (first !== null && last !== null && first > last) {
    throw new RemoteActionError('The first day of the range is after the last day.');
  }
  const today = Math.floor(now / DAY) * DAY;
  const since = view === 'today' ? Math.max(today, first ?? today) : (first ?? 0);
  const until = last === null ? now + DAY : last + DAY;
  const where = [
    `OwnerId = ${quoted(ownerId)}`,
    `RingStartedAt__c >= ${soqlDatetime(since)}`,
    `RingStartedAt__c < ${soqlDatetime(until)}`
  ];
  const cursor = parseCursor(request.beforeTimestamp);
  if (cursor) {
    const at = soqlDatetime(cursor.at);
    where.push(
      cursor.id
        ? `(RingStartedAt__c < ${at} OR (RingStartedAt__c = ${at} AND Id < ${quoted(cursor.id)}))`
        : `RingStartedAt__c < ${at}`
    );
  }
  if (view === 'missed') where.push("Result__c = 'Missed'");
  const search = typeof request.search === 'string' ? request.search.trim() : '';
  if (search.length > MAX_SEARCH_LENGTH) {
    throw new RemoteActionError(`Search for at most ${MAX_SEARCH_LENGTH} characters of a number or a name.`);
  }
  if (search) {
    const name = quoted(`%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    // Numbers are stored in E.164; a national number's trunk prefix 0 (020 7946 0958) is not in it.
    const digits = search.replace(/[^0-9]/g, '').replace(/^0+/, '');
    const matches = ['FromName__c', 'ToName__c', 'Contact__r.Name', 'Lead__r.Name', 'Account__r.Name'].map(
      (field) => `${field} LIKE ${name}`
    );
    if (digits.length >= MIN_SEARCH_DIGITS) matches.push(`ExternalNumber__c LIKE ${quoted(`%${digits}%`)}`);
    where.push(`(${matches.join(' OR ')})`);
  }
  return {
    pageSize,
    soql: `SELECT Id, RingStartedAt__c FROM CallData__c WHERE ${where.join(' AND ')} ORDER BY RingStartedAt__c DESC, Id DESC LIMIT ${pageSize + 1}`
  };
}
