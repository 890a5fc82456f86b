// guidec serve: live reload and the diagnostics overlay.
//
// The server sends a "build" event after every rebuild with the site files
// that changed. The page reloads when it changed itself (or a script, an
// image, anything but another page or a style sheet), swaps its style
// sheets when only they changed, and otherwise only refreshes the overlay.
// Guide text reaches the page only through textContent, never as markup.
(function () {
  'use strict';
  if (window.__guidecLiveReload || typeof EventSource === 'undefined') {
    return;
  }
  // state is visible to tests (and curious writers) as window.__guidecLiveReload.
  var state = { connected: false };
  window.__guidecLiveReload = state;

  var base = '/__guidec/';
  var scrollKey = 'guidec-serve-scroll';
  var served = servedBuild(); // {instance, seq} of this page's build, or null
  var instance = null;
  var seq = 0; // the last build this page heard of
  var dismissed = ''; // the overlayKey of the overlay closed

  // servedBuild reads the build this page comes from, which the server
  // names in a Server-Timing header ("guidec-build;desc=INSTANCE:SEQ").
  function servedBuild() {
    try {
      var nav = performance.getEntriesByType('navigation')[0];
      var timings = (nav && nav.serverTiming) || [];
      for (var i = 0; i < timings.length; i++) {
        var m = /^([0-9a-f]+):([0-9]+)$/.exec(timings[i].description);
        if (timings[i].name === 'guidec-build' && m) {
          return { instance: m[1], seq: Number(m[2]) };
        }
      }
    } catch (e) { /* no timing API */ }
    return null;
  }

  // currentFile is the site file this page was served from.
  function currentFile() {
    var p = location.pathname;
    try {
      p = decodeURIComponent(p);
    } catch (e) { /* keep it encoded */ }
    p = p.replace(/^\/+/, '');
    if (p === '' || p.charAt(p.length - 1) === '/') {
      p += 'index.html';
    }
    return p;
  }

  function reload() {
    try {
      sessionStorage.setItem(scrollKey, JSON.stringify({ path: location.pathname, y: window.scrollY }));
    } catch (e) { /* private mode */ }
    location.reload();
  }

  function restoreScroll() {
    try {
      var s = JSON.parse(sessionStorage.getItem(scrollKey) || 'null');
      sessionStorage.removeItem(scrollKey);
      if (s && s.path === location.pathname) {
        window.scrollTo(0, s.y);
      }
    } catch (e) { /* nothing saved */ }
  }

  function isCSS(f) { return /\.css$/.test(f); }

  // swapCSS loads a fresh copy of each changed style sheet and drops the
  // old one once the new one applies, so the page does not flash.
  function swapCSS(changed) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin || changed.indexOf(url.pathname.replace(/^\/+/, '')) < 0) {
        return;
      }
      url.searchParams.set('guidec', String(Date.now()));
      var next = link.cloneNode();
      next.href = url.href;
      next.addEventListener('load', function () { link.remove(); });
      next.addEventListener('error', function () { next.remove(); });
      link.after(next);
    });
  }

  function onBuild(ev) {
    refreshOverlay();
    if (ev.all) {
      reload();
      return;
    }
    var me = currentFile();
    var css = [];
    for (var i = 0; i < ev.changed.length; i++) {
      var f = ev.changed[i];
      if (f === me || !(isCSS(f) || /\.html$/.test(f))) {
        reload();
        return;
      }
      if (isCSS(f)) {
        css.push(f);
      }
    }
    if (css.length) {
      swapCSS(css);
    }
  }

  // The overlay lives in a shadow root, so the site's styles do not reach
  // it and its styles do not reach the site.
  var style = [
    ':host { all: initial; }',
    '.box { position: fixed; left: 0; right: 0; bottom: 0; max-height: 60vh; overflow: auto; z-index: 2147483647;',
    '  margin: 0; padding: 12px 16px; background: #1e1e1e; color: #eee; font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;',
    '  border-top: 3px solid #e5484d; box-shadow: 0 -4px 16px rgba(0,0,0,.35); }',
    '.head { display: flex; justify-content: space-between; align-items: center; font-weight: bold; margin-bottom: 6px; }',
    '.close { all: unset; cursor: pointer; padding: 0 6px; font-size: 18px; color: #aaa; }',
    '.close:focus-visible { outline: 2px solid #8ab4f8; }',
    '.note { margin: 4px 0 8px; color: #f5d90a; }',
    '.item { margin: 8px 0; }',
    '.loc { color: #8ab4f8; }',
    '.error { color: #ff6369; font-weight: bold; }',
    '.warning { color: #f5d90a; font-weight: bold; }',
    '.info { color: #8ab4f8; }',
    '.code { color: #aaa; }',
    'pre { margin: 2px 0 0 2ch; white-space: pre-wrap; color: #ccc; }',
    '.hint { margin-left: 2ch; color: #9be9a8; }'
  ].join('\n');

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) {
      e.className = cls;
    }
    if (text !== undefined) {
      e.textContent = text;
    }
    return e;
  }

  function removeOverlay() {
    var old = document.getElementById('guidec-overlay');
    if (old) {
      old.remove();
    }
  }

  function item(d) {
    var div = el('div', 'item');
    var loc = d.file ? d.file + (d.line ? ':' + d.line + ':' + d.column : '') : 'site';
    div.appendChild(el('span', 'loc', loc + ': '));
    div.appendChild(el('span', d.severity, d.severity));
    div.appendChild(el('span', '', ' '));
    div.appendChild(el('span', 'code', '[' + d.code + '] '));
    div.appendChild(el('span', '', d.message));
    if (d.excerpt) {
      div.appendChild(el('pre', '', d.excerpt));
    }
    if (d.hint) {
      div.appendChild(el('div', 'hint', 'hint: ' + d.hint));
    }
    return div;
  }

  // overlayKey names what an overlay shows: dismissing it hides it until
  // the next build, or until a watched directory goes or comes back.
  function overlayKey(rep) {
    return rep.seq + ':' + (rep.missing || []).join('\n');
  }

  function draw(rep) {
    removeOverlay();
    var missing = rep.missing || [];
    if (overlayKey(rep) === dismissed ||
        (!rep.error && !rep.stale && rep.diagnostics.length === 0 && missing.length === 0)) {
      return;
    }
    var host = el('div');
    host.id = 'guidec-overlay';
    var root = host.attachShadow({ mode: 'open' });
    root.appendChild(el('style', '', style));
    var box = el('div', 'box');
    box.setAttribute('role', 'alert');
    var head = el('div', 'head');
    head.appendChild(el('span', '', 'guidec: ' + rep.errors + ' error' + (rep.errors === 1 ? '' : 's') +
      ', ' + rep.warnings + ' warning' + (rep.warnings === 1 ? '' : 's') + ' in the site'));
    var close = el('button', 'close', '\u00d7');
    close.setAttribute('aria-label', 'Hide until the next build');
    close.addEventListener('click', function () {
      dismissed = overlayKey(rep);
      removeOverlay();
    });
    head.appendChild(close);
    box.appendChild(head);
    if (missing.length) {
      box.appendChild(el('div', 'note', missing.join(', ') + (missing.length === 1 ? ' is' : ' are') +
        ' gone (deleted or moved away): this is the last site built, which changes again once ' +
        (missing.length === 1 ? 'it is' : 'they are') + ' back.'));
    }
    if (rep.error) {
      box.appendChild(el('div', 'note', 'The build failed, the previous site is shown: ' + rep.error));
    }
    if (rep.stale) {
      box.appendChild(el('div', 'note', 'This page is the last version of ' + rep.guide +
        ' that built; fix the errors below to see your changes.'));
    }
    rep.diagnostics.forEach(function (d) { box.appendChild(item(d)); });
    if (rep.omitted > 0) {
      box.appendChild(el('div', 'code', rep.omitted + ' more in other guides (see the terminal)'));
    }
    root.appendChild(box);
    (document.body || document.documentElement).appendChild(host);
  }

  function refreshOverlay() {
    fetch(base + 'diagnostics.json?page=' + encodeURIComponent(location.pathname), { cache: 'no-store' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (rep) {
        if (rep) {
          draw(rep);
        }
      })
      .catch(function () { /* the server stopped; the stream reconnects */ });
  }

  function connect() {
    var es = new EventSource(base + 'events');
    es.addEventListener('hello', function (e) {
      var h = JSON.parse(e.data);
      var known = instance !== null ? { instance: instance, seq: seq } : served;
      if (known && (h.instance !== known.instance || h.seq > known.seq)) {
        reload(); // the server restarted, or builds happened unheard of
        return;
      }
      instance = h.instance;
      seq = h.seq;
      state.connected = true;
    });
    es.addEventListener('build', function (e) {
      var ev = JSON.parse(e.data);
      seq = Math.max(seq, ev.seq);
      onBuild(ev);
    });
  }

  restoreScroll();
  refreshOverlay();
  connect();
})();
