/**
 * Runs the SOQL the project uses against the stored records: parsed with a real SOQL parser,
 * field names checked against the schema, sharing applied, ORDER BY / LIMIT / OFFSET, COUNT(),
 * and parent fields through lookups (`Owner.Name`, `Contact__r.Name`).
 */
import { parseQuery, type Query } from '@jetstreamapp/soql-parser-js';
import { ApiError, noSuchColumn, unsupportedType } from './api-error.ts';
import type { ObjectDef } from './schema.ts';
import { PUBLIC_READ } from './schema.ts';
import { compileWhere } from './soql-where.ts';
import type { OrgStore, SObjectRecord } from './store.ts';

export interface Viewer {
  userId: string;
  /** Admins and the integration user (View All Data) see every record. */
  seesAll: boolean;
}

export interface QueryContext {
  store: OrgStore;
  schema: Record<string, ObjectDef>;
  viewer: Viewer;
  apiVersion: string;
  now: number;
}

export interface QueryResult {
  totalSize: number;
  records: Record<string, unknown>[];
}

/** True when the viewer may read the record (Private sharing: only its owner, unless seesAll). */
export function visibleTo(viewer: Viewer, sobject: string, record: Record<string, unknown>): boolean {
  return viewer.seesAll || PUBLIC_READ.has(sobject) || record.OwnerId === viewer.userId;
}

/** The canonical API name of a field, matched case-insensitively as SOQL does. */
export function canonicalField(schema: ObjectDef, sobject: string, name: string): string {
  const found = Object.keys(schema).find((f) => f.toLowerCase() === name.toLowerCase());
  if (!found) throw noSuchColumn(name, sobject);
  return found;
}

export function parseSoql(soql: string): Query {
  try {
    return parseQuery(soql);
  } catch (error) {
    throw new ApiError(400, 'MALFORMED_QUERY', error instanceof Error ? error.message : String(error));
  }
}

export function attributes(sobject: string, id: string, apiVersion: string): { type: string; url: string } {
  return { type: sobject, url: `/services/data/v${apiVersion}/sobjects/${sobject}/${id}` };
}

/** Reads `field` (maybe `Parent.Field`) from a record of `sobject`. */
function makeReader(ctx: QueryContext, sobject: string) {
  const def = ctx.schema[sobject] ?? {};
  return (record: Record<string, unknown>, field: string): unknown => {
    const dot = field.indexOf('.');
    if (dot < 0) return record[canonicalField(def, sobject, field)];
    const relation = field.slice(0, dot);
    const lookup = relation.toLowerCase().endsWith('__r') ? `${relation.slice(0, -3)}__c` : `${relation}Id`;
    const parentId = record[canonicalField(def, sobject, lookup)];
    if (typeof parentId !== 'string') return null;
    const parentType = ctx.store.sobjectOf(parentId) ?? '';
    const parent = ctx.store.get(parentId);
    if (!parent) return null;
    return makeReader(ctx, parentType)(parent, field.slice(dot + 1));
  };
}

function selectedFields(query: Query): string[] {
  return (query.fields ?? []).map((f) => {
    if (f.type === 'Field') return f.field;
    if (f.type === 'FieldRelationship') return f.rawValue ?? [...f.relationships, f.field].join('.');
    throw new ApiError(400, 'MALFORMED_QUERY', `unsupported select item ${JSON.stringify(f)}`);
  });
}

function project(ctx: QueryContext, sobject: string, record: SObjectRecord, fields: string[]): Record<string, unknown> {
  const def = ctx.schema[sobject] ?? {};
  const read = makeReader(ctx, sobject);
  const out: Record<string, unknown> = { attributes: attributes(sobject, record.Id, ctx.apiVersion) };
  for (const field of fields) {
    const dot = field.indexOf('.');
    if (dot < 0) {
      out[canonicalField(def, sobject, field)] = record[canonicalField(def, sobject, field)] ?? null;
      continue;
    }
    const relation = field.slice(0, dot);
    const existing = out[relation] as Record<string, unknown> | null | undefined;
    const value = read(record, field);
    const lookup = relation.toLowerCase().endsWith('__r') ? `${relation.slice(0, -3)}__c` : `${relation}Id`;
    const parentId = record[canonicalField(def, sobject, lookup)];
    if (typeof parentId !== 'string') {
      out[relation] = null;
      continue;
    }
    const parentType = ctx.store.sobjectOf(parentId) ?? relation;
    const nested = existing ?? { attributes: attributes(parentType, parentId, ctx.apiVersion) };
    nested[field.slice(dot + 1)] = value ?? null;
    out[relation] = nested;
  }
  return out;
}

const SALESFORCE_ID = /^[a-zA-Z0-9]{18}$/;

/**
 * ORDER BY's order. Ids sort case-sensitively on their 15-character form, the order `<` and `>` use in WHERE
 * (soql-where.ts), so keyset paging `Id < :lastId ORDER BY Id DESC` never skips or repeats a row.
 */
function compareValues(x: unknown, y: unknown): number {
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'string' && typeof y === 'string' && SALESFORCE_ID.test(x) && SALESFORCE_ID.test(y)) {
    const [a, b] = [x.slice(0, 15), y.slice(0, 15)];
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return JSON.stringify(x).localeCompare(JSON.stringify(y));
}

function sortRecords(records: SObjectRecord[], query: Query, read: (r: Record<string, unknown>, f: string) => unknown) {
  const clauses = query.orderBy ? [query.orderBy].flat() : [];
  if (clauses.length === 0) return records;
  return [...records].sort((a, b) => {
    for (const clause of clauses) {
      if (!('field' in clause) || !clause.field) continue;
      const desc = clause.order === 'DESC';
      const nullsFirst = clause.nulls ? clause.nulls === 'FIRST' : !desc;
      const x = read(a, clause.field);
      const y = read(b, clause.field);
      if (x === y) continue;
      if (x === null || x === undefined) return nullsFirst ? -1 : 1;
      if (y === null || y === undefined) return nullsFirst ? 1 : -1;
      const cmp = compareValues(x, y);
      if (cmp !== 0) return desc ? -cmp : cmp;
    }
    return 0;
  });
}

/** Executes one SOQL statement and returns every matching row (the REST layer pages them). */
export function runQuery(soql: string, ctx: QueryContext): QueryResult {
  const query = parseSoql(soql);
  const sobject = Object.keys(ctx.schema).find((name) => name.toLowerCase() === query.sObject?.toLowerCase());
  if (!sobject) throw unsupportedType(query.sObject ?? '');
  const read = makeReader(ctx, sobject);
  const matches = compileWhere(query.where, read, ctx.now);
  const isCount = query.fields?.length === 1 && query.fields[0]?.type === 'FieldFunctionExpression';
  const fields = isCount ? [] : selectedFields(query);
  for (const field of fields) read({}, field);
  const visible = ctx.store
    .all(sobject)
    .filter((record) => visibleTo(ctx.viewer, sobject, record))
    .filter(matches);
  if (isCount) return { totalSize: visible.length, records: [] };
  const sorted = sortRecords(visible, query, read);
  const offset = query.offset ?? 0;
  const limited = sorted.slice(offset, query.limit === undefined ? undefined : offset + query.limit);
  return { totalSize: limited.length, records: limited.map((r) => project(ctx, sobject, r, fields)) };
}
