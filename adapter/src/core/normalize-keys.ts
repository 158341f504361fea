/** A JSON value whose object keys were normalized. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Normalizes object keys the way Kazoo's `kz_json:normalize_jobj/1` does before blackhole sends
 * an event: lower case and `-` → `_`, at every depth (arrays included). Applying it to a 4.x frame
 * changes nothing; applying it to a legacy Title-Case event yields the 4.x keys. Objects come out
 * with a null prototype, so a key such as `__proto__` from the wire is only ever a key.
 */
export function normalizeKeys(value: unknown): JsonValue {
  if (Array.isArray(value)) return value.map((item) => normalizeKeys(item));
  if (value !== null && typeof value === 'object') {
    const out = Object.create(null) as Record<string, JsonValue>;
    for (const [key, inner] of Object.entries(value)) {
      out[key.toLowerCase().replaceAll('-', '_')] = normalizeKeys(inner);
    }
    return out;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
}
