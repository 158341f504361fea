/**
 * The REST API under /services/data/v<version>: sObject upsert by external id, create, read,
 * update, sObject Collections upsert, query with paging, SOSL search, limits and a minimal describe.
 * Every response carries `Sforce-Limit-Info`; sessions are checked on every request.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, noSuchColumn } from './api-error.ts';
import { upsertCollection } from './collections.ts';
import type { OrgContext } from './org-context.ts';
import { createRecord, updateRecord, upsertByExternalId, validateFields, type RecordChange } from './record-writer.ts';
import { tokenFromHeader } from './sessions.ts';
import { attributes, runQuery, visibleTo, type Viewer } from './soql.ts';
import { runSearch } from './sosl.ts';

interface Cursor {
  records: Record<string, unknown>[];
  totalSize: number;
  batchSize: number;
}

const viewers = new WeakMap<FastifyRequest, Viewer>();

/** The viewer the request's session belongs to (set by the auth hook). */
export function viewerOf(request: FastifyRequest): Viewer {
  const viewer = viewers.get(request);
  if (!viewer) throw new ApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
  return viewer;
}

/** Resolves the session of a request or answers 401 INVALID_SESSION_ID. */
export function authenticate(ctx: OrgContext, request: FastifyRequest): Viewer {
  const userId = ctx.sessions.userFor(tokenFromHeader(request.headers.authorization));
  if (!userId) throw new ApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
  const viewer = ctx.viewerFor(userId);
  viewers.set(request, viewer);
  return viewer;
}

function batchSizeOf(request: FastifyRequest, fallback: number): number {
  const header = request.headers['sforce-query-options'];
  const match = /batchSize=(\d+)/i.exec(Array.isArray(header) ? (header[0] ?? '') : (header ?? ''));
  return match ? Math.min(2000, Math.max(200, Number(match[1]))) : fallback;
}

const notFound = () => new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');

export function registerRestApi(app: FastifyInstance, ctx: OrgContext): void {
  const base = `/services/data/v${ctx.apiVersion}`;
  const cursors = new Map<string, Cursor>();
  const { wire } = ctx;
  /** An sObject in the URL, as stored; a bare package name in a namespaced org is not found. */
  const typeOf = (name: string) => wire.toStore(name, notFound);
  const fieldIn = (type: string) => (name: string) =>
    new ApiError(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${type}`, [name]);
  const bodyOf = (type: string, body: unknown) =>
    body && typeof body === 'object' && !Array.isArray(body)
      ? wire.recordToStore(body as Record<string, unknown>, fieldIn(type))
      : body;
  /** A Collections body: each record's keys and `attributes.type` as stored (the type is checked against the URL). */
  const collectionToStore = (type: string, body: unknown) => {
    const records = (body as { records?: unknown } | null)?.records;
    if (!Array.isArray(records)) return body;
    return {
      ...(body as object),
      records: records.map((r: unknown) => {
        if (!r || typeof r !== 'object') return r;
        const { attributes: attrs, ...fields } = r as { attributes?: { type?: string } };
        const stored = bodyOf(type, fields) as Record<string, unknown>;
        const typeName = attrs?.type === type ? typeOf(type) : attrs?.type;
        return { ...stored, ...(attrs && { attributes: { ...attrs, type: typeName } }) };
      })
    };
  };
  const textOf = (q: string) => wire.queryToStore(q, (name) => noSuchColumn(name, 'the query'));

  app.get('/services/data', (_req, reply) => reply.redirect('/services/data/', 301));
  app.get('/services/data/', () => [{ label: "Spring '26", url: base, version: ctx.apiVersion }]);

  app.addHook('preHandler', (request, reply, done) => {
    if (!request.url.startsWith(`${base}/`) && request.url !== base) return done();
    try {
      authenticate(ctx, request);
      if (ctx.apiUsage.used >= ctx.dailyApiLimit) {
        throw new ApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
      }
      ctx.apiUsage.used += 1;
      done();
    } catch (error) {
      done(error as Error);
    }
  });

  const page = (cursorId: string, offset: number): Record<string, unknown> => {
    const cursor = cursors.get(cursorId);
    if (!cursor) throw new ApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    const records = cursor.records.slice(offset, offset + cursor.batchSize);
    const next = offset + cursor.batchSize;
    const done = next >= cursor.records.length;
    if (done) cursors.delete(cursorId);
    return {
      totalSize: cursor.totalSize,
      done,
      ...(done ? {} : { nextRecordsUrl: `${base}/query/${cursorId}-${next}` }),
      records
    };
  };

  app.get(`${base}/`, () => ({
    sobjects: `${base}/sobjects`,
    query: `${base}/query`,
    search: `${base}/search`,
    limits: `${base}/limits`,
    composite: `${base}/composite`
  }));

  app.get(`${base}/limits`, () => {
    const left = (max: number, used: number) => ({ Max: max, Remaining: Math.max(0, max - used) });
    const events = ctx.store.eventCountSince(Date.now() - 86_400_000);
    const clients = ctx.streaming.clientIds().length;
    return {
      DailyApiRequests: left(ctx.dailyApiLimit, ctx.apiUsage.used),
      DailyStreamingApiEvents: left(50_000, events),
      StreamingApiConcurrentClients: left(20, clients),
      DailyDurableStreamingApiEvents: left(50_000, events),
      DurableStreamingApiConcurrentClients: left(20, clients)
    };
  });

  app.get<{ Querystring: { q?: string } }>(`${base}/query`, (request) => {
    const viewer = viewerOf(request);
    const result = runQuery(textOf(request.query.q ?? ''), {
      store: ctx.store,
      schema: ctx.schema,
      viewer,
      apiVersion: ctx.apiVersion,
      now: Date.now()
    });
    const cursorId = `01gDn${randomBytes(6).toString('hex')}`;
    const records = wire.recordToWire(result.records);
    cursors.set(cursorId, { ...result, records, batchSize: batchSizeOf(request, ctx.queryBatchSize) });
    return page(cursorId, 0);
  });

  app.get<{ Params: { locator: string } }>(`${base}/query/:locator`, (request) => {
    viewerOf(request);
    const match = /^(.+)-(\d+)$/.exec(request.params.locator);
    if (!match) throw new ApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    return page(match[1] ?? '', Number(match[2]));
  });

  app.get<{ Querystring: { q?: string } }>(`${base}/search`, (request) =>
    wire.recordToWire(
      runSearch(textOf(request.query.q ?? ''), {
        store: ctx.store,
        schema: ctx.schema,
        viewer: viewerOf(request),
        apiVersion: ctx.apiVersion
      })
    )
  );

  app.get<{ Params: { type: string } }>(`${base}/sobjects/:type/describe`, (request) => {
    const def = ctx.schema[typeOf(request.params.type)];
    if (!def) throw notFound();
    return {
      name: request.params.type,
      custom: request.params.type.endsWith('__c'),
      fields: Object.entries(def).map(([name, f]) => ({
        name: wire.toWire(name),
        type: f.type,
        length: f.length ?? 0,
        externalId: f.externalId ?? false,
        unique: f.unique ?? false,
        createable: !f.readOnly,
        updateable: !f.readOnly,
        referenceTo: f.referenceTo ?? [],
        picklistValues: (f.values ?? []).map((v) => ({ value: v, label: v, active: true }))
      }))
    };
  });

  const withChanges = <T>(run: (changes: RecordChange[]) => T): T => {
    const changes: RecordChange[] = [];
    const result = ctx.store.transaction(() => run(changes));
    ctx.publish(changes);
    return result;
  };

  app.post<{ Params: { type: string } }>(`${base}/sobjects/:type`, (request, reply) => {
    const viewer = viewerOf(request);
    const type = typeOf(request.params.type);
    const record = withChanges((changes) => {
      const w = ctx.writeContext(viewer, changes);
      return createRecord(type, validateFields(type, bodyOf(request.params.type, request.body), w), w);
    });
    return reply.code(201).send({ id: record.Id, success: true, errors: [] });
  });

  app.get<{ Params: { type: string; id: string } }>(`${base}/sobjects/:type/:id`, (request) => {
    const viewer = viewerOf(request);
    const type = typeOf(request.params.type);
    const record = ctx.store.get(request.params.id);
    if (!record || ctx.store.sobjectOf(record.Id) !== type || !visibleTo(viewer, type, record)) throw notFound();
    return wire.recordToWire({ attributes: attributes(type, record.Id, ctx.apiVersion), ...record });
  });

  app.patch<{ Params: { type: string; id: string } }>(`${base}/sobjects/:type/:id`, (request, reply) => {
    const viewer = viewerOf(request);
    const { id } = request.params;
    const type = typeOf(request.params.type);
    const record = ctx.store.get(id);
    if (!record || ctx.store.sobjectOf(id) !== type) throw notFound();
    withChanges((changes) => {
      const w = ctx.writeContext(viewer, changes);
      return updateRecord(record, type, validateFields(type, bodyOf(request.params.type, request.body), w), w);
    });
    return reply.code(204).send();
  });

  app.patch<{ Params: { type: string; field: string; value: string } }>(
    `${base}/sobjects/:type/:field/:value`,
    (request, reply: FastifyReply) => {
      const viewer = viewerOf(request);
      const { value } = request.params;
      const type = typeOf(request.params.type);
      if (!ctx.schema[type]) throw notFound();
      const field = wire.toStore(request.params.field, fieldIn(request.params.type));
      const body = bodyOf(request.params.type, request.body);
      const outcome = withChanges((changes) =>
        upsertByExternalId(type, field, value, body, ctx.writeContext(viewer, changes, 'upsert'))
      );
      return reply
        .code(outcome.created ? 201 : 200)
        .send({ id: outcome.id, success: true, errors: [], created: outcome.created });
    }
  );

  app.patch<{ Params: { type: string; field: string } }>(`${base}/composite/sobjects/:type/:field`, (request) => {
    const type = typeOf(request.params.type);
    if (!ctx.schema[type]) throw notFound();
    const field = wire.toStore(request.params.field, fieldIn(request.params.type));
    return upsertCollection(ctx, viewerOf(request), type, field, collectionToStore(request.params.type, request.body));
  });
}
