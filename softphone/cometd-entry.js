// The `cometd` static resource: the cometd npm package (ES modules) as one browser script that exposes
// `window.org.cometd` (the same global the CometD project's own browser distribution uses).
/* global window -- a browser script, loaded by the page */
import * as cometd from 'cometd';

const root = (window.org = window.org || {});
root.cometd = cometd;
