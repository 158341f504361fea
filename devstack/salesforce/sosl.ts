/**
 * The SOSL the project sends: `FIND {…} IN PHONE FIELDS RETURNING Contact(Id, Name), Lead(…), Account(…)`.
 * Phone numbers match on their digits (a stored "(415) 555-0123" matches "+14155550123"), the way
 * Salesforce's phone search ignores formatting.
 */
import { ApiError } from './api-error.ts';
import { attributes, canonicalField, visibleTo, type Viewer } from './soql.ts';
import type { ObjectDef } from './schema.ts';
import type { OrgStore } from './store.ts';

export interface SearchContext {
  store: OrgStore;
  schema: Record<string, ObjectDef>;
  viewer: Viewer;
  apiVersion: string;
}

interface ParsedSearch {
  terms: string[];
  scope: 'PHONE' | 'NAME' | 'ALL' | 'EMAIL';
  returning: { sobject: string; fields: string[]; limit?: number }[];
  limit?: number;
}

const SOSL =
  /^\s*FIND\s+\{((?:[^}\\]|\\.)*)\}\s*(?:IN\s+(ALL|NAME|PHONE|EMAIL)\s+FIELDS\s*)?(?:RETURNING\s+(.+?))?\s*(?:LIMIT\s+(\d+))?\s*$/is;

/** Splits `A(x, y), B, C(z)` on the commas outside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

function parseReturning(text: string): ParsedSearch['returning'] {
  return splitTopLevel(text).map((part) => {
    const match = /^([A-Za-z0-9_]+)\s*(?:\(([^)]*)\))?$/.exec(part);
    if (!match) throw new ApiError(400, 'MALFORMED_SEARCH', `Invalid RETURNING clause: ${part}`);
    const inner = (match[2] ?? 'Id').trim();
    const limitMatch = /\bLIMIT\s+(\d+)\s*$/i.exec(inner);
    const fieldList = inner.replace(/\bLIMIT\s+\d+\s*$/i, '').trim();
    if (/\bWHERE\b|\bORDER\s+BY\b/i.test(fieldList)) {
      throw new ApiError(
        400,
        'MALFORMED_SEARCH',
        'WHERE and ORDER BY inside RETURNING are not supported by the stand-in'
      );
    }
    return {
      sobject: match[1] ?? '',
      fields: fieldList
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean),
      ...(limitMatch ? { limit: Number(limitMatch[1]) } : {})
    };
  });
}

function parseSosl(sosl: string): ParsedSearch {
  const match = SOSL.exec(sosl);
  if (!match) {
    throw new ApiError(400, 'MALFORMED_SEARCH', 'No search term found. The search term must be enclosed in braces.');
  }
  const terms = (match[1] ?? '')
    .replace(/\\(.)/g, '$1')
    .split(/\s+OR\s+/i)
    .map((t) => t.trim().replace(/^"|"$/g, ''))
    .filter(Boolean);
  if (terms.length === 0 || terms.every((t) => t.replace(/[*?]/g, '').length < 2)) {
    throw new ApiError(400, 'MALFORMED_SEARCH', 'search term must be longer than one character');
  }
  return {
    terms,
    scope: (match[2]?.toUpperCase() ?? 'ALL') as ParsedSearch['scope'],
    returning: match[3] ? parseReturning(match[3]) : [],
    ...(match[4] ? { limit: Number(match[4]) } : {})
  };
}

function digits(value: string): string {
  return value.replace(/\D/g, '');
}

/** Same number when the digits are equal, or one is the other with a country code in front. */
export function phoneDigitsMatch(a: string, b: string): boolean {
  const x = digits(a);
  const y = digits(b);
  if (x.length < 2 || y.length < 2) return false;
  if (x === y) return true;
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  return short.length >= 7 && long.endsWith(short) && long.length - short.length <= 3;
}

function textMatch(value: string, term: string): boolean {
  const re = new RegExp(
    term
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.'),
    'i'
  );
  return re.test(value);
}

/** Runs a SOSL search and returns the REST API's `{ searchRecords }` body. */
export function runSearch(sosl: string, ctx: SearchContext): { searchRecords: Record<string, unknown>[] } {
  const search = parseSosl(sosl);
  const out: Record<string, unknown>[] = [];
  for (const item of search.returning) {
    const sobject = Object.keys(ctx.schema).find((s) => s.toLowerCase() === item.sobject.toLowerCase());
    const def = sobject ? ctx.schema[sobject] : undefined;
    if (!sobject || !def) throw new ApiError(400, 'INVALID_TYPE', `sObject type '${item.sobject}' is not supported.`);
    const fields = item.fields.map((f) => canonicalField(def, sobject, f));
    const searched = Object.keys(def).filter((f) => {
      const type = def[f]?.type;
      if (search.scope === 'PHONE') return type === 'phone';
      if (search.scope === 'EMAIL') return type === 'email';
      if (search.scope === 'NAME') return f === 'Name' || f === 'FirstName' || f === 'LastName';
      return type === 'string' || type === 'phone' || type === 'email' || type === 'textarea';
    });
    const hits = ctx.store
      .all(sobject)
      .filter((r) => visibleTo(ctx.viewer, sobject, r))
      .filter((r) =>
        searched.some((f) => {
          const value = r[f];
          if (typeof value !== 'string') return false;
          return search.terms.some((t) =>
            search.scope === 'PHONE' ? phoneDigitsMatch(value, t) : textMatch(value, t)
          );
        })
      )
      .slice(0, item.limit);
    for (const r of hits) {
      const row: Record<string, unknown> = { attributes: attributes(sobject, r.Id, ctx.apiVersion) };
      for (const f of fields) row[f] = r[f] ?? null;
      out.push(row);
    }
  }
  return { searchRecords: out.slice(0, search.limit ?? 2000) };
}
