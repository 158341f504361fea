// A stand-in for `sforce.opencti` (Lightning, API 66) in the local harness page. It follows the
// documented call convention (one object argument, callback({ success, returnValue, errors })),
// answers searchAndScreenPop from the stand-in's SOSL, and records every call in
// window.__openCtiCalls and at POST /__standin/opencti-calls so tests can read them.
(function () {
  'use strict';
  var API_VERSION = '66.0';
  var state = {
    clickToDial: false,
    visible: true,
    initialized: false,
    label: 'Phone',
    icon: 'call',
    clickToDialListeners: [],
    navigationListeners: []
  };
  window.__openCtiCalls = [];
  // Posts go one after another so the stand-in's log keeps the page's order.
  var posting = Promise.resolve();
  window.__screenPops = [];

  function root() {
    return document.getElementById('softphone-root');
  }
  function agentId() {
    var r = root();
    return r ? r.getAttribute('data-user-id') : new URLSearchParams(location.search).get('agent') || 'unknown';
  }
  function sessionId() {
    var r = root();
    return r ? r.getAttribute('data-session-id') : '';
  }

  function plain(args) {
    var out = {};
    Object.keys(args || {}).forEach(function (key) {
      if (typeof args[key] !== 'function') out[key] = args[key];
    });
    return out;
  }

  function record(method, args) {
    var entry = { method: method, args: plain(args), at: new Date().toISOString() };
    window.__openCtiCalls.push(entry);
    window.dispatchEvent(new CustomEvent('opencti-call', { detail: entry }));
    var body = JSON.stringify({ agentId: agentId(), method: method, args: entry.args });
    posting = posting
      .then(function () {
        return fetch('/__standin/opencti-calls', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: body,
          keepalive: true
        });
      })
      .catch(function () {});
  }

  function respond(callback, returnValue, errors) {
    if (typeof callback !== 'function') return;
    var response = errors
      ? { success: false, returnValue: null, errors: errors }
      : { success: true, returnValue: returnValue === undefined ? null : returnValue, errors: null };
    setTimeout(function () {
      callback(response);
    }, 0);
  }

  function checkArgs(args, needsCallback) {
    if (arguments.length > 2 || (args !== undefined && (typeof args !== 'object' || args === null))) {
      throw new Error('Must pass in only one object which holds arguments to this API method call.');
    }
    if (needsCallback && (!args || typeof args.callback !== 'function')) {
      throw new Error('Missing the required argument `callback`!');
    }
    return args || {};
  }

  function invalidParam(name, expected, found) {
    return [
      {
        code: 'INVALID_PARAM',
        description:
          'An invalid value was passed to the parameter ' +
          name +
          '. ' +
          expected +
          ' was expected, but ' +
          found +
          ' was found instead.'
      }
    ];
  }

  function pop(type, params, source) {
    var entry = { type: type, params: params, source: source, at: new Date().toISOString() };
    window.__screenPops.push(entry);
    window.dispatchEvent(new CustomEvent('opencti-pop', { detail: entry }));
    record('screenPop:performed', { type: type, params: params, source: source });
  }

  function soslEscape(text) {
    return String(text).replace(/[?&|!{}[\]()^~*:\\"'+-]/g, '\\$&');
  }

  function search(text) {
    var sosl =
      'FIND {' + soslEscape(text) + '} IN PHONE FIELDS RETURNING Contact(Id, Name), Lead(Id, Name), Account(Id, Name)';
    return fetch('/services/data/v' + API_VERSION + '/search?q=' + encodeURIComponent(sosl), {
      headers: { authorization: 'Bearer ' + sessionId() }
    }).then(function (res) {
      if (!res.ok) throw new Error('search answered ' + res.status);
      return res.json();
    });
  }

  function setPanel() {
    var panel = document.querySelector('[data-id="softphone-panel"]');
    if (panel) panel.setAttribute('data-visible', String(state.visible));
    var label = document.querySelector('[data-id="panel-label"]');
    if (label) label.textContent = state.label;
    var icon = document.querySelector('[data-id="panel-icon"]');
    if (icon) icon.textContent = state.icon;
  }

  var opencti = {
    SCREENPOP_TYPE: {
      URL: 'url',
      SOBJECT: 'sobject',
      OBJECTHOME: 'objecthome',
      LIST: 'list',
      SEARCH: 'search',
      NEW_RECORD_MODAL: 'newRecord',
      FLOW: 'flow'
    },
    CALL_TYPE: { INBOUND: 'inbound', OUTBOUND: 'outbound', INTERNAL: 'internal' },

    enableClickToDial: function (args) {
      var a = checkArgs(args, false);
      record('enableClickToDial', a);
      state.clickToDial = true;
      respond(a.callback, null);
    },
    disableClickToDial: function (args) {
      var a = checkArgs(args, false);
      record('disableClickToDial', a);
      state.clickToDial = false;
      respond(a.callback, null);
    },
    onClickToDial: function (args) {
      var a = checkArgs(args, false);
      if (typeof a.listener !== 'function') throw new Error('Missing the required argument `listener`!');
      record('onClickToDial', a);
      state.clickToDialListeners.push(a.listener);
    },
    onNavigationChange: function (args) {
      var a = checkArgs(args, false);
      if (typeof a.listener !== 'function') throw new Error('Missing the required argument `listener`!');
      record('onNavigationChange', a);
      state.navigationListeners.push(a.listener);
    },
    setSoftphonePanelVisibility: function (args) {
      var a = checkArgs(args, false);
      record('setSoftphonePanelVisibility', a);
      if (typeof a.visible !== 'boolean')
        return respond(a.callback, null, invalidParam('visible', 'A boolean value', typeof a.visible));
      state.visible = a.visible;
      setPanel();
      respond(a.callback, null);
    },
    isSoftphonePanelVisible: function (args) {
      var a = checkArgs(args, true);
      record('isSoftphonePanelVisible', a);
      respond(a.callback, { visible: state.visible });
    },
    setSoftphonePanelLabel: function (args) {
      var a = checkArgs(args, false);
      record('setSoftphonePanelLabel', a);
      state.label = String(a.label);
      setPanel();
      respond(a.callback, null);
    },
    setSoftphoneItemLabel: function (args) {
      opencti.setSoftphonePanelLabel(args);
    },
    setSoftphoneItemIcon: function (args) {
      var a = checkArgs(args, false);
      record('setSoftphoneItemIcon', a);
      state.icon = String(a.key);
      setPanel();
      respond(a.callback, null);
    },
    setSoftphonePanelIcon: function (args) {
      opencti.setSoftphoneItemIcon(args);
    },
    setSoftphonePanelHeight: function (args) {
      var a = checkArgs(args, false);
      record('setSoftphonePanelHeight', a);
      if (!(a.heightPX >= 240 && a.heightPX <= 2560))
        return respond(
          a.callback,
          null,
          invalidParam('heightPX', 'A numeric value between 240 and 2560', String(a.heightPX))
        );
      respond(a.callback, null);
    },
    setSoftphonePanelWidth: function (args) {
      var a = checkArgs(args, false);
      record('setSoftphonePanelWidth', a);
      if (!(a.widthPX >= 200 && a.widthPX <= 1920))
        return respond(
          a.callback,
          null,
          invalidParam('widthPX', 'A numeric value between 200 and 1920', String(a.widthPX))
        );
      respond(a.callback, null);
    },
    notifyInitializationComplete: function (args) {
      var a = checkArgs(args, false);
      record('notifyInitializationComplete', a);
      state.initialized = true;
      respond(a.callback, null);
    },
    getAppViewInfo: function (args) {
      var a = checkArgs(args, true);
      record('getAppViewInfo', a);
      respond(a.callback, window.__harnessAppView ? window.__harnessAppView() : { url: location.href });
    },
    getCallCenterSettings: function (args) {
      var a = checkArgs(args, true);
      record('getCallCenterSettings', a);
      respond(a.callback, {
        '/displayNameLabel': 'Kazoo CTI (harness)',
        '/internalNameLabel': 'KazooCti',
        '/reqGeneralInfo/reqAdapterUrl': location.origin + '/harness/',
        '/kazooSettings/defaultRegion': 'US',
        '/kazooSettings/newCallerObject': 'Lead'
      });
    },
    getSoftphoneLayout: function (args) {
      var a = checkArgs(args, true);
      record('getSoftphoneLayout', a);
      var settings = {
        NoMatch: { screenPopType: 'PopToSearch' },
        SingleMatch: { screenPopType: 'PopToEntity' },
        MultipleMatches: { screenPopType: 'PopToSearch' }
      };
      var kind = {
        callRelatedFields: ['ANI', 'DNIS'],
        objects: { Contact: [], Lead: [], Account: [] },
        screenPopSettings: settings
      };
      respond(a.callback, { Inbound: kind, Outbound: kind, Internal: kind });
    },
    searchAndScreenPop: function (args) {
      var a = checkArgs(args, false);
      record('searchAndScreenPop', a);
      if (!a.callType) return respond(a.callback, null, invalidParam('callType', 'A CALL_TYPE value', 'UNDEFINED'));
      search(a.searchParams || '')
        .then(function (body) {
          var matches = {};
          body.searchRecords.forEach(function (r) {
            matches[r.Id] = { Id: r.Id, Name: r.Name, RecordType: r.attributes.type };
          });
          var ids = Object.keys(matches);
          var popData = null;
          if (ids.length === 1) popData = { type: 'sobject', params: { recordId: ids[0] } };
          else if (ids.length > 1) popData = { type: 'search', params: { searchString: a.searchParams } };
          if (a.deferred) {
            if (popData) matches.SCREEN_POP_DATA = popData;
          } else if (popData && a.callType === 'inbound') {
            pop(popData.type, popData.params, 'searchAndScreenPop');
          }
          respond(a.callback, matches);
        })
        .catch(function (error) {
          respond(a.callback, null, [
            { code: 'SERVER_ERROR', description: 'A problem was encountered on the server. ' + error.message }
          ]);
        });
    },
    screenPop: function (args) {
      var a = checkArgs(args, false);
      record('screenPop', a);
      var types = Object.keys(opencti.SCREENPOP_TYPE).map(function (k) {
        return opencti.SCREENPOP_TYPE[k];
      });
      if (types.indexOf(a.type) < 0)
        return respond(a.callback, null, invalidParam('type', 'A SCREENPOP_TYPE value', String(a.type)));
      if (a.type === 'sobject' && !(a.params && a.params.recordId)) {
        return respond(a.callback, null, invalidParam('params.recordId', 'A record id', 'UNDEFINED'));
      }
      pop(a.type, a.params, 'screenPop');
      respond(a.callback, null);
    },
    saveLog: function (args) {
      var a = checkArgs(args, false);
      record('saveLog', a);
      if (!a.value || typeof a.value !== 'object')
        return respond(a.callback, null, invalidParam('value', 'An object', typeof a.value));
      var fields = Object.assign({}, a.value);
      var id = fields.Id;
      var type = fields.entityApiName || 'Task';
      delete fields.Id;
      delete fields.entityApiName;
      var base = '/services/data/v' + API_VERSION + '/sobjects/' + type;
      fetch(id ? base + '/' + id : base, {
        method: id ? 'PATCH' : 'POST',
        headers: { authorization: 'Bearer ' + sessionId(), 'content-type': 'application/json' },
        body: JSON.stringify(fields)
      })
        .then(function (res) {
          return res.status === 204
            ? {}
            : res.json().then(function (body) {
                if (!res.ok) throw new Error(body[0] ? body[0].message : 'HTTP ' + res.status);
                return body;
              });
        })
        .then(function (body) {
          respond(a.callback, id || body.id);
        })
        .catch(function (error) {
          respond(a.callback, null, [{ code: 'GENERIC_ERROR', description: error.message, details: [] }]);
        });
    },
    refreshView: function (args) {
      var a = checkArgs(args, false);
      record('refreshView', a);
      respond(a.callback, true);
    },
    runApex: function (args) {
      var a = checkArgs(args, false);
      record('runApex', a);
      respond(a.callback, null, [
        { code: 'GENERIC_ERROR', description: 'Could not load Apex class: ' + a.apexClass + '.' }
      ]);
    }
  };

  /** Test and harness hook: fire click-to-dial the way the utility bar does. */
  window.__fireClickToDial = function (payload) {
    if (!state.clickToDial) return false;
    state.clickToDialListeners.forEach(function (listener) {
      listener(payload);
    });
    return true;
  };
  window.__openCtiState = state;
  window.sforce = window.sforce || {};
  window.sforce.opencti = opencti;
})();
