// A stand-in for Visualforce JavaScript remoting in the harness page:
// Visualforce.remoting.Manager.invokeAction(actionName, ...args, callback, options) posts to the
// Salesforce stand-in's /__standin/apexremote with the agent's session and calls back
// (result, event) with event.status / event.message the way Visualforce does. Like Visualforce,
// string results are HTML-escaped unless options.escape === false.
(function () {
  'use strict';
  var tid = 0;

  function escapeHtml(value) {
    if (typeof value === 'string') {
      return value.replace(/[&<>"']/g, function (c) {
        return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
      });
    }
    if (Array.isArray(value)) return value.map(escapeHtml);
    if (value && typeof value === 'object') {
      var out = {};
      Object.keys(value).forEach(function (k) {
        out[k] = escapeHtml(value[k]);
      });
      return out;
    }
    return value;
  }

  function sessionId() {
    var root = document.getElementById('softphone-root');
    return root ? root.getAttribute('data-session-id') : '';
  }

  function invokeAction(actionName) {
    var rest = Array.prototype.slice.call(arguments, 1);
    var callbackIndex = -1;
    for (var i = rest.length - 1; i >= 0; i--) {
      if (typeof rest[i] === 'function') {
        callbackIndex = i;
        break;
      }
    }
    if (callbackIndex < 0) throw new Error('Visualforce Remoting: callback function is required');
    var callback = rest[callbackIndex];
    var options = rest[callbackIndex + 1] || {};
    var data = rest.slice(0, callbackIndex);
    var parts = String(actionName).split('.');
    var method = parts.pop();
    var action = parts.join('.');
    var id = ++tid;
    var body = JSON.stringify({ action: action, method: method, data: data, tid: id, type: 'rpc' });
    fetch('/__standin/apexremote', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'OAuth ' + sessionId() },
      body: body,
      signal: options.timeout ? AbortSignal.timeout(options.timeout) : undefined
    })
      .then(function (res) {
        return res.json();
      })
      .then(function (responses) {
        var r = responses[0];
        var ok = r.type === 'rpc';
        var result = ok ? (options.escape === false ? r.result : escapeHtml(r.result)) : null;
        callback(result, {
          status: ok,
          type: r.type,
          tid: r.tid,
          action: r.action,
          method: r.method,
          statusCode: r.statusCode,
          message: ok ? undefined : r.message,
          where: r.where,
          result: result,
          ref: false
        });
      })
      .catch(function (error) {
        callback(null, {
          status: false,
          type: 'exception',
          tid: id,
          action: action,
          method: method,
          statusCode: 0,
          message: 'Unable to connect to the server (communication failure): ' + error.message,
          where: ''
        });
      });
  }

  window.Visualforce = window.Visualforce || {};
  window.Visualforce.remoting = { Manager: { invokeAction: invokeAction }, last: null };
})();
