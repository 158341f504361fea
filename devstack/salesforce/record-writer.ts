/**
 * Writes records the way the org does: field validation with Salesforce's error codes, upsert by
 * external id (300 on several matches), Private sharing, the CallData__c trigger (a write with a
 * lower LastEventSeq__c keeps the stored projected values: stale-write-rule.ts) and the call Task
 * logger, then reports the change so streaming can notify subscribers.
 */
import { ApiError } from './api-error.ts';
import { isId18 } from './ids.ts';
import type { FieldDef, ObjectDef } from './schema.ts';
import { visibleTo, type Viewer } from './soql.ts';
import type { OrgStore, SObjectRecord } from './store.ts';
import { closeCallBack, logCallTask } from './task-logger.ts';
import { keepNewerState } from './stale-write-rule.ts';

export interface RecordChange {
  sobject: string;
  type: 'created' | 'updated';
  before: SObjectRecord | null;
  after: SObjectRecord;
  changedFields: string[];
}

export interface WriteContext {
  store: OrgStore;
  schema: Record<string, ObjectDef>;
  viewer: Viewer;
  apiVersion: string;
  now: Date;
  onChange(change: RecordChange): void;
  /** Fault injection: true when this record's row lock should fail. */
  lockFails?(sobject: string, key: string): boolean;
}

function label(field: string): string {
  return field
    .replace(/__c$/, '')
    .replace(/Id$/, ' ID')
    .replace(/([a-z])([A-Z])/g, '$1 $2');
}

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function checkValue(name: string, def: FieldDef, value: unknown, store: OrgStore): unknown {
  if (value === null || value === undefined) return def.type === 'boolean' ? false : null;
  const parseError = (type: string) =>
    new ApiError(
      400,
      'JSON_PARSER_ERROR',
      `Cannot deserialize instance of ${type} from ${typeof value === 'string' ? 'VALUE_STRING' : 'VALUE'} value ${shown(value)} or request may be missing a required field`
    );
  switch (def.type) {
    case 'double':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
      throw parseError('double');
    case 'boolean':
      if (typeof value === 'boolean') return value;
      throw parseError('boolean');
    case 'datetime':
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
      throw parseError('datetime');
    case 'reference': {
      if (typeof value !== 'string' || !/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(value)) {
        throw new ApiError(400, 'MALFORMED_ID', `${label(name)}: id value of incorrect type: ${shown(value)}`, [name]);
      }
      const target = store.sobjectOf(value.length === 18 ? value : '') ?? '';
      if (!isId18(value) || !def.referenceTo?.includes(target)) {
        throw new ApiError(400, 'INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [name]);
      }
      return value;
    }
    case 'picklist':
      if (typeof value === 'string' && def.values?.includes(value)) return value;
      throw new ApiError(
        400,
        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        `${label(name)}: bad value for restricted picklist field: ${shown(value)}`,
        [name]
      );
    default: {
      if (typeof value !== 'string') throw parseError('string');
      if (def.length !== undefined && value.length > def.length) {
        throw new ApiError(
          400,
          'STRING_TOO_LONG',
          `${label(name)}: data value too large: ${value.slice(0, 40)} (max length=${def.length})`,
          [name]
        );
      }
      return value;
    }
  }
}

/** Checks a JSON body against the object's fields and returns it with canonical names and values. */
export function validateFields(sobject: string, body: unknown, ctx: WriteContext): Record<string, unknown> {
  const def = ctx.schema[sobject];
  if (!def) throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object');
  }
  const out: Record<string, unknown> = {};
  for (const [raw, value] of Object.entries(body)) {
    if (raw === 'attributes') continue;
    const name = Object.keys(def).find((f) => f.toLowerCase() === raw.toLowerCase());
    const field = name ? def[name] : undefined;
    if (!name || !field) {
      throw new ApiError(400, 'INVALID_FIELD', `No such column '${raw}' on sobject of type ${sobject}`);
    }
    if (field.readOnly) {
      throw new ApiError(
        400,
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to create/update fields: ${name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        [name]
      );
    }
    out[name] = checkValue(name, field, value, ctx.store);
  }
  return out;
}

function changed(before: SObjectRecord | null, after: SObjectRecord, fields: string[]): string[] {
  return fields.filter((f) => JSON.stringify(before?.[f] ?? null) !== JSON.stringify(after[f] ?? null));
}

function withTrigger(
  sobject: string,
  before: SObjectRecord | null,
  incoming: Record<string, unknown>,
  ctx: WriteContext
) {
  if (sobject !== 'CallData__c') return incoming;
  const result = incoming.Result__c ?? before?.Result__c;
  const merged = {
    ...incoming,
    AnsweredCount__c: result === 'Answered' ? 1 : 0,
    MissedCount__c: result === 'Missed' ? 1 : 0
  };
  const full: Record<string, unknown> = { ...before, ...merged };
  const taskId = logCallTask(ctx.store, full, ctx.now);
  if (taskId) return { ...merged, TaskId__c: taskId };
  if (before?.CalledBack__c !== true && full.CalledBack__c === true) closeCallBack(ctx.store, full);
  return merged;
}

/** Creates a record from validated fields and reports the change. */
export function createRecord(sobject: string, fields: Record<string, unknown>, ctx: WriteContext): SObjectRecord {
  const def = ctx.schema[sobject] ?? {};
  const initial: Record<string, unknown> = { ...fields };
  if ('OwnerId' in def && !initial.OwnerId) initial.OwnerId = ctx.viewer.userId;
  // Name is an Auto Number field with display format CD-{000000} (CallData__c.object-meta.xml).
  if (sobject === 'CallData__c')
    initial.Name = `CD-${String(ctx.store.nextAutoNumber(sobject, 'Name')).padStart(6, '0')}`;
  const record = ctx.store.insert(sobject, withTrigger(sobject, null, initial, ctx), ctx.now);
  ctx.onChange({ sobject, type: 'created', before: null, after: record, changedFields: Object.keys(record) });
  return record;
}

/** Updates a visible record; a stale CallData__c write (lower LastEventSeq__c) keeps the stored projected values. */
export function updateRecord(
  before: SObjectRecord,
  sobject: string,
  fields: Record<string, unknown>,
  ctx: WriteContext
) {
  if (!visibleTo(ctx.viewer, sobject, before)) {
    throw new ApiError(400, 'INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id');
  }
  // The before-update trigger restores the projected fields of a stale write; the rest still lands.
  const written = sobject === 'CallData__c' ? keepNewerState(fields, before) : fields;
  const merged = withTrigger(sobject, before, { ...written }, ctx);
  const fieldsChanged = changed(before, { ...before, ...merged }, Object.keys(merged));
  if (fieldsChanged.length === 0) return before;
  const after = ctx.store.update(before.Id, merged, ctx.now);
  ctx.onChange({ sobject, type: 'updated', before, after, changedFields: fieldsChanged });
  return after;
}

export interface UpsertOutcome {
  id: string;
  created: boolean;
}

/** Upsert by an external id field, as `PATCH /sobjects/{type}/{field}/{value}` does. */
export function upsertByExternalId(
  sobject: string,
  extField: string,
  extValue: string,
  body: unknown,
  ctx: WriteContext
): UpsertOutcome {
  const def = ctx.schema[sobject] ?? {};
  const fieldName = Object.keys(def).find((f) => f.toLowerCase() === extField.toLowerCase());
  if (!fieldName || !def[fieldName]?.externalId) {
    throw new ApiError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${extField}`);
  }
  const fields = validateFields(sobject, body, ctx);
  if (fieldName in fields && fields[fieldName] !== extValue) {
    throw new ApiError(
      400,
      'INVALID_FIELD',
      `The ${fieldName} field in the request body doesn't match the URL value ${extValue}`
    );
  }
  if (ctx.lockFails?.(sobject, extValue)) {
    throw new ApiError(
      400,
      'UNABLE_TO_LOCK_ROW',
      `unable to obtain exclusive access to this record or 1 records: ${extValue}`
    );
  }
  return ctx.store.transaction(() => {
    const matches = ctx.store.findBy(sobject, fieldName, extValue);
    if (matches.length > 1) {
      throw Object.assign(new ApiError(300, 'MULTIPLE_CHOICES', 'Multiple records match the external id'), {
        urls: matches.map((m) => `/services/data/v${ctx.apiVersion}/sobjects/${sobject}/${m.Id}`)
      });
    }
    const existing = matches[0];
    if (existing) return { id: updateRecord(existing, sobject, fields, ctx).Id, created: false };
    return { id: createRecord(sobject, { ...fields, [fieldName]: extValue }, ctx).Id, created: true };
  });
}
