// The only module that talks to Open CTI. Every method returns a Promise: a `{ success: false, errors }`
// response rejects with an OpenCtiError whose message the app shows, so no Open CTI failure is silent.
// Keeping Open CTI behind this seam is also where a Service Cloud Voice connector can come in later.

export const CALL_TYPE = { INBOUND: 'inbound', OUTBOUND: 'outbound', INTERNAL: 'internal' };

const SOBJECT_POP = 'sobject';
const SCREEN_POP_DATA = 'SCREEN_POP_DATA';

export class OpenCtiError extends Error {
  constructor(method, errors) {
    const list = Array.isArray(errors) && errors.length ? errors : [{ code: 'GENERIC_ERROR', description: '' }];
    const text = list.map((e) => [e.code, e.description].filter(Boolean).join(': ')).join('; ');
    super(`Open CTI ${method} failed: ${text}`);
    this.name = 'OpenCtiError';
    this.code = list[0].code;
    this.errors = list;
  }
}

export const OPEN_CTI_UNAVAILABLE =
  'Open CTI is not available: screen pops and click-to-dial are off. Open the softphone from the utility bar.';

/** The matches of a searchAndScreenPop answer, without the pop instructions. */
function matchesOf(returnValue) {
  return Object.entries(returnValue || {})
    .filter(([key, value]) => key !== SCREEN_POP_DATA && value && typeof value === 'object')
    .map(([key, value]) => ({
      id: value.Id || key,
      name: value.Name || value.Id || key,
      type: value.RecordType || value.objectType || ''
    }));
}

/** Reads the dialled number from both payload shapes (current docs and the API 44 sample). */
export function clickToDialNumber(payload) {
  const value = payload?.number ?? payload?.returnValue?.number;
  return value === undefined || value === null ? '' : String(value);
}

/**
 * @param opencti `sforce.opencti`, or undefined when the page did not load it (harness without a fake).
 */
export function createOpenCtiService(opencti) {
  const available = Boolean(opencti);

  function call(method, args = {}) {
    if (!available)
      return Promise.reject(new OpenCtiError(method, [{ code: 'UNAVAILABLE', description: OPEN_CTI_UNAVAILABLE }]));
    return new Promise((resolve, reject) => {
      try {
        opencti[method]({
          ...args,
          callback: (response) => {
            if (response && response.success) resolve(response.returnValue);
            else reject(new OpenCtiError(method, response && response.errors));
          }
        });
      } catch (error) {
        reject(new OpenCtiError(method, [{ code: 'GENERIC_ERROR', description: error.message }]));
      }
    });
  }

  const sobjectPop = () => opencti?.SCREENPOP_TYPE?.SOBJECT || SOBJECT_POP;

  return {
    available,
    notifyInitializationComplete: () => call('notifyInitializationComplete'),
    enableClickToDial: () => call('enableClickToDial'),
    /** handler receives `{ number, recordId, recordName, objectType }`. */
    onClickToDial(handler) {
      if (!available)
        return Promise.reject(
          new OpenCtiError('onClickToDial', [{ code: 'UNAVAILABLE', description: OPEN_CTI_UNAVAILABLE }])
        );
      opencti.onClickToDial({
        listener: (payload) => {
          const source = payload?.returnValue && payload.number === undefined ? payload.returnValue : payload;
          handler({
            number: clickToDialNumber(payload),
            recordId: source?.recordId || null,
            recordName: source?.recordName || null,
            objectType: source?.objectType || null
          });
        }
      });
      return Promise.resolve();
    },
    showPanel: () => call('setSoftphonePanelVisibility', { visible: true }),
    setPanelState: (label, iconKey) =>
      Promise.all([call('setSoftphonePanelLabel', { label }), call('setSoftphoneItemIcon', { key: iconKey })]),
    screenPop: (recordId) => call('screenPop', { type: sobjectPop(), params: { recordId } }),
    /**
     * Searches with `deferred: true` and pops itself, so that several matches can go to the agent's
     * picker instead of a search page. Only inbound calls pop; outbound and internal only search.
     * Resolves `{ matches: [{ id, name, type }], popped }`.
     */
    async searchAndScreenPop(number, callType) {
      const returnValue = await call('searchAndScreenPop', { searchParams: number, callType, deferred: true });
      const matches = matchesOf(returnValue);
      const popData = returnValue && returnValue[SCREEN_POP_DATA];
      const shouldPop = callType === CALL_TYPE.INBOUND && matches.length <= 1;
      if (shouldPop && popData) {
        await call('screenPop', popData);
        return { matches, popped: true };
      }
      if (shouldPop && matches.length === 1) {
        await call('screenPop', { type: sobjectPop(), params: { recordId: matches[0].id } });
        return { matches, popped: true };
      }
      return { matches, popped: false };
    },
    getAppViewInfo: () => call('getAppViewInfo'),
    getCallCenterSettings: () => call('getCallCenterSettings')
  };
}
