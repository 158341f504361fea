/**
 * OAuth 2.0 endpoints: the JWT bearer flow (RS256 verified against the configured certificate or
 * public key, iss/sub/aud/exp with Salesforce's 3-minute skew), the web-server flow (authorize
 * auto-approves and redirects with a code; the code and refresh tokens are exchanged at /token),
 * and the identity URL. Errors are Salesforce's `{ error, error_description }` with status 400.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { importSPKI, importX509, jwtVerify, errors as joseErrors } from 'jose';
import type { OrgContext } from './org-context.ts';
import { authenticate } from './rest-api.ts';

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const SIGNING_SECRET = randomBytes(32);

class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400
  ) {
    super(description);
  }
}

function tokenResponse(ctx: OrgContext, userId: string, clientId: string, scope: string, refresh: boolean) {
  const issuedAt = String(Date.now());
  const id = `${ctx.baseUrl()}/id/${ctx.orgId}/${userId}`;
  return {
    access_token: ctx.sessions.mintAccess(userId, clientId),
    ...(refresh ? { refresh_token: ctx.sessions.mintRefresh(userId, clientId) } : {}),
    signature: createHmac('sha256', SIGNING_SECRET)
      .update(id + issuedAt)
      .digest('base64'),
    scope,
    instance_url: ctx.baseUrl(),
    id,
    token_type: 'Bearer',
    issued_at: issuedAt
  };
}

function userIdByUsername(ctx: OrgContext, username: unknown): string | undefined {
  if (typeof username !== 'string') return undefined;
  return ctx.store.findBy('User', 'Username', username).find((u) => u.IsActive !== false)?.Id;
}

async function jwtGrant(ctx: OrgContext, assertion: unknown) {
  if (typeof assertion !== 'string' || assertion === '') throw new OAuthError('invalid_grant', 'invalid assertion');
  const pem = ctx.jwt.publicKeyPem;
  if (!pem) throw new OAuthError('invalid_client', 'no certificate is configured for this connected app');
  const key = pem.includes('BEGIN CERTIFICATE') ? await importX509(pem, 'RS256') : await importSPKI(pem, 'RS256');
  let payload;
  try {
    ({ payload } = await jwtVerify(assertion, key, {
      algorithms: ['RS256'],
      clockTolerance: 180,
      requiredClaims: ['iss', 'sub', 'aud', 'exp']
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new OAuthError('invalid_grant', 'expired assertion');
    throw new OAuthError('invalid_grant', 'invalid assertion');
  }
  const audiences = [ctx.baseUrl(), 'https://login.salesforce.com', 'https://test.salesforce.com'];
  const aud = [payload.aud].flat();
  if (!aud.some((a) => typeof a === 'string' && audiences.includes(a.replace(/\/$/, '')))) {
    throw new OAuthError('invalid_grant', 'audience is invalid');
  }
  if (ctx.jwt.clientId && payload.iss !== ctx.jwt.clientId)
    throw new OAuthError('invalid_client_id', 'client identifier invalid');
  const userId = userIdByUsername(ctx, payload.sub);
  if (!userId) throw new OAuthError('invalid_grant', "user hasn't approved this consumer");
  return tokenResponse(ctx, userId, String(payload.iss), 'api', false);
}

export function registerOAuth(app: FastifyInstance, ctx: OrgContext): void {
  const codes = new Map<string, { userId: string; clientId: string; redirectUri: string }>();

  app.post<{ Body: Record<string, string | undefined> }>(
    '/services/oauth2/token',
    async (request, reply: FastifyReply) => {
      const body = request.body ?? {};
      try {
        switch (body.grant_type) {
          case JWT_GRANT:
            return await jwtGrant(ctx, body.assertion);
          case 'refresh_token': {
            const session = ctx.sessions.refreshSession(body.refresh_token ?? '');
            if (!session) throw new OAuthError('invalid_grant', 'expired access/refresh token');
            return tokenResponse(ctx, session.userId, session.clientId, 'api refresh_token', false);
          }
          case 'authorization_code': {
            const grant = codes.get(body.code ?? '');
            codes.delete(body.code ?? '');
            if (!grant) throw new OAuthError('invalid_grant', 'invalid authorization code');
            if (body.redirect_uri !== grant.redirectUri)
              throw new OAuthError('redirect_uri_mismatch', 'redirect_uri must match configuration');
            return tokenResponse(ctx, grant.userId, grant.clientId, 'api refresh_token', true);
          }
          default:
            throw new OAuthError('unsupported_grant_type', 'grant type not supported');
        }
      } catch (error) {
        if (!(error instanceof OAuthError)) throw error;
        return reply.code(error.status).send({ error: error.error, error_description: error.description });
      }
    }
  );

  app.get<{ Querystring: Record<string, string | undefined> }>('/services/oauth2/authorize', (request, reply) => {
    const q = request.query;
    if (q.response_type !== 'code' || !q.client_id || !q.redirect_uri) {
      return reply.code(400).send({
        error: 'invalid_request',
        error_description: 'response_type=code, client_id and redirect_uri are required'
      });
    }
    const userId = userIdByUsername(ctx, q.login_hint) ?? userIdByUsername(ctx, 'integration@kazoo-cti.example') ?? '';
    const code = `aPrx${randomBytes(24).toString('base64url')}`;
    codes.set(code, { userId, clientId: q.client_id, redirectUri: q.redirect_uri });
    const target = new URL(q.redirect_uri);
    target.searchParams.set('code', code);
    if (q.state) target.searchParams.set('state', q.state);
    return reply.redirect(target.toString(), 302);
  });

  app.get<{ Params: { org: string; user: string } }>('/id/:org/:user', (request) => {
    authenticate(ctx, request);
    const user = ctx.store.get(request.params.user);
    if (!user || request.params.org !== ctx.orgId) return { error: 'Bad_Id', error_description: 'Bad id' };
    return {
      id: `${ctx.baseUrl()}/id/${ctx.orgId}/${user.Id}`,
      user_id: user.Id,
      organization_id: ctx.orgId,
      username: user.Username,
      display_name: user.Name,
      email: user.Email,
      active: user.IsActive !== false,
      urls: {
        rest: `${ctx.baseUrl()}/services/data/v{version}/`,
        query: `${ctx.baseUrl()}/services/data/v{version}/query/`
      }
    };
  });
}
