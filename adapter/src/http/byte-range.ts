/** One satisfiable byte range, inclusive at both ends as in `Content-Range`. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Resolves a `Range` header against a resource of `size` bytes. Returns null when there is no
 * usable single range (absent, malformed, multi-range: the server may then answer 200 with the
 * whole body, RFC 9110 §14.2) and 'unsatisfiable' when the range lies outside the resource (416).
 */
export function resolveByteRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/**
 * What `Range` to send the PBX for a browser's `Range`, checked here first (RFC 9110 §14.1.2,
 * §15.5.17) because Crossbar serves only `bytes=S-` and `bytes=S-E` with E inside the file
 * (api_resource.erl get_range/2): it ignores suffixes and ends past the file, and answers 500 to a
 * start past the end. With the size known, an unsatisfiable range is answered 416 without asking
 * the PBX, and a satisfiable one is sent clamped to the file; with it unknown, a suffix or a
 * malformed range is not sent (the whole file comes and is cut here), a plain one is.
 */
export function planUpstreamRange(
  header: string | undefined,
  knownSize: number | undefined
): { kind: 'unsatisfiable'; size: number } | { kind: 'send'; range: string | undefined } {
  if (!header) return { kind: 'send', range: undefined };
  if (knownSize !== undefined) {
    const wanted = resolveByteRange(header, knownSize);
    if (wanted === 'unsatisfiable') return { kind: 'unsatisfiable', size: knownSize };
    return { kind: 'send', range: wanted === null ? undefined : `bytes=${wanted.start}-${wanted.end}` };
  }
  return { kind: 'send', range: /^bytes=\d+-\d*$/.test(header.trim()) ? header.trim() : undefined };
}

/** The full length a response states: the SIZE of `Content-Range: bytes a-b/SIZE` (or of an unsatisfied range), else a 200's length. */
export function statedSize(status: number, contentRange: string | null, contentLength: string | null): number | null {
  const total = contentRange === null ? null : /\/(\d+)\s*$/.exec(contentRange)?.[1];
  const size = total ? Number(total) : status === 200 && contentLength !== null ? Number(contentLength) : Number.NaN;
  return Number.isSafeInteger(size) && size >= 0 ? size : null;
}

/** Yields only the bytes `range.start..range.end` of a byte stream, and stops reading after them. */
export async function* sliceBytes(source: AsyncIterable<Uint8Array>, range: ByteRange): AsyncGenerator<Uint8Array> {
  let offset = 0;
  for await (const chunk of source) {
    const chunkEnd = offset + chunk.length;
    if (chunkEnd > range.start) {
      yield chunk.subarray(Math.max(0, range.start - offset), Math.min(chunk.length, range.end + 1 - offset));
    }
    offset = chunkEnd;
    if (offset > range.end) return;
  }
}
