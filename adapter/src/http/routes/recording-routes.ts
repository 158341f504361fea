import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../api-error.ts';
import { authenticateTenant } from '../authenticate-tenant.ts';
import type { HttpDeps } from '../http-deps.ts';
import { parseInput } from '../parse-input.ts';
import { pbxFailure } from '../pbx-failure.ts';
import { proxyRecording } from '../proxy-recording.ts';
import { RecordingSizes } from '../recording-sizes.ts';
import { checkRecordingLink, signRecordingLink } from '../recording-link-signature.ts';
import { SALESFORCE_USER_ID } from '../salesforce-ids.ts';

/** Kazoo ids are `YYYYMM-<32 hex>`; any PBX id made of URL-safe characters is accepted. */
const RECORDING_ID = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'Expected a recording id');
const RecordingParams = z.object({ recordingId: RECORDING_ID });
const LinkQuery = z.object({ salesforceUserId: SALESFORCE_USER_ID });
const PlaybackQuery = z.object({
  tenant: z.string().min(1, 'Missing tenant').max(64),
  exp: z.coerce.number().int('Expected Unix seconds').positive('Expected Unix seconds'),
  sig: z.string().min(1, 'Missing signature').max(128)
});

const REFUSED_LINK = 'This recording link is invalid or has expired. Open the recording again from Salesforce.';

/**
 * `GET /api/v1/recordings/{id}/link` (Apex, with the API key) hands out a short-lived signed URL;
 * `GET /recordings/{id}` (the browser's `<audio>`, no key) checks it and streams the audio.
 */
export function registerRecordingRoutes(
  app: FastifyInstance,
  deps: HttpDeps,
  rateLimit: object,
  playbackRateLimit: object
): void {
  const sizes = new RecordingSizes();
  app.get('/api/v1/recordings/:recordingId/link', { config: { rateLimit } }, async (request) => {
    const tenant = authenticateTenant(request, deps.tenants);
    const { recordingId } = parseInput(RecordingParams, request.params, 'recording id');
    const { salesforceUserId } = parseInput(LinkQuery, request.query, 'query string');
    const location = await tenant.provider.recordingLink(recordingId).catch((error: unknown) => {
      request.log.warn({ tenantId: tenant.tenantId, recordingId, err: error }, 'recording lookup failed');
      throw pbxFailure(error);
    });
    if (location === null) {
      throw new ApiError(
        404,
        'RECORDING_NOT_FOUND',
        'The PBX does not have this recording (yet). Try again in a minute.'
      );
    }
    const expiresAt = Math.floor(Date.now() / 1000) + deps.recordingLinkTtlSeconds;
    const sig = signRecordingLink(tenant.recordingLinkSecret, { recordingId, tenantId: tenant.tenantId, expiresAt });
    const url = new URL(`recordings/${encodeURIComponent(recordingId)}`, withTrailingSlash(deps.publicBaseUrl));
    url.search = new URLSearchParams({ tenant: tenant.tenantId, exp: String(expiresAt), sig }).toString();
    request.log.info({ tenantId: tenant.tenantId, recordingId, salesforceUserId }, 'recording link issued');
    return { url: url.toString(), expiresAt: new Date(expiresAt * 1000).toISOString() };
  });

  // Playback is limited per address: agents behind one office NAT share it, and seeking costs requests.
  app.get('/recordings/:recordingId', { config: { rateLimit: playbackRateLimit } }, async (request, reply) => {
    const params = RecordingParams.safeParse(request.params);
    const query = PlaybackQuery.safeParse(request.query);
    if (!params.success || !query.success) throw new ApiError(403, 'FORBIDDEN', REFUSED_LINK);
    const { recordingId } = params.data;
    const { tenant: tenantId, exp, sig } = query.data;
    const tenant = deps.tenants.find((candidate) => candidate.tenantId === tenantId);
    // An unknown tenant cannot have signed the link: same answer as a bad signature.
    const check = tenant
      ? checkRecordingLink(tenant.recordingLinkSecret, { recordingId, tenantId, expiresAt: exp }, sig, nowSeconds())
      : 'tampered';
    if (!tenant || check !== 'valid') {
      request.log.info({ tenantId, recordingId, check }, 'recording link refused');
      throw new ApiError(403, 'FORBIDDEN', REFUSED_LINK);
    }
    // The signature binds the tenant, so only this tenant's PBX account is asked: another
    // tenant's recording is simply unknown there.
    const location = await tenant.provider.recordingLink(recordingId).catch((error: unknown) => {
      request.log.warn({ tenantId, recordingId, err: error }, 'recording lookup failed');
      throw pbxFailure(error);
    });
    if (location === null) throw new ApiError(404, 'RECORDING_NOT_FOUND', 'The PBX does not have this recording.');
    return proxyRecording(request, reply, location, sizes);
  });
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function withTrailingSlash(base: string): string {
  return base.endsWith('/') ? base : `${base}/`;
}
