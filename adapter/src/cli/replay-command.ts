import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isSupportedCountry } from 'libphonenumber-js';
import { PROJECTION_FIELDS, type CallDataProjection } from '../core/call-data.ts';
import {
  correlateEvent,
  createCorrelatorState,
  expireCalls,
  flushAll,
  type CorrelatorOptions
} from '../core/correlate-call.ts';
import { normalizeEvent, type KazooCallEvent } from '../core/normalize-event.ts';
import { parseFormBody } from '../http/form-fields.ts';

const USAGE = 'usage: cti-adapter replay --events FILE [--region US] [--grace SECONDS]\n';
const SHOWN_REJECTS = 10;
/** A line that is a form-encoded webhook delivery rather than JSON. */
const FORM_BODY = /^(?![{"[])(?:.*&)?hook_event=/;

interface ReplayArgs {
  file: string;
  options: CorrelatorOptions;
}

function parse(args: string[]): ReplayArgs | string {
  let values: { events?: string; region?: string; grace?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: { events: { type: 'string' }, region: { type: 'string' }, grace: { type: 'string' } },
      strict: true,
      allowPositionals: false
    }));
  } catch (error) {
    return (error as Error).message;
  }
  if (!values.events) return 'missing --events FILE';
  const region = (values.region ?? 'US').toUpperCase();
  if (!isSupportedCountry(region)) return `unknown region '${values.region}' (use an ISO country code such as US)`;
  const grace = Number(values.grace ?? '0');
  if (!Number.isFinite(grace) || grace < 0) return `--grace must be a number of seconds ≥ 0, got '${values.grace}'`;
  return { file: values.events, options: { defaultRegion: region, graceMs: grace * 1000 } };
}

/** JSON of a projection with keys in the contract's order, so output is byte-stable. */
function printable(projection: CallDataProjection): string {
  return JSON.stringify(Object.fromEntries(PROJECTION_FIELDS.map((field) => [field, projection[field]])));
}

function readEvents(text: string, rejects: Map<string, number>): { events: KazooCallEvent[]; read: number } {
  const events: KazooCallEvent[] = [];
  let read = 0;
  let shown = 0;
  for (const [index, rawLine] of text.split(/\r?\n/).entries()) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    read += 1;
    let value: unknown;
    let result: ReturnType<typeof normalizeEvent>;
    try {
      // A webhook's form-data body, as Kazoo's delivery attempts keep it (`req_body`), or JSON.
      value = FORM_BODY.test(line) ? parseFormBody(line) : JSON.parse(line);
      result = normalizeEvent(value);
    } catch {
      result = { ok: false, reason: 'not JSON' };
    }
    if (result.ok) {
      events.push(result.event);
      continue;
    }
    rejects.set(result.reason, (rejects.get(result.reason) ?? 0) + 1);
    if (shown++ < SHOWN_REJECTS) process.stderr.write(`replay: line ${index + 1} rejected: ${result.reason}\n`);
  }
  return { events, read };
}

export interface ReplayResult {
  /** The final record of every call participation, sorted by CallId__c. */
  records: CallDataProjection[];
  read: number;
  rejects: Map<string, number>;
  duplicates: number;
}

/**
 * Folds Kazoo events, one a line (blackhole frames, their `data`, webhook payloads as JSON or as
 * form-data bodies), into the final CallData__c records, with no network. The clock follows event
 * time (events are replayed in time order), so the grace period behaves as live.
 */
export function replayLines(text: string, options: CorrelatorOptions): ReplayResult {
  const rejects = new Map<string, number>();
  const { events, read } = readEvents(text, rejects);
  events.sort((a, b) => a.timeMs - b.timeMs);
  const records = new Map<string, CallDataProjection>();
  const keep = (projections: CallDataProjection[]): void => {
    for (const projection of projections) records.set(projection.CallId__c, projection);
  };
  let state = createCorrelatorState();
  let clock = Number.NEGATIVE_INFINITY;
  let duplicates = 0;
  for (const event of events) {
    if (event.timeMs > clock) {
      clock = event.timeMs;
      const expired = expireCalls(state, clock, options);
      state = expired.state;
      keep(expired.projections);
    }
    const result = correlateEvent(state, event, clock, options);
    state = result.state;
    if (result.duplicate) duplicates += 1;
    keep(result.projections);
  }
  keep(flushAll(state, options).projections);
  const sorted = [...records.keys()].sort().map((callId) => records.get(callId) as CallDataProjection);
  return { records: sorted, read, rejects, duplicates };
}

/**
 * `cti-adapter replay --events FILE`: prints the final record of every call participation in
 * FILE (see {@link replayLines}), one JSON line each, and a summary on stderr.
 */
export async function run(args: string[]): Promise<number> {
  const parsed = parse(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`cti-adapter replay: ${parsed}\n${USAGE}`);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(parsed.file, 'utf8');
  } catch (error) {
    process.stderr.write(`cti-adapter replay: cannot read ${parsed.file}: ${(error as Error).message}\n`);
    return 2;
  }
  const { records, read, rejects, duplicates } = replayLines(text, parsed.options);
  process.stdout.write(records.map((record) => `${printable(record)}\n`).join(''));
  const rejected = [...rejects.values()].reduce((sum, count) => sum + count, 0);
  const reasons = [...rejects.entries()].map(([reason, count]) => `${reason} ×${count}`).join('; ');
  process.stderr.write(
    `replay: ${read} events read, ${rejected} rejected${reasons ? ` (${reasons})` : ''}, ` +
      `${duplicates} duplicates dropped, ${records.length} records\n`
  );
  return 0;
}
