/**
 * sObject Collections upsert (`PATCH /composite/sobjects/{type}/{extIdField}`): ≤200 records,
 * per-record UpsertResult in request order, allOrNone rolling everything back on one failure.
 */
import { ApiError, DESERIALIZE } from './api-error.ts';
import type { OrgContext } from './org-context.ts';
import { upsertByExternalId, type RecordChange } from './record-writer.ts';
import type { Viewer } from './soql.ts';

export interface UpsertResult {
  id: string | null;
  success: boolean;
  errors: { statusCode: string; message: string; fields: string[] }[];
  created?: boolean;
}

const ROLLED_BACK = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: []
};

class RollBack extends Error {}

function failure(error: unknown): UpsertResult {
  if (error instanceof ApiError) {
    return {
      id: null,
      success: false,
      errors: [{ statusCode: error.errorCode, message: error.message, fields: error.fields }]
    };
  }
  throw error;
}

function parseBody(sobject: string, body: unknown): { allOrNone: boolean; records: Record<string, unknown>[] } {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { records?: unknown }).records)) {
    throw new ApiError(400, 'JSON_PARSER_ERROR', 'The request body must be { "allOrNone": boolean, "records": [...] }');
  }
  const { allOrNone, records } = body as { allOrNone?: unknown; records: unknown[] };
  if (records.length > 200) {
    throw new ApiError(
      400,
      'EXCEEDED_ID_LIMIT',
      'record limit reached. cannot submit more than 200 records into this call'
    );
  }
  for (const record of records) {
    const type = (record as { attributes?: { type?: unknown } } | null)?.attributes?.type;
    if (type !== sobject) {
      throw new ApiError(400, 'INVALID_TYPE', `Each record needs attributes.type ${sobject}, the type in the URL`);
    }
  }
  return { allOrNone: allOrNone === true, records: records as Record<string, unknown>[] };
}

/** Runs the upsert and returns the 200 body; throws ApiError for a malformed request (400). */
export function upsertCollection(
  ctx: OrgContext,
  viewer: Viewer,
  sobject: string,
  extField: string,
  body: unknown
): UpsertResult[] {
  const { allOrNone, records } = parseBody(sobject, body);
  const seen = new Map<string, number>();
  for (const r of records) seen.set(String(r[extField]), (seen.get(String(r[extField])) ?? 0) + 1);
  const committed: RecordChange[] = [];
  const results: UpsertResult[] = [];
  const attempt = () => {
    for (const record of records) {
      const { attributes: _attributes, [extField]: extValue, ...fields } = record;
      if (typeof extValue !== 'string' || extValue === '') {
        results.push(failure(new ApiError(400, 'MISSING_ARGUMENT', `${extField} not specified`, [extField])));
        continue;
      }
      if ((seen.get(extValue) ?? 0) > 1) {
        results.push(
          failure(
            new ApiError(400, 'DUPLICATE_EXTERNAL_ID', `Duplicate external id specified: ${extValue}`, [extField])
          )
        );
        continue;
      }
      const changes: RecordChange[] = [];
      try {
        const outcome = ctx.store.transaction(() =>
          upsertByExternalId(sobject, extField, extValue, fields, ctx.writeContext(viewer, changes, 'collections'))
        );
        committed.push(...changes);
        results.push({ id: outcome.id, success: true, errors: [], created: outcome.created });
      } catch (error) {
        if (error instanceof ApiError && DESERIALIZE.has(error.errorCode)) throw error;
        results.push(
          failure(
            error instanceof ApiError && error.status === 300
              ? new ApiError(400, 'DUPLICATE_EXTERNAL_ID', error.message)
              : error
          )
        );
      }
    }
    if (allOrNone && results.some((r) => !r.success)) throw new RollBack();
  };
  try {
    if (allOrNone) ctx.store.transaction(attempt);
    else attempt();
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
    return results.map((r) => (r.success ? { id: null, success: false, errors: [ROLLED_BACK] } : { ...r, id: null }));
  }
  ctx.publish(committed);
  return results;
}
