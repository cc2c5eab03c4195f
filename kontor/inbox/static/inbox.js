/* Kontor staff inbox: polls the queue and the open chat, sends replies.
 * No inline script (the CSP forbids it); the CSRF token comes from <meta name="kontor-csrf">. */
(function () {
  'use strict';

  var csrfMeta = document.querySelector('meta[name="kontor-csrf"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute('content') : '';

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function getJSON(url) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (response.status === 401) { window.location.href = '/inbox/login'; throw new Error('401'); }
        return response.json();
      });
  }

  /* -- the queue ------------------------------------------------------------ */
  var queue = document.getElementById('queue');
  if (queue) {
    var renderQueue = function (state) {
      var list = el('ul', 'cards');
      state.waiting.forEach(function (item) {
        var card = el('li', 'card');
        var line = el('p');
        var strong = el('strong', null, 'Chat ' + item.id);
        line.appendChild(strong);
        line.appendChild(document.createTextNode(
          ' · ' + item.trigger + ' · ' + item.language + ' · wartet seit ' + item.waited));
        card.appendChild(line);
        var form = el('form');
        form.method = 'post';
        form.action = '/inbox/handoffs/' + item.id + '/take';
        var hidden = el('input');
        hidden.type = 'hidden'; hidden.name = 'csrf'; hidden.value = csrf;
        form.appendChild(hidden);
        form.appendChild(el('button', null, 'Chat ' + item.id + ' übernehmen'));
        card.appendChild(form);
        list.appendChild(card);
      });
      // keep the focused button if the same chat is still listed
      var focused = document.activeElement && queue.contains(document.activeElement)
        ? document.activeElement.textContent : null;
      queue.replaceChildren(state.waiting.length ? list : el('p', null, 'Gerade wartet niemand.'));
      if (focused) {
        Array.prototype.forEach.call(queue.querySelectorAll('button'), function (b) {
          if (b.textContent === focused) b.focus();
        });
      }
    };
    var pollQueue = function () {
      getJSON(queue.getAttribute('data-poll')).then(renderQueue).catch(function () {});
    };
    setInterval(pollQueue, 3000);
  }

  /* -- one chat -------------------------------------------------------------- */
  var log = document.getElementById('log');
  var status = document.getElementById('status');
  if (log) {
    var last = 0;
    Array.prototype.forEach.call(log.querySelectorAll('li[data-n]'), function (li) {
      last = Math.max(last, parseInt(li.getAttribute('data-n'), 10));
    });
    var ended = false;
    var appendLine = function (line) {
      var li = el('li', 'line ' + line.who);
      li.setAttribute('data-n', String(line.n));
      li.appendChild(el('span', 'author', line.author));
      li.appendChild(document.createTextNode(' '));
      li.appendChild(el('span', 'time', line.time));
      li.appendChild(el('p', null, line.text));
      log.appendChild(li);
      log.scrollTop = log.scrollHeight;
    };
    var pollChat = function () {
      if (ended) return;
      getJSON(log.getAttribute('data-poll') + '?after=' + last).then(function (data) {
        if (data.error) { status.textContent = data.error; return; }
        data.lines.forEach(function (line) { appendLine(line); last = Math.max(last, line.n); });
        if (data.status !== 'live') {
          ended = true;
          status.textContent = 'Der Chat ist beendet.';
        }
      }).catch(function () {});
    };
    setInterval(pollChat, 1000);

    var form = document.getElementById('reply');
    var text = document.getElementById('reply-text');
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var message = text.value.trim();
      if (!message) return;
      fetch(form.getAttribute('data-send'), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify({ text: message })
      }).then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) { status.textContent = data.error || 'Nicht gesendet.'; return; }
          status.textContent = 'Gesendet.';
          text.value = '';
          pollChat();
        });
      }).catch(function () { status.textContent = 'Nicht gesendet: keine Verbindung zum Server.'; });
    });
    text.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
  }
})();
