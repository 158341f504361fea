import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RecordingLocation } from '../pbx/pbx-provider.ts';
import { ApiError } from './api-error.ts';
import { planUpstreamRange, resolveByteRange, sliceBytes, statedSize } from './byte-range.ts';
import type { RecordingSizes } from './recording-sizes.ts';

/** How long the PBX may take to start answering before the browser gets a 502. */
const UPSTREAM_HEADERS_TIMEOUT_MS = 10_000;

/**
 * Streams a recording from the PBX to the browser. The browser's `Range` is checked first against
 * the size seen on an earlier playback (an unsatisfiable one is answered 416 here), then goes
 * upstream as a range Crossbar serves; when the PBX ignores it (answers 200 with a known length)
 * the range is cut here, so seeking in the `<audio>` element works either way. Nothing is
 * buffered whole in memory.
 */
export async function proxyRecording(
  request: FastifyRequest,
  reply: FastifyReply,
  location: RecordingLocation,
  sizes: RecordingSizes
): Promise<FastifyReply> {
  const range = request.headers.range;
  reply.header('cache-control', 'private, no-store');
  const plan = planUpstreamRange(range, sizes.get(location.url));
  if (plan.kind === 'unsatisfiable') return unsatisfiable(reply, plan.size);
  let upstream = await fetchUpstream(request, reply, location, plan.range);
  if (upstream.status >= 500 && plan.range !== undefined) {
    // Crossbar crashes on a start past the end (api_resource.erl get_range/2): ask for the whole
    // file once, to learn its size and answer the browser in kind.
    await upstream.body?.cancel();
    upstream = await fetchUpstream(request, reply, location, undefined);
  }
  const size = statedSize(
    upstream.status,
    upstream.headers.get('content-range'),
    upstream.headers.get('content-length')
  );
  if (size !== null) sizes.remember(location.url, size);

  if (upstream.status === 404) {
    await upstream.body?.cancel();
    throw new ApiError(404, 'RECORDING_NOT_FOUND', 'The PBX does not have this recording.');
  }
  if (upstream.status === 416) {
    await upstream.body?.cancel();
    const contentRange = upstream.headers.get('content-range');
    if (contentRange) reply.header('content-range', contentRange);
    throw new ApiError(416, 'RANGE_NOT_SATISFIABLE', 'The requested byte range is outside the recording.');
  }
  if ((upstream.status !== 200 && upstream.status !== 206) || !upstream.body) {
    await upstream.body?.cancel();
    throw new ApiError(502, 'PBX_UNAVAILABLE', `The PBX answered ${upstream.status} for the recording.`);
  }

  const body = Readable.fromWeb(upstream.body as NodeReadableStream<Uint8Array>);
  reply.header('content-type', upstream.headers.get('content-type') ?? location.contentType);
  reply.header('x-content-type-options', 'nosniff');
  const length = upstream.headers.get('content-length');
  if (upstream.status === 206) {
    // Crossbar answers `bytes=SIZE-` with an empty 206 whose range ends before it starts.
    const served = /^bytes (\d+)-(\d+)\//.exec(upstream.headers.get('content-range') ?? '');
    if (size !== null && (!served || Number(served[1]) > Number(served[2]))) {
      body.destroy();
      return unsatisfiable(reply, size);
    }
    passHeaders(reply, upstream, ['content-range', 'content-length']);
    return reply.code(206).header('accept-ranges', 'bytes').send(body);
  }
  const wholeSize = length === null ? Number.NaN : Number(length);
  if (!Number.isSafeInteger(wholeSize)) {
    // Unknown length: the whole body, and say that ranges are not offered.
    return reply.code(200).header('accept-ranges', 'none').send(body);
  }
  reply.header('accept-ranges', 'bytes');
  const wanted = resolveByteRange(range, wholeSize);
  if (wanted === 'unsatisfiable') {
    body.destroy();
    return unsatisfiable(reply, wholeSize);
  }
  if (wanted === null) return reply.code(200).header('content-length', wholeSize).send(body);
  return reply
    .code(206)
    .header('content-range', `bytes ${wanted.start}-${wanted.end}/${wholeSize}`)
    .header('content-length', wanted.end - wanted.start + 1)
    .send(Readable.from(sliceBytes(body, wanted)));
}

/** RFC 9110 §15.5.17: 416 with `Content-Range: bytes *\/size`. */
function unsatisfiable(reply: FastifyReply, size: number): never {
  reply.header('content-range', `bytes */${size}`);
  throw new ApiError(416, 'RANGE_NOT_SATISFIABLE', 'The requested byte range is outside the recording.');
}

async function fetchUpstream(
  request: FastifyRequest,
  reply: FastifyReply,
  location: RecordingLocation,
  range: string | undefined
): Promise<Response> {
  const abort = new AbortController();
  // Stop pulling audio from the PBX as soon as the browser goes away (seek, pause, tab closed).
  reply.raw.once('close', () => abort.abort());
  const timer = setTimeout(() => abort.abort(), UPSTREAM_HEADERS_TIMEOUT_MS);
  try {
    const headers: Record<string, string> = { ...location.headers };
    if (range) headers.range = range;
    return await fetch(location.url, { headers, signal: abort.signal });
  } catch (error) {
    request.log.warn({ err: error }, 'recording fetch from the PBX failed');
    throw new ApiError(502, 'PBX_UNAVAILABLE', 'The PBX could not be reached to fetch the recording.');
  } finally {
    clearTimeout(timer);
  }
}

function passHeaders(reply: FastifyReply, upstream: Response, names: string[]): void {
  for (const name of names) {
    const value = upstream.headers.get(name);
    if (value !== null) reply.header(name, value);
  }
}
