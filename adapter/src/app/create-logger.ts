/**
 * The adapter's pino logger. Secrets are redacted by key wherever they appear (two levels deep
 * plus the usual header names), so a config or an error object logged by mistake leaks nothing.
 */
import pino, { type Logger } from 'pino';

const SECRET_KEYS = [
  'apiKey',
  'privateKey',
  'clientSecret',
  'recordingLinkSecret',
  'webhookSecret',
  'tokenEncryptionKey',
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'authorization',
  'assertion',
  'password'
];

export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  ...SECRET_KEYS.map((key) => `*.*.${key}`),
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'tenants[*].apiKey',
  'tenants[*].recordingLinkSecret',
  'tenants[*].webhookSecret',
  'tenants[*].kazoo.apiKey',
  'tenants[*].salesforce.auth.privateKey',
  'tenants[*].salesforce.auth.clientSecret'
];

/** Creates the process logger (JSON to stdout, or to `destination`). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'cti-adapter' } };
  return destination ? pino(options, destination) : pino(options);
}
