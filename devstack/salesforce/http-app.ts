/**
 * The stand-in's HTTP server: one node:http server on 127.0.0.1 where /cometd/* goes to the Bayeux
 * server (no upgrade handler: long-polling only) and everything else to fastify. Every request is
 * counted by kind and passes through fault injection (latency, 5xx, timeouts, REQUEST_LIMIT_EXCEEDED).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { ApiError } from './api-error.ts';
import type { EndpointKind, FaultOutcome } from './faults.ts';
import type { OrgContext } from './org-context.ts';
import { tokenFromHeader } from './sessions.ts';

/** The endpoint kind (for counters and faults) of a request, or null for the stand-in's own pages. */
export function kindOf(
  method: string,
  url: string,
  apiVersion: string
): { kind: EndpointKind; counter: string } | null {
  const path = url.split('?')[0] ?? '';
  const data = `/services/data/v${apiVersion}`;
  if (path.startsWith('/cometd')) return { kind: 'streaming', counter: 'streaming.http' };
  if (path.startsWith('/services/oauth2/')) return { kind: 'oauth', counter: `oauth.${path.slice(17)}` };
  if (path.startsWith(`${data}/composite/sobjects`)) return { kind: 'collections', counter: 'rest.collections' };
  if (method === 'PATCH' && /^\/sobjects\/[^/]+\/[^/]+\/[^/]+$/.test(path.slice(data.length))) {
    return { kind: 'upsert', counter: 'rest.upsert' };
  }
  if (path.startsWith(`${data}/query`)) return { kind: 'query', counter: 'rest.query' };
  if (path.startsWith(`${data}/search`)) return { kind: 'search', counter: 'rest.search' };
  if (path.startsWith(`${data}/limits`)) return { kind: 'limits', counter: 'rest.limits' };
  if (path.startsWith('/services/data') || path.startsWith('/id/')) return { kind: 'rest', counter: 'rest.other' };
  if (path === '/__standin/apexremote') return { kind: 'apexremote', counter: 'apexremote.http' };
  return null;
}

const SERVER_ERROR = [
  {
    message:
      'An unexpected error occurred. Please include this ErrorId if you contact support: 1917462398-75143 (-1188528741)',
    errorCode: 'UNKNOWN_EXCEPTION'
  }
];

function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

export interface StandInServer {
  app: FastifyInstance;
  server: Server;
  /** Ends requests held open by the timeout fault. */
  releaseHeld(): void;
}

export function buildHttpServer(
  ctx: OrgContext,
  cometd: (req: IncomingMessage, res: ServerResponse) => void
): StandInServer {
  const held = new Set<IncomingMessage>();
  const hold = (request: IncomingMessage) => {
    held.add(request);
    const timer = setTimeout(() => request.socket.destroy(), ctx.faults.timeoutMs);
    request.socket.once('close', () => {
      clearTimeout(timer);
      held.delete(request);
    });
  };
  const decide = async (request: IncomingMessage): Promise<FaultOutcome | null> => {
    const kind = kindOf(request.method ?? 'GET', request.url ?? '/', ctx.apiVersion);
    if (!kind) return null;
    ctx.counters.increment(kind.counter);
    if (ctx.faults.scopedToUsers) {
      const token = tokenFromHeader(request.headers.authorization);
      if (!ctx.faults.appliesTo(token ? ctx.sessions.userFor(token) : null)) return 'ok';
    }
    await delay(ctx.faults.latencyFor(kind.kind));
    return ctx.faults.decide(kind.kind);
  };

  let server: Server | undefined;
  const app = Fastify({
    logger: false,
    bodyLimit: 10 * 1024 * 1024,
    serverFactory: (handler) => {
      server = createServer((request, response) => {
        if (!(request.url ?? '').startsWith('/cometd')) return handler(request, response);
        void decide(request).then((outcome) => {
          if (outcome === 'timeout') return hold(request);
          if (outcome === 'server-error' || outcome === 'request-limit') {
            response.writeHead(outcome === 'server-error' ? 503 : 403, { 'content-type': 'text/plain' });
            return response.end(outcome === 'server-error' ? 'Service Unavailable' : 'REQUEST_LIMIT_EXCEEDED');
          }
          return cometd(request, response);
        });
      });
      return server;
    }
  });
  void app.register(formbody);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, body === '' ? undefined : JSON.parse(body as string));
    } catch (error) {
      done(
        new ApiError(400, 'JSON_PARSER_ERROR', `Unexpected character in the JSON body: ${(error as Error).message}`),
        undefined
      );
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const outcome = await decide(request.raw);
    if (outcome === 'timeout') {
      hold(request.raw);
      return reply.hijack();
    }
    if (outcome === 'server-error') return reply.code(500).send(SERVER_ERROR);
    if (outcome === 'request-limit') {
      return reply
        .code(403)
        .send(new ApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.').toBody());
    }
  });

  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/services/data/v')) {
      reply.header('Sforce-Limit-Info', `api-usage=${ctx.apiUsage.used}/${ctx.dailyApiLimit}`);
    }
  });

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/services/')) {
      return reply.code(404).send([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    }
    return reply.code(404).type('text/plain').send('Not found');
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ApiError) {
      const urls = (error as ApiError & { urls?: string[] }).urls;
      return reply.code(error.status).send(urls ?? error.toBody());
    }
    if (error instanceof ZodError) {
      return reply.code(400).send({ message: error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    }
    const { statusCode: status, message } = error as { statusCode?: number; message?: string };
    if (status && status < 500) return reply.code(status).send([{ message, errorCode: 'INVALID_REQUEST' }]);
    ctx.logger.warn('stand-in request failed', { url: request.url, error: message });
    return reply.code(500).send(SERVER_ERROR);
  });

  return {
    app,
    get server() {
      if (!server) throw new Error('server not created yet');
      return server;
    },
    releaseHeld: () => {
      for (const request of held) request.socket.destroy();
    }
  };
}
