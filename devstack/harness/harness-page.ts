/**
 * The harness page's HTML: an agent switcher, click-to-dial buttons for sample records, the
 * "utility bar panel" that hosts `#softphone-root` with the attributes softphone/README.md asks
 * for, and the logs of Open CTI calls and screen pops.
 */

import { HARNESS_FAULTS } from './harness-controls.ts';

export interface HarnessAgent {
  id: string;
  name: string;
  extension: string | null;
}

export interface HarnessRecord {
  id: string;
  name: string;
  objectType: string;
  phone: string;
}

export interface HarnessPageInput {
  agent: HarnessAgent;
  agents: HarnessAgent[];
  sessionId: string;
  apiVersion: string;
  records: HarnessRecord[];
  remoteMethods: string[];
  /** The package namespace ('' when un-namespaced): what Softphone.page's namespacePrefix would render. */
  namespace: string;
  missing: string[];
  /** The `?agent=` asked for when no agent has that id (the page shows the first agent and says so). */
  unknownAgent?: string | null;
  /** The PBX scenarios the Ring form offers (none when no simulator is attached). */
  scenarios?: readonly string[];
}

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Renders the whole page; every dynamic value is escaped. */
export function renderHarnessPage(input: HarnessPageInput): string {
  const e = escapeHtml;
  const options = input.agents
    .map(
      (a) =>
        `<option value="${e(a.id)}"${a.id === input.agent.id ? ' selected' : ''}>${e(a.name)}${a.extension ? ` (ext ${e(a.extension)})` : ''}</option>`
    )
    .join('');
  const dialButtons = input.records
    .map(
      (r) =>
        `<button type="button" class="harness-button" data-id="click-to-dial" data-number="${e(r.phone)}" data-record-id="${e(r.id)}" data-record-name="${e(r.name)}" data-object-type="${e(r.objectType)}">Call ${e(r.name)} <small>${e(r.phone)}</small></button>`
    )
    .join('');
  const views = input.records
    .map(
      (r) =>
        `<option value="${e(r.id)}" data-record-name="${e(r.name)}" data-object-type="${e(r.objectType)}">${e(r.objectType)}: ${e(r.name)}</option>`
    )
    .join('');
  // In a managed install {!$RemoteAction.SoftphoneController.m} renders `ns.SoftphoneController.m` (Visualforce
  // Developer Guide "Namespaces and JavaScript Remoting").
  const controller = input.namespace ? `${input.namespace}.SoftphoneController` : 'SoftphoneController';
  const remotes = input.remoteMethods.map((m) => `data-remote-${kebab(m)}="${e(controller)}.${e(m)}"`).join('\n      ');
  const missing = input.missing.length
    ? `<p class="harness-warning" data-id="bundle-missing">Not built yet: ${input.missing.map(e).join(', ')}. Run <code>npm run build</code> and reload.</p>`
    : '';
  const unknown = input.unknownAgent
    ? `<p class="harness-warning" data-id="unknown-agent">No agent has the id ${e(input.unknownAgent)}; showing ${e(input.agent.name)}.</p>`
    : '';
  const scenarios = input.scenarios ?? [];
  const scenarioOptions = scenarios
    .map((s) => `<option value="${e(s)}"${s === 'inbound-user' ? ' selected' : ''}>${e(s)}</option>`)
    .join('');
  const callers = input.records
    .map((r) => `<option value="${e(r.phone)}">${e(r.name)} (${e(r.objectType)})</option>`)
    .join('');
  const faultButtons = Object.entries(HARNESS_FAULTS)
    .map(
      ([fault, label]) =>
        `<button type="button" class="harness-button" data-id="harness-fault" data-fault="${e(fault)}">${e(label)}</button>`
    )
    .join('');
  const controls = scenarios.length
    ? `<section class="harness-controls" aria-label="Ring a call and inject faults" data-id="harness-controls">
      <form data-id="harness-ring-form">
        <label>Scenario <select name="scenario" data-id="harness-scenario">${scenarioOptions}</select></label>
        <label>Caller <input name="number" data-id="harness-caller" list="harness-callers" value="+14155550123" autocomplete="off"></label>
        <datalist id="harness-callers">${callers}</datalist>
        <button type="submit" class="harness-button" data-id="harness-ring">Ring ${e(input.agent.name)}</button>
      </form>
      <div class="harness-faults">${faultButtons}</div>
      <p data-id="harness-status" role="status"></p>
    </section>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Softphone harness: ${e(input.agent.name)}</title>
  <link rel="stylesheet" href="/harness/static/harness.css">
</head>
<body>
  <header class="harness-bar">
    <strong>Kazoo CTI harness</strong>
    <a class="harness-link" href="/harness/admin" data-id="harness-admin-link">Admin setup</a>
    <label>Agent <select id="agent-switcher" data-id="agent-switcher">${options}</select></label>
    <label>Record on screen <select id="app-view" data-id="app-view"><option value="">(home page)</option>${views}</select></label>
    <span class="harness-dial">${dialButtons}</span>
  </header>
  ${missing}
  ${unknown}
  ${controls}
  <main class="harness-main">
    <section class="harness-panel" data-id="softphone-panel" data-visible="true" aria-label="Softphone panel">
      <div class="harness-panel-header"><span data-id="panel-icon" aria-hidden="true">call</span> <span data-id="panel-label">Phone</span></div>
      <div id="softphone-root"
      data-session-id="${e(input.sessionId)}"
      data-user-id="${e(input.agent.id)}"
      data-namespace="${e(input.namespace)}"
      data-api-version="${e(input.apiVersion)}"
      data-cometd-url=""
      ${remotes}></div>
    </section>
    <section class="harness-logs">
      <h2>Screen pops</h2>
      <ol data-id="screen-pops"></ol>
      <h2>Open CTI calls</h2>
      <ol data-id="opencti-log"></ol>
    </section>
  </main>
  <script src="/harness/static/opencti-standin.js"></script>
  <script src="/harness/static/visualforce-standin.js"></script>
  <script src="/harness/static/harness.js"></script>
  <script src="/harness/static/cometd.js"></script>
  <script src="/harness/static/softphoneBundle.js"></script>
</body>
</html>
`;
}
