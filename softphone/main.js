// The `softphoneBundle` static resource entry: reads #softphone-root's configuration, builds the services
// from the page's globals and mounts <c-softphone-app> inside the root (softphone/README.md).
/* global window, document -- a browser script, loaded by the page */
import { createElement } from 'lwc';
import SoftphoneApp from 'c/softphoneApp';
import { readSoftphoneConfig } from 'c/softphoneConfig';
import { createOpenCtiService } from 'c/openCtiService';
import { createStreamingService } from 'c/streamingService';
import { createApexService } from 'c/apexService';
import { createLocalStore } from 'c/localStore';
import { createTabLeader } from 'c/tabLeader';
import { createRingAlert } from 'c/ringAlert';
import { createRingChannelService } from 'c/ringChannelService';

function showConfigError(root, message) {
  const box = document.createElement('p');
  box.setAttribute('role', 'alert');
  box.dataset.id = 'softphone-config-error';
  box.textContent = message;
  root.appendChild(box);
}

function mount() {
  const root = document.getElementById('softphone-root');
  if (!root) return;
  let config;
  try {
    config = readSoftphoneConfig(root.dataset, window.location.origin);
    if (!window.org || !window.org.cometd || !window.org.cometd.CometD) {
      throw new Error('The cometd static resource is not loaded: load it before softphoneBundle.');
    }
  } catch (error) {
    showConfigError(root, error.message);
    return;
  }
  const apex = createApexService(window.Visualforce && window.Visualforce.remoting.Manager, config.remoteActions);
  const services = {
    openCti: createOpenCtiService(window.sforce && window.sforce.opencti),
    streaming: createStreamingService({
      CometD: window.org.cometd.CometD,
      url: config.cometdUrl,
      sessionId: config.sessionId,
      userId: config.userId,
      namespace: config.namespace
    }),
    apex,
    // The adapter's ringing channel: each of the agent's calls shows before the org has it (lwc/ringChannelService).
    ring: createRingChannelService({ WebSocket: window.WebSocket, getTicket: () => apex.getRingChannel() }),
    storage: createLocalStore(window.localStorage, config.userId),
    // One leader among the agent's tabs streams, pops and queues wrap-ups (lwc/tabLeader).
    tabs: createTabLeader({
      locks: window.navigator && window.navigator.locks,
      BroadcastChannel: window.BroadcastChannel,
      name: `kazooSoftphone:${config.userId}`
    }),
    // A ring while the page is hidden: ringtone and desktop notification (lwc/ringAlert).
    alerts: createRingAlert({
      document,
      Notification: window.Notification,
      AudioContext: window.AudioContext,
      focus: () => window.focus()
    })
  };
  const app = createElement('c-softphone-app', { is: SoftphoneApp });
  app.services = services;
  root.appendChild(app);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
else mount();
