// guidec site script: site variables, code copy buttons, the guide filter
// and the table of contents highlight. Vanilla, no framework, no network.
(function () {
  'use strict';

  // Site variables --------------------------------------------------------
  //
  // Readers' values live in localStorage under KEY as {"name": "value"}.
  // Every .sitevar[data-sitevar] element shows its variable's value (in its
  // data-format, if any) or, when the reader set none, the text the page
  // was built with (the shortcode's nojs value), remembered in `original`.

  var KEY = 'guidec.sitevars';
  var original = new WeakMap();

  function readStore() {
    try {
      var v = JSON.parse(window.localStorage.getItem(KEY) || '{}');
      return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
    } catch (e) {
      return {}; // storage disabled or a corrupt value: behave as unset
    }
  }

  function writeStore(values) {
    try {
      if (Object.keys(values).length === 0) {
        window.localStorage.removeItem(KEY);
      } else {
        window.localStorage.setItem(KEY, JSON.stringify(values));
      }
      return true;
    } catch (e) {
      return false;
    }
  }

  // defaults returns {name: default} from the site configuration the
  // layout embeds as JSON.
  function defaults() {
    var el = document.getElementById('guidec-sitevars');
    var out = {};
    if (!el) return out;
    try {
      (JSON.parse(el.textContent) || []).forEach(function (v) { out[v.name] = String(v['default']); });
    } catch (e) { /* malformed: no defaults */ }
    return out;
  }

  // format renders a value the way an element asks: "regex" escapes dots
  // (example\.com), "dn" makes an LDAP distinguished name (DC=example,DC=com).
  function format(value, fmt) {
    switch (fmt) {
      case 'regex':
        return value.replace(/\./g, '\\.');
      case 'dn':
        return value.split('.').filter(Boolean).map(function (p) { return 'DC=' + p; }).join(',');
      default:
        return value;
    }
  }

  function applyVariables() {
    var values = readStore();
    var els = document.querySelectorAll('.sitevar[data-sitevar], .sitevar[data-var]');
    Array.prototype.forEach.call(els, function (el) {
      if (!original.has(el)) original.set(el, el.textContent);
      var name = el.getAttribute('data-sitevar') || el.getAttribute('data-var');
      var v = values[name];
      var set = typeof v === 'string' && v !== '';
      var text = set ? format(v, el.getAttribute('data-format') || '') : original.get(el);
      if (el.textContent !== text) el.textContent = text;
      el.classList.toggle('changed', set && text !== original.get(el));
    });
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.tagName !== 'BUTTON' && el.type !== 'submit' && el.type !== 'reset';
    });
  }

  function fieldValue(el) {
    return el.type === 'checkbox' ? String(el.checked) : el.value.trim();
  }

  function fieldDefault(el, defs) {
    if (Object.prototype.hasOwnProperty.call(defs, el.name)) return defs[el.name];
    return el.type === 'checkbox' ? String(el.defaultChecked) : el.defaultValue;
  }

  function fillForm(form) {
    var values = readStore();
    var defs = defaults();
    fields(form).forEach(function (el) {
      var v = Object.prototype.hasOwnProperty.call(values, el.name) ? values[el.name] : fieldDefault(el, defs);
      if (el.type === 'checkbox') el.checked = v === 'true';
      else el.value = v;
    });
  }

  function status(form, text) {
    var out = form.querySelector('output, .status');
    if (out) out.textContent = text;
  }

  function wireForm(form) {
    fillForm(form);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      if (form.reportValidity && !form.reportValidity()) return;
      var values = readStore();
      var defs = defaults();
      fields(form).forEach(function (el) {
        var v = fieldValue(el);
        if (v === '' || v === fieldDefault(el, defs)) delete values[el.name];
        else values[el.name] = v;
      });
      status(form, writeStore(values) ? 'Saved.' : 'Could not save: browser storage is disabled.');
      update();
    });
    form.addEventListener('reset', function (e) {
      e.preventDefault(); // the inputs get the site defaults, not the HTML's
      var values = readStore();
      fields(form).forEach(function (el) { delete values[el.name]; });
      writeStore(values);
      status(form, 'Reset to defaults.');
      update();
    });
  }

  function update() {
    applyVariables();
    Array.prototype.forEach.call(document.querySelectorAll('form.sitevar-preferences'), fillForm);
  }

  // Copy buttons ------------------------------------------------------------
  //
  // Each code block gets a button that copies the code as shown (with the
  // reader's site variables), without line numbers.

  function codeText(pre) {
    var clone = pre.cloneNode(true);
    Array.prototype.forEach.call(clone.querySelectorAll('.ln, .lnt, .copy-button'), function (n) { n.remove(); });
    return clone.textContent;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var ta = document.createElement('textarea');
      ta.value = text;
      ta.setAttribute('readonly', '');
      ta.style.position = 'fixed';
      ta.style.opacity = '0';
      document.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      ta.remove();
      if (ok) resolve(); else reject(new Error('copy failed'));
    });
  }

  function addCopyButton(pre) {
    var cell = pre.closest('td');
    if (cell && !cell.nextElementSibling && cell.previousElementSibling) {
      // Table line numbers: one button for the table, copying the code cell.
      pre = cell.closest('.lntable-wrap') || cell.closest('table') || pre;
    } else if (cell) {
      return; // the line-number column
    }
    if (pre.parentElement && pre.parentElement.classList.contains('code-wrap')) return;
    var wrap = document.createElement('div');
    wrap.className = 'code-wrap';
    pre.parentNode.insertBefore(wrap, pre);
    wrap.appendChild(pre);
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy-button';
    button.textContent = 'Copy';
    button.setAttribute('aria-label', 'Copy code to clipboard');
    var source = pre.tagName === 'PRE' ? pre : pre.querySelector('td:last-child pre');
    var timer;
    button.addEventListener('click', function () {
      copyText(codeText(source)).then(function () { flash('done', 'Copied'); }, function () { flash('failed', 'Press Ctrl+C'); });
    });
    function flash(state, text) {
      button.setAttribute('data-state', state);
      button.textContent = text;
      clearTimeout(timer);
      timer = setTimeout(function () { button.removeAttribute('data-state'); button.textContent = 'Copy'; }, 2000);
    }
    wrap.appendChild(button);
  }

  // Guide filter (home page) ------------------------------------------------
  //
  // Filters the list by the words typed, matched against each item's
  // data-search text; "/" focuses the field, Escape clears it, and ?q=
  // pre-fills it.

  function wireFilter() {
    var input = document.querySelector('input.guide-filter');
    if (!input) return;
    var items = Array.prototype.slice.call(document.querySelectorAll('.guide-list > li[data-search]'));
    var count = document.querySelector('.filter-count');
    var empty = document.querySelector('.filter-empty');
    function run() {
      var terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (li) {
        var hay = li.getAttribute('data-search') || '';
        var ok = terms.every(function (t) { return hay.indexOf(t) >= 0; });
        li.hidden = !ok;
        if (ok) shown++;
      });
      if (count) count.textContent = terms.length ? shown + ' of ' + items.length : '';
      if (empty) empty.hidden = shown !== 0;
    }
    var q = new URLSearchParams(window.location.search).get('q');
    if (q) input.value = q;
    input.addEventListener('input', run);
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') { input.value = ''; run(); }
    });
    document.addEventListener('keydown', function (e) {
      var t = document.activeElement;
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      if (t && (/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || t.isContentEditable)) return;
      e.preventDefault();
      input.focus();
    });
    run();
  }

  // Table of contents: mark the section being read -----------------------------

  function wireTOC() {
    var links = document.querySelectorAll('.page-toc a[href^="#"]');
    if (!links.length || !('IntersectionObserver' in window)) return;
    var byId = {};
    var targets = [];
    Array.prototype.forEach.call(links, function (a) {
      var id = a.getAttribute('href').slice(1);
      try { id = decodeURIComponent(id); } catch (e) { /* keep it as written */ }
      var h = document.getElementById(id);
      if (h) { byId[id] = a; targets.push(h); }
    });
    var current = null;
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (!e.isIntersecting) return;
        if (current) current.classList.remove('active');
        current = byId[e.target.id];
        if (current) current.classList.add('active');
      });
    }, { rootMargin: '0px 0px -70% 0px' });
    targets.forEach(function (h) { observer.observe(h); });
  }

  function init() {
    applyVariables();
    Array.prototype.forEach.call(document.querySelectorAll('form.sitevar-preferences'), wireForm);
    Array.prototype.forEach.call(document.querySelectorAll('.content pre, main pre'), addCopyButton);
    wireFilter();
    wireTOC();
    // Another tab changed the variables: follow it.
    window.addEventListener('storage', function (e) {
      if (e.key === KEY || e.key === null) update();
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
