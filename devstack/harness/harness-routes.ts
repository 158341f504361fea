/**
 * Serves the softphone harness from the Salesforce stand-in: `/harness/?agent=<User id>` renders
 * the page with a fresh dev-only session for that agent; `/harness/static/*` serves the harness's
 * own browser scripts and the built static resources (cometd.js, softphoneBundle.js).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { OrgContext } from '../salesforce/org-context.ts';
import { loadContract } from '../salesforce/call-view.ts';
import { registerHarnessControls, type HarnessPbx } from './harness-controls.ts';
import { renderHarnessPage, type HarnessRecord } from './harness-page.ts';
import { renderAdminPage } from './admin-page.ts';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const OWN_FILES = new Set([
  'opencti-standin.js',
  'visualforce-standin.js',
  'harness.js',
  'harness.css',
  'admin-setup.css'
]);
/** The harness-only admin setup bundle (scripts/build-admin-harness.mjs). */
const ADMIN_BUNDLE = fileURLToPath(new URL('./dist/telephonyAdminSetup.js', import.meta.url));
const BUILT_FILES = ['cometd.js', 'softphoneBundle.js'];

function contentType(file: string): string {
  return file.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8';
}

/**
 * Registers the harness routes. `remoteMethods` are the remoting methods the stand-in answers (the
 * contract's plus any the controller has beyond it), each rendered as a `data-remote-*` attribute.
 */
export function registerHarness(
  app: FastifyInstance,
  ctx: OrgContext,
  repoRoot: string,
  actionNames: string[],
  pbx: () => HarnessPbx | null = () => null
): void {
  registerHarnessControls(app, ctx, pbx);
  const staticDir = join(repoRoot, 'force-app/main/default/staticresources');
  const builtPath = (file: string) =>
    [join(staticDir, file), join(staticDir, file.replace(/\.js$/, '.resource'))].find((p) => existsSync(p));
  const remoteMethods = [...new Set([...Object.keys(loadContract().methods), ...actionNames])];

  app.get('/harness', (_request, reply) => reply.redirect('/harness/', 302));
  app.get('/favicon.ico', (_request, reply) => reply.code(204).send());

  app.get<{ Querystring: { agent?: string } }>('/harness/', (request, reply) => {
    const agents = ctx.store
      .all('User')
      .filter((u) => ctx.roleOf(u.Id) === 'agent')
      .map((u) => ({
        id: u.Id,
        name: String(u.Name),
        extension: typeof u.PbxExtension__c === 'string' ? u.PbxExtension__c : null
      }));
    const asked = request.query.agent;
    const agent = agents.find((a) => a.id === asked) ?? agents[0];
    if (!agent) return reply.code(404).type('text/plain').send('No agents are seeded.');
    const records: HarnessRecord[] = ['Contact', 'Lead', 'Account'].flatMap((sobject) =>
      ctx.store.all(sobject).flatMap((r) => {
        const phone = r.Phone ?? r.MobilePhone;
        return typeof phone === 'string' ? [{ id: r.Id, name: String(r.Name), objectType: sobject, phone }] : [];
      })
    );
    const html = renderHarnessPage({
      agent,
      agents,
      sessionId: ctx.sessions.mintAccess(agent.id, 'harness'),
      apiVersion: ctx.apiVersion,
      records,
      remoteMethods,
      namespace: ctx.namespace,
      unknownAgent: asked && asked !== agent.id ? asked : null,
      scenarios: pbx()?.scenarios ?? [],
      missing: BUILT_FILES.filter((f) => !builtPath(f))
    });
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  });

  // The admin setup page, opened as the seeded admin unless ?user= names someone else.
  app.get<{ Querystring: { user?: string } }>('/harness/admin', (request, reply) => {
    const users = ctx.store
      .all('User')
      .filter((u) => ctx.roleOf(u.Id))
      .map((u) => ({ id: u.Id, name: String(u.Name), role: String(ctx.roleOf(u.Id)) }));
    const user = users.find((u) => u.id === request.query.user) ?? users.find((u) => u.role === 'admin') ?? users[0];
    if (!user) return reply.code(404).type('text/plain').send('No users are seeded.');
    const html = renderAdminPage({
      user,
      users,
      sessionId: ctx.sessions.mintAccess(user.id, 'harness'),
      missingBundle: !existsSync(ADMIN_BUNDLE)
    });
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  });

  const sendFile = async (path: string | undefined, file: string, reply: import('fastify').FastifyReply) => {
    if (!path) return reply.code(404).type('text/plain').send(`${file} not found (run npm run build)`);
    return reply
      .type(contentType(file))
      .header('cache-control', 'no-store')
      .send(await readFile(path));
  };

  app.get<{ Params: { file: string } }>('/harness/static/:file', (request, reply) => {
    const { file } = request.params;
    if (OWN_FILES.has(file)) return sendFile(join(PUBLIC_DIR, file), file, reply);
    if (BUILT_FILES.includes(file)) return sendFile(builtPath(file), file, reply);
    if (file === 'telephonyAdminSetup.js')
      return sendFile(existsSync(ADMIN_BUNDLE) ? ADMIN_BUNDLE : undefined, file, reply);
    return reply.code(404).type('text/plain').send('Not found');
  });

  // The real page loads Open CTI from this path; the harness answers with its stand-in.
  app.get(`/support/api/${ctx.apiVersion}/lightning/opencti_min.js`, (_request, reply) =>
    sendFile(join(PUBLIC_DIR, 'opencti-standin.js'), 'opencti-standin.js', reply)
  );
}
