/**
 * Evaluates a parsed SOQL WHERE clause (from @jetstreamapp/soql-parser-js) against a record:
 * =, !=, <, <=, >, >=, IN, NOT IN, LIKE, null, AND/OR/NOT with parentheses, date literals.
 */
import type { Condition, WhereClause } from '@jetstreamapp/soql-parser-js';
import { ApiError } from './api-error.ts';

type Token = { kind: 'cond'; cond: Condition } | { kind: 'op'; op: 'AND' | 'OR' | 'NOT' } | { kind: '(' | ')' };

/** Resolves a field name as written in the query to the stored value of a record. */
export type FieldReader = (record: Record<string, unknown>, field: string) => unknown;

interface LooseWhere {
  left?: (Condition & { field?: string; openParen?: number; closeParen?: number }) | null;
  operator?: 'AND' | 'OR' | 'NOT';
  right?: WhereClause;
}

function flatten(where: WhereClause | undefined, out: Token[]): Token[] {
  if (!where) return out;
  const { left, operator, right } = where as LooseWhere;
  if (operator === 'NOT') out.push({ kind: 'op', op: 'NOT' });
  if (left) {
    for (let i = 0; i < (left.openParen ?? 0); i++) out.push({ kind: '(' });
    if (left.field) out.push({ kind: 'cond', cond: left });
    for (let i = 0; i < (left.closeParen ?? 0); i++) out.push({ kind: ')' });
  }
  if (operator && operator !== 'NOT') out.push({ kind: 'op', op: operator });
  return flatten(right, out);
}

const DAY = 86_400_000;

function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

/** A date literal as the half-open range [start, end) of Unix milliseconds. */
function dateLiteralRange(literal: string, now: number): [number, number] {
  const today = startOfUtcDay(now);
  const [name, nRaw] = literal.toUpperCase().split(':');
  const n = Number(nRaw ?? 0);
  switch (name) {
    case 'TODAY':
      return [today, today + DAY];
    case 'YESTERDAY':
      return [today - DAY, today];
    case 'TOMORROW':
      return [today + DAY, today + 2 * DAY];
    case 'LAST_N_DAYS':
      return [today - n * DAY, today + DAY];
    case 'NEXT_N_DAYS':
      return [today, today + (n + 1) * DAY];
    case 'THIS_WEEK': {
      const weekday = new Date(today).getUTCDay();
      return [today - weekday * DAY, today + (7 - weekday) * DAY];
    }
    case 'LAST_WEEK': {
      const weekday = new Date(today).getUTCDay();
      return [today - (weekday + 7) * DAY, today - weekday * DAY];
    }
    default:
      throw new ApiError(400, 'MALFORMED_QUERY', `unsupported date literal: ${literal}`);
  }
}

function literal(raw: string, type: string): unknown {
  switch (type) {
    case 'STRING':
      return raw.replace(/^'|'$/g, '').replace(/\\(.)/g, '$1');
    case 'INTEGER':
    case 'DECIMAL':
    case 'INTEGER_WITH_CURRENCY_PREFIX':
    case 'DECIMAL_WITH_CURRENCY_PREFIX':
      return Number(raw.replace(/^[A-Z]{3}/, ''));
    case 'BOOLEAN':
      return raw.toUpperCase() === 'TRUE';
    case 'NULL':
      return null;
    case 'DATETIME':
    case 'DATE':
      return Date.parse(raw);
    default:
      return raw;
  }
}

function comparable(stored: unknown, wanted: unknown): [unknown, unknown] {
  if (typeof wanted === 'number' && typeof stored === 'string' && !Number.isNaN(Date.parse(stored))) {
    return [Date.parse(stored), wanted];
  }
  if (typeof wanted === 'string' && typeof stored === 'string') {
    // Ids compare on their case-sensitive 15-character form; other text case-insensitively.
    if (/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(wanted) && /^[a-zA-Z0-9]{18}$/.test(stored)) {
      return [stored.slice(0, 15), wanted.slice(0, 15)];
    }
    return [stored.toLowerCase(), wanted.toLowerCase()];
  }
  return [stored, wanted];
}

function compare(op: string, stored: unknown, wanted: unknown): boolean {
  if (wanted === null) {
    if (op === '=') return stored === null || stored === undefined;
    if (op === '!=' || op === '<>') return stored !== null && stored !== undefined;
    return false;
  }
  if (stored === null || stored === undefined) return op === '!=' || op === '<>';
  const [a, b] = comparable(stored, wanted);
  switch (op) {
    case '=':
      return a === b;
    case '!=':
    case '<>':
      return a !== b;
    case '<':
      return (a as number) < (b as number);
    case '<=':
      return (a as number) <= (b as number);
    case '>':
      return (a as number) > (b as number);
    case '>=':
      return (a as number) >= (b as number);
    default:
      throw new ApiError(400, 'MALFORMED_QUERY', `unsupported operator ${op}`);
  }
}

/** LIKE: % and _ are wildcards, \\%, \\_ and \\\\ stand for themselves (SOQL and SOSL Reference, "Comparison Operators"). */
function likeToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/\\([%_\\])|([%_])|([.*+?^${}()|[\]\\])/g, (_all, escaped, wildcard, special) => {
    if (escaped) return `\\${escaped}`;
    if (wildcard) return wildcard === '%' ? '.*' : '.';
    return `\\${special}`;
  });
  return new RegExp(`^${body}$`, 'is');
}

function evaluateCondition(cond: Condition, record: Record<string, unknown>, read: FieldReader, now: number): boolean {
  const c = cond as { field?: string; operator: string; value?: string | string[]; literalType?: string | string[] };
  if (!c.field) throw new ApiError(400, 'MALFORMED_QUERY', 'only field conditions are supported in WHERE');
  const stored = read(record, c.field);
  const type = Array.isArray(c.literalType) ? (c.literalType[0] ?? 'STRING') : (c.literalType ?? 'STRING');
  const op = c.operator.toUpperCase();
  if (op === 'IN' || op === 'NOT IN') {
    const values = (Array.isArray(c.value) ? c.value : [c.value ?? '']).map((v) => literal(v, type));
    const found = values.some((v) => compare('=', stored, v));
    return op === 'IN' ? found : !found;
  }
  if (op === 'LIKE')
    return typeof stored === 'string' && likeToRegExp(String(literal(String(c.value), type))).test(stored);
  if (type === 'DATE_LITERAL' || type === 'DATE_N_LITERAL') {
    if (typeof stored !== 'string') return op === '!=';
    const at = Date.parse(stored);
    const [start, end] = dateLiteralRange(String(c.value), now);
    const within = at >= start && at < end;
    const results: Record<string, boolean> = {
      '=': within,
      '!=': !within,
      '<': at < start,
      '<=': at < end,
      '>': at >= end,
      '>=': at >= start
    };
    return results[op] ?? false;
  }
  return compare(op, stored, literal(String(c.value), type));
}

/** Compiles a WHERE clause into a predicate over records. */
export function compileWhere(
  where: WhereClause | undefined,
  read: FieldReader,
  now: number
): (record: Record<string, unknown>) => boolean {
  const tokens = flatten(where, []);
  if (tokens.length === 0) return () => true;
  return (record) => {
    let pos = 0;
    const factor = (): boolean => {
      const token = tokens[pos++];
      if (!token) throw new ApiError(400, 'MALFORMED_QUERY', 'unexpected end of WHERE clause');
      if (token.kind === 'op' && token.op === 'NOT') return !factor();
      if (token.kind === '(') {
        const value = expression();
        pos++;
        return value;
      }
      if (token.kind === 'cond') return evaluateCondition(token.cond, record, read, now);
      throw new ApiError(400, 'MALFORMED_QUERY', 'unexpected token in WHERE clause');
    };
    const term = (): boolean => {
      let value = factor();
      while (tokens[pos]?.kind === 'op' && (tokens[pos] as { op: string }).op === 'AND') {
        pos++;
        const right = factor();
        value = value && right;
      }
      return value;
    };
    const expression = (): boolean => {
      let value = term();
      while (tokens[pos]?.kind === 'op' && (tokens[pos] as { op: string }).op === 'OR') {
        pos++;
        const right = term();
        value = value || right;
      }
      return value;
    };
    return expression();
  };
}

/** The field names a WHERE clause refers to (PushTopic filters and NotifyForFields need them). */
export function whereFields(where: WhereClause | undefined): string[] {
  return flatten(where, []).flatMap((t) =>
    t.kind === 'cond' && 'field' in t.cond && t.cond.field ? [t.cond.field] : []
  );
}
