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
