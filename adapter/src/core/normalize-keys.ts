/** A JSON value whose object keys were normalized. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Normalizes object keys the way Kazoo's `kz_json:normalize_jobj/1` does before blackhole sends
 * an event: lower case and `-` → `_`, at every depth (arrays included) down to `maxDepth` (below
 * it values are dropped: a caller that reads only the first levels need not copy the rest).
 * Applying it to a 4.x frame changes nothing; applying it to a legacy Title-Case event yields the
 * 4.x keys. Objects come out with a null prototype, so a key such as `__proto__` from the wire is
 * only ever a key.
 */
export function normalizeKeys(value: unknown, maxDepth = Number.POSITIVE_INFINITY): JsonValue {
  if (Array.isArray(value)) return maxDepth <= 0 ? null : value.map((item) => normalizeKeys(item, maxDepth - 1));
  if (value !== null && typeof value === 'object') {
    if (maxDepth <= 0) return null;
    const out = Object.create(null) as Record<string, JsonValue>;
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      // Most keys are already normalized (4.x frames): skip building a new string for them.
      const name = NORMALIZED.test(key) ? key : key.toLowerCase().replaceAll('-', '_');
      out[name] = normalizeKeys((value as Record<string, unknown>)[key], maxDepth - 1);
    }
    return out;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
}

const NORMALIZED = /^[^A-Z-]*$/;
