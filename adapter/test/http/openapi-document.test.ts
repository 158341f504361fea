import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { compileErrors, parse, validate } from '@readme/openapi-parser';
import type { RouteOptions } from 'fastify';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { API_ERROR_CODES } from '../../src/http/api-error.ts';
import { buildHttpServer } from '../../src/http/build-http-server.ts';

const documentPath = fileURLToPath(new URL('../../openapi.yaml', import.meta.url));
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: { Error: { properties: { error: { properties: { code: { enum: string[] } } } } } } };
}

async function registeredRoutes(): Promise<string[]> {
  const app = buildHttpServer({
    version: 'test',
    tenants: [],
    metrics: new Registry(),
    logger: pino({ level: 'silent' }),
    publicBaseUrl: 'http://127.0.0.1',
    ready: () => true,
    recordingLinkTtlSeconds: 300
  });
  const routes: string[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    for (const method of methods) routes.push(`${method.toUpperCase()} ${path}`);
  });
  await app.ready();
  await app.close();
  return routes.sort();
}

describe('adapter/openapi.yaml', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await validate(documentPath);
    assert.ok(result.valid, result.valid ? '' : compileErrors(result));
  });

  it('documents exactly the routes the server registers, no more and no fewer', async () => {
    const document = (await parse(documentPath)) as unknown as OpenApiDocument;
    const documented = Object.entries(document.paths)
      .flatMap(([path, item]) =>
        Object.keys(item)
          .filter((key) => METHODS.includes(key))
          .map((m) => `${m.toUpperCase()} ${path}`)
      )
      .sort();
    const routes = await registeredRoutes();
    assert.ok(routes.includes('POST /api/v1/dial'), `routes were collected: ${routes.join(', ')}`);
    assert.deepEqual(routes, documented);
  });

  it('lists every error code the API can answer with', async () => {
    const document = (await parse(documentPath)) as unknown as OpenApiDocument;
    const documented = document.components.schemas.Error.properties.error.properties.code.enum;
    assert.deepEqual([...documented].sort(), [...API_ERROR_CODES].sort());
  });
});
