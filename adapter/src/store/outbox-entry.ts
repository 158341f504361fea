/** The rows of the outbox and dead-letter tables, as the sink sees them. */
import type { CallDataProjection } from '../core/call-data.ts';

/** The caller lookup fields a record gets (Contact__c, Lead__c, Account__c), null where nothing matched. */
export type StoredCallerMatch = Readonly<Partial<Record<'Contact__c' | 'Lead__c' | 'Account__c', string | null>>>;

export interface OutboxEntry {
  callId: string;
  seq: number;
  record: CallDataProjection;
  /** True until Salesforce has confirmed any state of this record (ringing goes out at once then). */
  firstWrite: boolean;
  /** True until a confirmed write of this record carried its caller match (or it needs none). */
  matchPending: boolean;
  /** The caller match found for this record, kept so a retry never searches again. */
  callerMatch: StoredCallerMatch | null;
  attempts: number;
  enqueuedAt: number;
  dueAt: number;
  lastError: string | null;
}

export interface DeadLetter {
  id: number;
  callId: string;
  seq: number;
  reason: string;
  failedAt: number;
}

/** What Salesforce confirmed for one record. */
export interface Confirmation {
  callId: string;
  seq: number;
  /** The write carried the caller match (or the record needs none): later writes leave it alone. */
  matchWritten: boolean;
}

export interface OutboxRow {
  call_id: string;
  seq: number;
  record: string;
  first_write: number;
  match_pending: number;
  caller_match: string | null;
  attempts: number;
  enqueued_at: number;
  due_at: number;
  last_error: string | null;
}

export function toOutboxEntry(row: OutboxRow): OutboxEntry {
  return {
    callId: row.call_id,
    seq: row.seq,
    record: JSON.parse(row.record) as CallDataProjection,
    firstWrite: row.first_write === 1,
    matchPending: row.match_pending === 1,
    callerMatch: row.caller_match === null ? null : (JSON.parse(row.caller_match) as StoredCallerMatch),
    attempts: row.attempts,
    enqueuedAt: row.enqueued_at,
    dueAt: row.due_at,
    lastError: row.last_error
  };
}
