// Reads the softphone's configuration from the data attributes of #softphone-root (softphone/README.md).
import { REMOTE_METHODS, kebabMethodName } from 'c/apexService';

const USER_ID = /^005[a-zA-Z0-9]{15}$/;
const NAMESPACE = /^[a-zA-Z][a-zA-Z0-9_]{0,14}$/;
const API_VERSION = /^\d{2,3}\.0$/;
const DEFAULT_API_VERSION = '66.0';

export class SoftphoneConfigError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SoftphoneConfigError';
  }
}

/** `get-open-calls` → `remoteGetOpenCalls`, the dataset key of `data-remote-get-open-calls`. */
function datasetKey(method) {
  const kebab = `remote-${kebabMethodName(method)}`;
  return kebab.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase());
}

/**
 * @param dataset the root element's `dataset`
 * @param origin the page origin, for the default CometD URL
 */
export function readSoftphoneConfig(dataset, origin) {
  const problems = [];
  const sessionId = (dataset.sessionId || '').trim();
  const userId = (dataset.userId || '').trim();
  const namespace = (dataset.namespace || '').trim().replace(/__$/, '');
  const apiVersion = (dataset.apiVersion || DEFAULT_API_VERSION).trim();

  if (!sessionId) problems.push('data-session-id is empty');
  if (!USER_ID.test(userId)) problems.push(`data-user-id must be an 18-character user id, got "${userId}"`);
  if (namespace && !NAMESPACE.test(namespace)) problems.push(`data-namespace "${namespace}" is not a namespace prefix`);
  if (!API_VERSION.test(apiVersion)) problems.push(`data-api-version "${apiVersion}" is not like 66.0`);

  // One data-remote-<kebab-method> per contract method, e.g. data-remote-link-caller for linkCaller.
  const remoteActions = {};
  for (const method of Object.keys(REMOTE_METHODS)) {
    const action = (dataset[datasetKey(method)] || '').trim();
    if (action) remoteActions[method] = action;
    else problems.push(`data-remote-${kebabMethodName(method)} is missing`);
  }

  if (problems.length) throw new SoftphoneConfigError(`The softphone is not configured: ${problems.join('; ')}.`);

  const configuredUrl = (dataset.cometdUrl || '').trim();
  const path = configuredUrl || `/cometd/${apiVersion}`;
  const cometdUrl = /^https?:\/\//.test(path) ? path : `${origin}${path.startsWith('/') ? '' : '/'}${path}`;
  return { sessionId, userId, namespace, apiVersion, cometdUrl, remoteActions };
}
