/**
 * Form-data webhook deliveries (`format: form-data`, the hook schema's default) decoded back into
 * the JSON payload Kazoo encoded. What the payload means is core/webhook-payload.ts's business.
 */

/**
 * Rebuilds nested objects from a form-data delivery. Kazoo's `kz_http_util:json_to_querystring`
 * writes `{a:{b:1}}` as `a[b]=1`, lists as `a[]=x&a[]=y`, and every value as a string.
 */
export function unflattenFormFields(fields: Record<string, unknown>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [flatKey, value] of Object.entries(fields)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(flatKey);
    if (!match) {
      root[flatKey] = value;
      continue;
    }
    const path = [match[1] as string, ...[...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] as string)];
    assignPath(root, path, value);
  }
  return root;
}

function assignPath(root: Record<string, unknown>, path: string[], value: unknown): void {
  if (path.some((key) => key === '__proto__' || key === 'constructor' || key === 'prototype')) return;
  let node = root;
  for (let index = 0; index < path.length - 1; index += 1) {
    const key = path[index] as string;
    if (path[index + 1] === '') {
      // `a[]=x&a[]=y`: fast-querystring already collected the repeats into a list.
      const existing: unknown[] = Array.isArray(node[key]) ? (node[key] as unknown[]) : [];
      node[key] = existing.concat(Array.isArray(value) ? (value as unknown[]) : [value]);
      return;
    }
    const child = node[key];
    if (typeof child !== 'object' || child === null || Array.isArray(child)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

/**
 * A form-data body as Kazoo sends it (`req_body` in its delivery attempts) → the JSON payload:
 * decoded like the intake's form parser (`+` is a space, repeated keys collect into a list), then
 * unflattened.
 */
export function parseFormBody(body: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const existing = fields[key];
    if (existing === undefined) fields[key] = value;
    else fields[key] = Array.isArray(existing) ? [...(existing as unknown[]), value] : [existing, value];
  }
  return unflattenFormFields(fields);
}
