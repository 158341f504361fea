// The harness-only bundle of the Telephony admin setup page (scripts/build-admin-harness.mjs): the real
// telephonyAdminSetup component with lightning/* resolved to the stand-ins in ./lightning, mounted in
// #admin-root with the dev session the stand-in rendered into the page. Lightning Experience runs components
// in synthetic shadow, so global SLDS-like CSS styles them here as it does there (LWC Developer Guide
// "Shadow DOM").
/* global window, document -- a browser script, loaded by the harness admin page */
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import TelephonyAdminSetup from 'c/telephonyAdminSetup';
import { useSession } from './lightning/apex/apex.js';
import { showToast } from './admin-toasts.js';

function mount() {
  const root = document.getElementById('admin-root');
  if (!root) return;
  useSession(root.dataset.harnessSessionId || '');
  // Lightning Experience turns ShowToastEvent into a toast; the harness does it in #admin-toasts.
  document.addEventListener('lightning__showtoast', (event) =>
    showToast(document.getElementById('admin-toasts'), event.detail, window)
  );
  root.appendChild(createElement('c-telephony-admin-setup', { is: TelephonyAdminSetup }));
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
else mount();
