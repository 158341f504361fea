// SoftphoneController over Visualforce remoting. The method names and parameter order follow
// staticresources/softphoneContract.json `methods`; a jest test holds the two together.

export const REMOTE_METHODS = {
  getOpenCalls: [],
  getHistory: ['limitSize', 'beforeTimestamp', 'filter'],
  saveWrapUp: ['callDataId', 'wrapUpCode', 'notes'],
  linkCaller: ['callDataId', 'recordId'],
  getRecordingLink: ['callDataId'],
  dial: ['phoneNumber', 'relatedRecordId'],
  getWrapUpCodes: []
};

const INVOKE_OPTIONS = { escape: false, buffer: false };

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
          if (event && event.status) resolve(result);
          else reject(new Error((event && event.message) || `${method} failed.`));
        },
        INVOKE_OPTIONS
      );
    });
  }

  return {
    getOpenCalls: () => invoke('getOpenCalls', []),
    getHistory: (limitSize, beforeTimestamp, filter) =>
      invoke('getHistory', [limitSize, beforeTimestamp || null, filter || 'all']),
    saveWrapUp: (callDataId, wrapUpCode, notes) => invoke('saveWrapUp', [callDataId, wrapUpCode || null, notes || '']),
    /** Puts the Contact, Lead or Account the agent picked on the call; resolves the saved callView. */
    linkCaller: (callDataId, recordId) => invoke('linkCaller', [callDataId, recordId]),
    getRecordingLink: (callDataId) => invoke('getRecordingLink', [callDataId]),
    dial: (phoneNumber, relatedRecordId) => invoke('dial', [phoneNumber, relatedRecordId || null]),
    getWrapUpCodes: () => invoke('getWrapUpCodes', [])
  };
}
