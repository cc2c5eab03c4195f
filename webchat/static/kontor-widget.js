/* Kontor: configures rasa-webchat 1.0.1 and patches what its markup lacks (labels,
 * roles, keyboard use, a screen-reader announcement of bot messages, a privacy notice).
 * No inline script (the CSP forbids it): the Rasa URL comes from <meta name="kontor-rasa-url">,
 * the language from <html lang>. */
(function () {
  'use strict';

  var TEXTS = {
    de: {
      title: 'Kontor – KI-Assistent',
      subtitle: 'Hier antwortet eine KI, kein Mensch',
      placeholder: 'Ihre Frage an Kontor …',
      connecting: 'Verbindung wird hergestellt …',
      open: 'Chat mit Kontor, dem KI-Assistenten, öffnen',
      close: 'Chat schließen',
      send: 'Nachricht senden',
      input: 'Ihre Nachricht an den KI-Assistenten',
      history: 'Chatverlauf',
      tooltipClose: 'Hinweis schließen',
      botName: 'Kontor (KI)',
      staffSubtitle: 'Sie schreiben mit {name} aus unserem Team – einem Menschen',
      notice: 'Sie schreiben mit einem KI-Assistenten, nicht mit einem Menschen. Ihre Nachrichten ' +
        'werden auf unserem Server gespeichert, der Verlauf bis zum Schließen des Tabs auch in ' +
        'Ihrem Browser. Bitte keine sensiblen Daten eingeben. ',
      privacyLink: 'Datenschutzhinweise'
    },
    en: {
      title: 'Kontor – AI assistant',
      subtitle: 'An AI answers here, not a human',
      placeholder: 'Your question for Kontor …',
      connecting: 'Connecting …',
      open: 'Open chat with Kontor, the AI assistant',
      close: 'Close chat',
      send: 'Send message',
      input: 'Your message to the AI assistant',
      history: 'Chat history',
      tooltipClose: 'Dismiss',
      botName: 'Kontor (AI)',
      staffSubtitle: 'You are writing with {name} from our team – a person',
      notice: 'You are chatting with an AI assistant, not a person. Your messages ' +
        'are stored on our server, and in your browser until you close this tab. ' +
        'Please do not enter sensitive data. ',
      privacyLink: 'Privacy notice'
    }
  };

  /** The page language reduced to one we have texts for ("de" or "en"). */
  function pageLanguage() {
    var lang = (document.documentElement.lang || 'de').slice(0, 2).toLowerCase();
    return TEXTS[lang] ? lang : 'de';
  }

  /** Milliseconds the widget waits (typing dots) before showing a bot message. */
  function messageDelay(text) {
    return Math.min(1500, Math.max(400, (text || '').length * 15));
  }

  /** Sets an attribute only when it differs (keeps the MutationObserver quiet). */
  function setAttr(el, name, value) {
    if (el && el.getAttribute(name) !== value) el.setAttribute(name, value);
  }

  /** Announces bot messages in the page's persistent live region, in display order.
   * A staff member's message is signed with the first name already ("Anna: …"). */
  function makeAnnouncer(region, botName) {
    var due = 0;
    return function (data) {
      var text = data && (data.text || (data.attachment && data.attachment.payload && data.attachment.payload.title));
      if (!region || !text) return;
      text = String(text).replace(/\[([^\]]+)\]\([^)]*\)/g, '$1').replace(/[*_`#]/g, '');
      var fromStaff = !!(data.metadata && data.metadata.staff);
      var delay = messageDelay(data.text);
      due = Math.max(Date.now(), due) + delay;
      setTimeout(function () {
        region.textContent = fromStaff ? text : botName + ': ' + text;
      }, due - Date.now() + 50);
    };
  }

  /** Who writes now: a person after a handoff (kept for a reload), else the AI. */
  var HANDOFF_KEY = 'kontor-handoff-staff';
  function noteHandoff(data, state) {
    var metadata = (data && data.metadata) || {};
    var staff = metadata.staff;
    if (metadata.handoff === 'ended') staff = '';
    else if (metadata.handoff === 'live' && !staff) {
      staff = String(data.text || '').split(' ')[0]; // "Anna aus unserem Team …"
    }
    if (staff === undefined) return;
    state.staff = staff;
    try {
      if (staff) window.sessionStorage.setItem(HANDOFF_KEY, staff);
      else window.sessionStorage.removeItem(HANDOFF_KEY);
    } catch (e) { /* storage blocked: the header follows this page only */ }
  }

  /** Adds names, roles and the privacy notice to the widget's current DOM. */
  function enhance(root, t, state) {
    var container = root.querySelector('.rw-widget-container');
    var conversation = root.querySelector('.rw-conversation-container');
    var isOpen = !!conversation;
    var launcher = root.querySelector('.rw-launcher');
    if (launcher) {
      setAttr(launcher, 'aria-label', isOpen ? t.close : t.open);
      setAttr(launcher, 'aria-expanded', String(isOpen));
      launcher.querySelectorAll('img').forEach(function (img) { setAttr(img, 'alt', ''); });
    }
    if (state.wasOpen && !isOpen && launcher &&
        (!document.activeElement || document.activeElement === document.body)) {
      launcher.focus(); // the focused element vanished with the conversation
    }
    // The chat connects only when opened (connectOn 'open'): its input becomes usable
    // a moment later, so the focus moves there once it is, unless the visitor has
    // put it somewhere else in the meantime.
    if (isOpen && !state.wasOpen) state.wantFocus = true;
    if (!isOpen) state.wantFocus = false;
    if (state.wantFocus) {
      var field = root.querySelector('.rw-new-message');
      var active = document.activeElement;
      var idle = !active || active === document.body || active === launcher ||
        (launcher && launcher.contains(active));
      if (!idle) {
        state.wantFocus = false;
      } else if (field && !field.disabled) {
        field.focus();
        if (document.activeElement === field) state.wantFocus = false;
      }
    }
    state.wasOpen = isOpen;
    if (container) setAttr(container, 'lang', document.documentElement.lang || 'de');
    root.querySelectorAll('.rw-close-button, .rw-tooltip-close button').forEach(function (b) {
      setAttr(b, 'type', 'button');
      setAttr(b, 'aria-label', b.classList.contains('rw-close-button') ? t.close : t.tooltipClose);
      b.querySelectorAll('img').forEach(function (img) { setAttr(img, 'alt', ''); });
    });
    root.querySelectorAll('.rw-send').forEach(function (b) {
      setAttr(b, 'aria-label', t.send);
      b.querySelectorAll('svg').forEach(function (svg) {
        setAttr(svg, 'aria-hidden', 'true');
        setAttr(svg, 'focusable', 'false');
      });
    });
    root.querySelectorAll('.rw-title').forEach(function (title) {
      setAttr(title, 'aria-level', '2'); // an <h4> right after the page's <h1>/<h2>s
    });
    // during a live handoff the header must not claim that an AI answers
    var subtitle = state.staff ? t.staffSubtitle.replace('{name}', state.staff) : t.subtitle;
    root.querySelectorAll('.rw-header > span:not(.rw-loading)').forEach(function (line) {
      if (line.textContent !== subtitle) line.textContent = subtitle;
    });
    root.querySelectorAll('.rw-new-message').forEach(function (input) {
      setAttr(input, 'aria-label', t.input);
    });
    root.querySelectorAll('.rw-messages-container').forEach(function (log) {
      setAttr(log, 'role', 'region');
      setAttr(log, 'aria-label', t.history);
      setAttr(log, 'tabindex', '0'); // scrollable by keyboard
    });
    root.querySelectorAll('div.rw-reply').forEach(function (reply) {
      setAttr(reply, 'role', 'button');
      setAttr(reply, 'tabindex', '0');
    });
    if (conversation && !conversation.querySelector('.kontor-notice')) {
      var notice = document.createElement('p');
      notice.className = 'kontor-notice';
      notice.appendChild(document.createTextNode(t.notice));
      var link = document.createElement('a');
      link.href = t.privacyUrl || '/datenschutz.html';
      link.textContent = t.privacyLink;
      notice.appendChild(link);
      notice.appendChild(document.createTextNode('.'));
      var header = conversation.querySelector('.rw-header-and-loading');
      conversation.insertBefore(notice, header ? header.nextSibling : conversation.firstChild);
    }
  }

  /** Keyboard: Escape closes the open chat, Enter/Space choose a quick reply. */
  function onKeyDown(root, event) {
    var target = event.target;
    if (event.key === 'Escape' && root.querySelector('.rw-conversation-container') &&
        (root.contains(target) || target === document.body)) {
      var launcher = root.querySelector('.rw-launcher');
      if (launcher) {
        event.preventDefault();
        launcher.click();
        launcher.focus();
      }
    } else if ((event.key === 'Enter' || event.key === ' ') && target.classList &&
               target.classList.contains('rw-reply') && target.tagName === 'DIV') {
      event.preventDefault();
      target.click(); // the replies vanish: keep the focus in the chat
      var input = root.querySelector('.rw-new-message');
      if (input) input.focus();
    }
  }

  /** Mounts the widget into #kontor-chat with our settings. */
  function start() {
    var root = document.getElementById('kontor-chat');
    var meta = document.querySelector('meta[name="kontor-rasa-url"]');
    if (!root || !meta || !window.WebChat) return;
    var lang = pageLanguage();
    var t = TEXTS[lang];
    // the operator's notice from company.yml, put into the page by the web server
    var notice = document.querySelector('meta[name="kontor-notice-' + lang + '"]');
    if (notice && notice.content) t.notice = notice.content + ' ';
    var policy = document.querySelector('meta[name="kontor-privacy-url"]');
    if (policy && policy.content) t.privacyUrl = policy.content;
    // "local" only by the operator's choice (KONTOR_WIDGET_STORAGE, docs/datenschutz.md)
    var storage = document.querySelector('meta[name="kontor-storage"]');
    var keep = storage && storage.content === 'local' ? 'local' : 'session';
    var state = { wasOpen: false, wantFocus: false, staff: '' };
    try { state.staff = window.sessionStorage.getItem(HANDOFF_KEY) || ''; } catch (e) { /* none */ }
    var announcer = makeAnnouncer(document.getElementById('kontor-live'), t.botName);
    var announce = function (data) {
      noteHandoff(data, state);
      enhance(root, t, state);
      announcer(data);
    };
    new MutationObserver(function () { enhance(root, t, state); })
      .observe(root, { childList: true, subtree: true });
    document.addEventListener('keydown', function (event) { onKeyDown(root, event); });
    window.WebChat.default({
      socketUrl: meta.content,
      socketPath: '/socket.io/',
      initPayload: '/greet',
      customData: { language: lang },
      title: t.title,
      subtitle: t.subtitle,
      inputTextFieldHint: t.placeholder,
      connectingText: t.connecting,
      withRules: false,
      // no connection and nothing stored in the browser before the visitor opens
      // the chat (§ 25 TDDDG); then only the session id, in sessionStorage
      connectOn: 'open',
      hideWhenNotConnected: false, // with connectOn 'open' the launcher must show first
      showFullScreenButton: false,
      displayUnreadCount: false,
      docViewer: false,
      params: { storage: keep },
      customMessageDelay: messageDelay,
      onSocketEvent: { bot_uttered: announce },
      mainColor: '#1d3b5c',
      userBackgroundColor: '#1d3b5c',
      userTextColor: '#ffffff',
      assistBackgoundColor: '#eef1f5',
      assistTextColor: '#1a1a1a',
      conversationBackgroundColor: '#ffffff'
    }, root);
  }

  start();
}());
