// SoftphoneController over Visualforce remoting. The method names and parameter order follow
// staticresources/softphoneContract.json `methods`; a jest test holds the two together.

export const REMOTE_METHODS = {
  getOpenCalls: [],
  getHistory: ['limitSize', 'beforeTimestamp', 'filter', 'search', 'fromDay', 'toDay'],
  saveWrapUp: ['callDataId', 'wrapUpCode', 'notes'],
  linkCaller: ['callDataId', 'recordId'],
  createCaller: ['callDataId', 'objectType'],
  getRecordingLink: ['callDataId'],
  dial: ['phoneNumber', 'relatedRecordId'],
  getWrapUpCodes: [],
  controlCall: ['callDataId', 'action', 'target'],
  getAgentStatus: [],
  setAgentStatus: ['status'],
  getColleagues: [],
  getRingChannel: []
};

// Remoting's default escaping stays on (security review: caller ids come from the PBX); results are decoded
// here once, because the components render them as text nodes, never as HTML.
const INVOKE_OPTIONS = { escape: true, buffer: false };
const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#039;': "'" };

/** Undoes Visualforce remoting's HTML escaping of every string in a result. */
export function unescapeResult(value) {
  if (typeof value === 'string') return value.replace(/&(?:amp|lt|gt|quot|#0?39);/g, (entity) => ENTITIES[entity]);
  if (Array.isArray(value)) return value.map(unescapeResult);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, unescapeResult(item)]));
  }
  return value;
}

/** `getOpenCalls` → `get-open-calls`: the suffix of the root element's `data-remote-*` attribute. */
export function kebabMethodName(method) {
  return method.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/**
 * @param manager `Visualforce.remoting.Manager` (or the harness stand-in)
 * @param actions remote action names by method, e.g. `{ getOpenCalls: 'SoftphoneController.getOpenCalls' }`
 */
export function createApexService(manager, actions) {
  function invoke(method, args) {
    const action = actions && actions[method];
    if (!action) return Promise.reject(new Error(`The page does not configure the remote action ${method}.`));
    if (!manager || typeof manager.invokeAction !== 'function') {
      return Promise.reject(new Error('Visualforce remoting is not available on this page.'));
    }
    return new Promise((resolve, reject) => {
      manager.invokeAction(
        action,
        ...args,
        (result, event) => {
          if (event && event.status) resolve(unescapeResult(result));
          else reject(new Error((event && event.message) || `${method} failed.`));
        },
        INVOKE_OPTIONS
      );
    });
  }

  return {
    getOpenCalls: () => invoke('getOpenCalls', []),
    /** `query` = `{ search, fromDay, toDay }` (each optional). */
    getHistory: (limitSize, beforeTimestamp, filter, query = {}) =>
      invoke('getHistory', [
        limitSize,
        beforeTimestamp || null,
        filter || 'all',
        query.search || null,
        query.fromDay || null,
        query.toDay || null
      ]),
    saveWrapUp: (callDataId, wrapUpCode, notes) => invoke('saveWrapUp', [callDataId, wrapUpCode || null, notes || '']),
    /** Puts the Contact, Lead or Account the agent picked on the call; resolves the saved callView. */
    linkCaller: (callDataId, recordId) => invoke('linkCaller', [callDataId, recordId]),
    /** An unknown caller becomes a new Lead or Contact linked to the call; resolves the saved callView. */
    createCaller: (callDataId, objectType) => invoke('createCaller', [callDataId, objectType]),
    getRecordingLink: (callDataId) => invoke('getRecordingLink', [callDataId]),
    dial: (phoneNumber, relatedRecordId) => invoke('dial', [phoneNumber, relatedRecordId || null]),
    getWrapUpCodes: () => invoke('getWrapUpCodes', []),
    /** hangup, hold, resume, decline or transfer (with `target`) on the agent's own call. */
    controlCall: (callDataId, action, target) => invoke('controlCall', [callDataId, action, target || null]),
    getAgentStatus: () => invoke('getAgentStatus', []),
    setAgentStatus: (status) => invoke('setAgentStatus', [status]),
    getColleagues: () => invoke('getColleagues', []),
    /** A one-minute ticket and URL for the adapter's ringing channel (c/ringChannelService); null ticket: off. */
    getRingChannel: () => invoke('getRingChannel', [])
  };
}
