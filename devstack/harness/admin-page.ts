/**
 * The harness's "Admin setup" page: the real telephonyAdminSetup component (harness build,
 * scripts/build-admin-harness.mjs) opened as a chosen user with a fresh dev session, the way a Lightning
 * app page would host it, plus the toast region Lightning Experience draws ShowToastEvent into.
 */
import { escapeHtml } from './harness-page.ts';

export interface AdminPageUser {
  id: string;
  name: string;
  role: string;
}

export interface AdminPageInput {
  user: AdminPageUser;
  /** Everyone the page can be opened as (an agent sees the permission refusal). */
  users: AdminPageUser[];
  sessionId: string;
  /** True when the harness bundle has not been built yet. */
  missingBundle: boolean;
}

export function renderAdminPage(input: AdminPageInput): string {
  const e = escapeHtml;
  const options = input.users
    .map(
      (u) =>
        `<option value="${e(u.id)}"${u.id === input.user.id ? ' selected' : ''}>${e(u.name)} (${e(u.role)})</option>`
    )
    .join('');
  const missing = input.missingBundle
    ? `<p class="harness-warning" data-id="bundle-missing">Not built yet: telephonyAdminSetup.js. Run <code>npm run build</code> and reload.</p>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Telephony setup (harness): ${e(input.user.name)}</title>
  <link rel="stylesheet" href="/harness/static/harness.css">
  <link rel="stylesheet" href="/harness/static/admin-setup.css">
</head>
<body>
  <header class="harness-bar">
    <strong>Kazoo CTI harness</strong>
    <a class="harness-link" href="/harness/" data-id="harness-softphone-link">Softphone</a>
    <form method="get" action="/harness/admin" class="harness-open-as">
      <label>Open as <select name="user" data-id="admin-user-switcher">${options}</select></label>
      <button type="submit" class="harness-button">Open</button>
    </form>
  </header>
  ${missing}
  <main class="admin-main">
    <div id="admin-root" data-harness-session-id="${e(input.sessionId)}" data-user-id="${e(input.user.id)}"></div>
  </main>
  <div id="admin-toasts" class="slds-notify_container" aria-live="polite" data-id="admin-toasts"></div>
  <script src="/harness/static/telephonyAdminSetup.js"></script>
</body>
</html>
`;
}
