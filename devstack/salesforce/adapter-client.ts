/**
 * What the package's AdapterClient does through the Telephony_Adapter named credential: call the
 * adapter's HTTP API with the tenant API key, with a timeout, and turn its errors into agent words.
 */
import type { AdapterLink } from './org-context.ts';

export class AdapterCallError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly status: number
  ) {
    super(message);
  }
}

/** Sends one request to the adapter and returns its JSON body, or throws AdapterCallError. */
export async function callAdapter(
  link: AdapterLink,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown
): Promise<Record<string, unknown>> {
  if (!link.url) {
    throw new AdapterCallError(
      'The telephony adapter is not configured. Ask your admin to check the Telephony_Adapter named credential.',
      undefined,
      0
    );
  }
  let response: Response;
  try {
    response = await fetch(new URL(path, link.url), {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(link.apiKey ? { [link.apiKeyHeader]: link.apiKey } : {})
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000)
    });
  } catch (error) {
    throw new AdapterCallError(`The telephony adapter did not answer (${(error as Error).message}).`, undefined, 0);
  }
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    json = { message: text };
  }
  if (!response.ok) {
    const nested = (json.error ?? json) as Record<string, unknown>;
    const code = typeof nested.code === 'string' ? nested.code : undefined;
    const message =
      typeof nested.message === 'string' ? nested.message : `The telephony adapter answered ${response.status}.`;
    throw new AdapterCallError(message, code, response.status);
  }
  return json;
}
