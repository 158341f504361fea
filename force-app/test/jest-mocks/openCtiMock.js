// A controllable stand-in for `sforce.opencti` (Lightning signatures: one object argument, answers
// through `callback({ success, returnValue, errors })` asynchronously, like the postMessage round trip).
const METHODS = [
  'enableClickToDial',
  'disableClickToDial',
  'onClickToDial',
  'setSoftphonePanelVisibility',
  'searchAndScreenPop',
  'screenPop',
  'setSoftphonePanelLabel',
  'setSoftphoneItemIcon',
  'notifyInitializationComplete',
  'getAppViewInfo',
  'getCallCenterSettings'
];

export function createOpenCtiMock() {
  const results = {};
  const failures = {};
  let clickToDialListener = null;

  const opencti = {
    SCREENPOP_TYPE: { SOBJECT: 'sobject', URL: 'url', SEARCH: 'search' },
    CALL_TYPE: { INBOUND: 'inbound', OUTBOUND: 'outbound', INTERNAL: 'internal' }
  };
  for (const method of METHODS) {
    opencti[method] = jest.fn((args) => {
      if (method === 'onClickToDial') {
        clickToDialListener = args.listener;
        return;
      }
      const failure = failures[method];
      const result = typeof results[method] === 'function' ? results[method](args) : results[method];
      const response = failure
        ? { success: false, returnValue: null, errors: failure }
        : { success: true, returnValue: result === undefined ? null : result, errors: null };
      if (args && args.callback) Promise.resolve().then(() => args.callback(response));
    });
  }

  return {
    opencti,
    /** Answers `method` with this returnValue (or a function of the args) from now on. */
    setResult(method, value) {
      results[method] = value;
    },
    /** Answers `method` with `{ success: false, errors }` from now on. */
    fail(method, code, description) {
      failures[method] = [{ code, description }];
    },
    /** What the page would deliver when the agent clicks a phone number in Salesforce. */
    clickToDial(payload) {
      if (!clickToDialListener) throw new Error('onClickToDial was never registered');
      clickToDialListener(payload);
    },
    /** The argument objects of every call to `method`. */
    argsOf(method) {
      return opencti[method].mock.calls.map(([args]) => args);
    }
  };
}
