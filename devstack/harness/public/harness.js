// The harness page's own controls: agent switcher, "record on screen" (what getAppViewInfo
// answers), click-to-dial buttons, and live logs of Open CTI calls and screen pops.
(function () {
  'use strict';

  /**
   * The newest entries a log shows. Lightning renders nothing per Open CTI call; a log that grew with every
   * call would make the page lay out more with each call (hundreds of entries an hour) and slow the softphone
   * beside it. Every call is still in window.__openCtiCalls and at /__standin/opencti-calls.
   */
  var LOG_SHOWN = 20;

  function append(listId, text) {
    var list = document.querySelector('[data-id="' + listId + '"]');
    if (!list) return;
    var item = document.createElement('li');
    item.textContent = text;
    list.insertBefore(item, list.firstChild);
    while (list.children.length > LOG_SHOWN) list.removeChild(list.lastChild);
  }

  window.__harnessAppView = function () {
    var select = document.getElementById('app-view');
    var option = select && select.selectedOptions[0];
    if (!option || !option.value) return { url: location.origin + '/lightning/page/home' };
    var type = option.getAttribute('data-object-type');
    return {
      url: location.origin + '/lightning/r/' + type + '/' + option.value + '/view',
      recordId: option.value,
      recordName: option.getAttribute('data-record-name'),
      objectType: type
    };
  };

  window.addEventListener('opencti-call', function (event) {
    if (event.detail.method === 'screenPop:performed') return;
    append('opencti-log', event.detail.method + ' ' + JSON.stringify(event.detail.args));
  });
  window.addEventListener('opencti-pop', function (event) {
    append('screen-pops', event.detail.type + ' ' + JSON.stringify(event.detail.params));
  });

  document.addEventListener('DOMContentLoaded', function () {
    var switcher = document.getElementById('agent-switcher');
    if (switcher) {
      switcher.addEventListener('change', function () {
        location.search = '?agent=' + encodeURIComponent(switcher.value);
      });
    }
    // Ring and fault controls (harness-controls.ts): for the agent this page shows.
    var status = document.querySelector('[data-id="harness-status"]');
    function agentId() {
      var root = document.getElementById('softphone-root');
      return root ? root.getAttribute('data-user-id') : '';
    }
    function send(path, body) {
      return fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body)
      })
        .then(function (res) {
          return res.json().then(function (answer) {
            status.textContent = res.ok
              ? answer.done
                ? 'Done: ' + answer.what
                : 'Ringing: ' + answer.rang
              : 'Refused: ' + answer.message;
          });
        })
        .catch(function (error) {
          status.textContent = 'Failed: ' + error.message;
        });
    }
    var ring = document.querySelector('[data-id="harness-ring-form"]');
    if (ring) {
      ring.addEventListener('submit', function (event) {
        event.preventDefault();
        send('/harness/api/ring', {
          scenario: ring.elements.scenario.value,
          number: ring.elements.number.value,
          agentId: agentId()
        });
      });
    }
    document.querySelectorAll('[data-id="harness-fault"]').forEach(function (button) {
      button.addEventListener('click', function () {
        send('/harness/api/fault', { fault: button.getAttribute('data-fault'), agentId: agentId() });
      });
    });
    document.querySelectorAll('[data-id="click-to-dial"]').forEach(function (button) {
      button.addEventListener('click', function () {
        var fired = window.__fireClickToDial({
          number: button.getAttribute('data-number'),
          recordId: button.getAttribute('data-record-id'),
          recordName: button.getAttribute('data-record-name'),
          objectType: button.getAttribute('data-object-type')
        });
        if (!fired) append('opencti-log', 'click-to-dial is not enabled by the softphone yet');
      });
    });
  });
})();
