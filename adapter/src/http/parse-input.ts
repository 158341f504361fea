import type { z } from 'zod';
import { ApiError } from './api-error.ts';

/**
 * Validates one part of a request (body, query, params) with zod and returns the typed value, or
 * throws a 400 `INVALID_REQUEST` that lists every problem in words, e.g.
 * `The request body is invalid: number: Expected a phone number`.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, part: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message
  }));
  const words = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  throw new ApiError(400, 'INVALID_REQUEST', `The ${part} is invalid: ${words}`, issues);
}
