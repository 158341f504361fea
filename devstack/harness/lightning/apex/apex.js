// What `@salesforce/apex/<Class>.<method>` imports become in the harness build: a function taking the
// parameters object and returning a promise, as in Lightning (LWC Developer Guide "Call Apex Methods
// Imperatively"). It posts to the Salesforce stand-in with the page's dev session; a refusal rejects with
// `{ status, body: { message } }`, so `error.body.message` reads as it does for an AuraHandledException.
let sessionId = '';

/** The harness entry hands over the dev session of the user the page is opened as. */
export function useSession(id) {
  sessionId = id;
}

export function apexMethod(controller, method) {
  return async function callApex(params) {
    const response = await fetch(`/__standin/apex/${controller}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `OAuth ${sessionId}` },
      body: JSON.stringify(params || {})
    });
    const body = await response.json().catch(() => ({ message: `HTTP ${response.status}` }));
    if (!response.ok) {
      throw Object.assign(new Error(body.message), { status: response.status, ok: false, body });
    }
    return body;
  };
}
