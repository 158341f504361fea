// Renders a ShowToastEvent's detail as an SLDS toast. Modes follow ShowToastEvent's documentation
// (LWC Developer Guide "Toast Notifications"): `dismissible` (the default) closes on its button or after
// 3 seconds, `pester` after 3 seconds with no button, `sticky` only on its button. Every toast is also
// kept in window.__toasts for tests.
const AUTO_CLOSE_MS = 3000;

export function showToast(region, detail, window) {
  const toast = detail || {};
  (window.__toasts = window.__toasts || []).push(toast);
  if (!region) return;
  const variant = ['success', 'warning', 'error', 'info'].includes(toast.variant) ? toast.variant : 'info';
  const mode = ['dismissible', 'pester', 'sticky'].includes(toast.mode) ? toast.mode : 'dismissible';
  const box = region.ownerDocument.createElement('div');
  box.className = `slds-notify slds-notify_toast slds-theme_${variant}`;
  box.setAttribute('role', 'status');
  box.dataset.id = 'toast';
  box.dataset.variant = variant;
  const title = region.ownerDocument.createElement('h2');
  title.className = 'slds-text-heading_small';
  title.textContent = toast.title || '';
  const message = region.ownerDocument.createElement('p');
  message.textContent = toast.message || '';
  box.append(title, message);
  const close = () => box.remove();
  if (mode !== 'pester') {
    const button = region.ownerDocument.createElement('button');
    button.type = 'button';
    button.className = 'slds-button slds-notify__close';
    button.textContent = '×';
    button.setAttribute('aria-label', 'Close');
    button.addEventListener('click', close);
    box.append(button);
  }
  if (mode !== 'sticky') window.setTimeout(close, AUTO_CLOSE_MS);
  region.append(box);
}
