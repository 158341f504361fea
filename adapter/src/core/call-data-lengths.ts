import type { CallDataProjection } from './call-data.ts';

/**
 * How many characters each text field of CallData__c holds, from the package metadata
 * (force-app/main/default/objects/CallData__c/fields/*.field-meta.xml `<length>`; a Phone field
 * holds 40, Salesforce "Custom Field Types"). The one place the adapter knows them: a test checks
 * this table against the metadata, so a changed field length cannot go unnoticed.
 */
export const CALL_DATA_TEXT_LENGTHS = {
  CallId__c: 255,
  InteractionId__c: 80,
  ExternalNumber__c: 40,
  FromNumber__c: 40,
  FromName__c: 255,
  ToNumber__c: 40,
  ToName__c: 255,
  HangupCause__c: 80,
  PbxUserId__c: 64,
  Extension__c: 20,
  PbxAccountId__c: 64,
  Source__c: 40,
  RecordingId__c: 255,
  RelatedRecordId__c: 18
} as const satisfies Partial<Record<keyof CallDataProjection, number>>;

type TextField = keyof typeof CALL_DATA_TEXT_LENGTHS;
const TEXT_FIELDS = Object.keys(CALL_DATA_TEXT_LENGTHS) as TextField[];
const tooLong = (value: unknown, length: number): boolean => typeof value === 'string' && value.length > length;

/** `value` cut to `length` UTF-16 units, never splitting a surrogate pair. */
export function clipText(value: string, length: number): string {
  if (value.length <= length) return value;
  const cut = value.slice(0, length);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/**
 * A projection whose every text value fits its field, so Salesforce never rejects the record
 * with STRING_TOO_LONG (which would make it a dead letter): whatever Kazoo sends is clipped.
 */
export function clipProjection(projection: CallDataProjection): CallDataProjection {
  // Nearly every record fits: it is copied only when a value must be cut, never changed.
  if (!TEXT_FIELDS.some((field) => tooLong(projection[field], CALL_DATA_TEXT_LENGTHS[field]))) return projection;
  const clipped = { ...projection };
  for (const field of TEXT_FIELDS) {
    const value = clipped[field];
    if (typeof value === 'string') (clipped[field] as string) = clipText(value, CALL_DATA_TEXT_LENGTHS[field]);
  }
  return clipped;
}
