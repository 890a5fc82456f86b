// guidec site script: site variables, copy buttons, the guide filter and
// the table of contents highlight. No framework, no request to any other
// host; every value a reader types reaches the page as text, never HTML.
(function () {
  'use strict';

  var doc = document;
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var has = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };

  // Site variables ---------------------------------------------------------
  //
  // The layout embeds the variables of site.yaml as JSON (#guidec-sitevars:
  // name, label, type, default, description, validate, min, max). Readers'
  // values live in localStorage under KEY as {"name": "text"}; a variable
  // that is not there shows the text the page was built with (the
  // shortcode's nojs value), which each element keeps in `original`.

  var KEY = 'guidec.sitevars';
  var original = new WeakMap();
  var vars = readConfig();

  function readConfig() {
    var el = doc.getElementById('guidec-sitevars');
    var out = {};
    try {
      (JSON.parse(el ? el.textContent : '[]') || []).forEach(function (v) { out[v.name] = v; });
    } catch (e) { /* malformed: no variables */ }
    return out;
  }

  function readStore() {
    var v = null;
    try { v = JSON.parse(window.localStorage.getItem(KEY) || '{}'); } catch (e) { /* disabled or corrupt */ }
    var out = {};
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      Object.keys(v).forEach(function (k) { if (typeof v[k] === 'string') out[k] = v[k]; });
    }
    return out;
  }

  function writeStore(values) {
    try {
      if (Object.keys(values).length) window.localStorage.setItem(KEY, JSON.stringify(values));
      else window.localStorage.removeItem(KEY);
      return true;
    } catch (e) {
      return false;
    }
  }

  // check returns why value cannot be variable v's value, or '' when it
  // can. The rules are those of publish.Variable.Check in Go: the empty
  // value means "not set"; numbers are plain decimals within min and max;
  // validate "hostname" is an RFC 1123 host name.
  function check(v, value) {
    if (value === '' || !v) return '';
    if (v.type === 'number') {
      if (!/^-?[0-9]+(\.[0-9]+)?$/.test(value)) return 'Enter a number such as 8443.';
      var n = Number(value);
      if (typeof v.min === 'number' && n < v.min) return 'Enter a number of at least ' + v.min + '.';
      if (typeof v.max === 'number' && n > v.max) return 'Enter a number of at most ' + v.max + '.';
    } else if (v.type === 'boolean') {
      if (value !== 'true' && value !== 'false') return 'Choose true or false.';
    } else if (v.validate === 'hostname') {
      if (value.length > 253) return 'A host name has at most 253 characters.';
      var ok = value.split('.').every(function (l) { return /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l); });
      if (!ok) return 'Enter a host name such as example.com: letters, digits, hyphens and dots.';
    }
    return '';
  }

  // format renders a value as an element asks: "regex" escapes what a
  // regular expression would read as syntax (example\.com), "dn" makes an
  // LDAP distinguished name of a domain (DC=example,DC=com).
  function format(value, fmt) {
    if (fmt === 'regex') return value.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
    if (fmt === 'dn') {
      return value.split('.').filter(Boolean).map(function (p) {
        return 'DC=' + p.replace(/[\\,+"<>;=#]/g, '\\$&');
      }).join(',');
    }
    return value;
  }

  function applyVariables() {
    var values = readStore();
    each(doc.querySelectorAll('.sitevar[data-sitevar]'), function (el) {
      if (!original.has(el)) original.set(el, el.textContent);
      var v = values[el.getAttribute('data-sitevar')];
      var set = typeof v === 'string' && v !== '';
      var text = set ? format(v, el.getAttribute('data-format') || '') : original.get(el);
      if (el.textContent !== text) el.textContent = text; // text, never HTML
      el.classList.toggle('changed', set && text !== original.get(el));
    });
  }

  // The preferences form. The shortcode writes one input per variable;
  // the script adds what only it can use: help text, bounds, an error
  // message per field and a status line.

  function fields(form) {
    return Array.prototype.filter.call(form.querySelectorAll('input[name]'), function (el) {
      return has(vars, el.name);
    });
  }

  function fieldValue(el) {
    return el.type === 'checkbox' ? String(el.checked) : el.value.trim();
  }

  function defaultOf(el) {
    var v = vars[el.name];
    return v && v['default'] !== undefined ? String(v['default']) : '';
  }

  function addNote(el, cls, text) {
    var p = doc.createElement('p');
    p.className = cls;
    p.id = el.id + '-' + cls;
    if (text) p.textContent = text;
    var box = el.closest('.sitevar-preference') || el.parentNode;
    box.appendChild(p);
    var ids = (el.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    ids.push(p.id);
    el.setAttribute('aria-describedby', ids.join(' '));
    return p;
  }

  function enhanceField(el) {
    var v = vars[el.name];
    if (v.description) addNote(el, 'sitevar-help', v.description);
    var err = addNote(el, 'sitevar-error', '');
    err.hidden = true;
    if (v.type === 'number') {
      if (typeof v.min === 'number') el.min = v.min;
      if (typeof v.max === 'number') el.max = v.max;
      el.step = 'any';
    } else if (v.validate === 'hostname') {
      el.setAttribute('inputmode', 'url');
      el.setAttribute('autocapitalize', 'off');
      el.spellcheck = false;
    }
    if (el.type !== 'checkbox') el.placeholder = defaultOf(el);
  }

  function showError(el, msg) {
    var err = doc.getElementById(el.id + '-sitevar-error');
    if (err) {
      err.textContent = msg;
      err.hidden = !msg;
    }
    if (msg) el.setAttribute('aria-invalid', 'true');
    else el.removeAttribute('aria-invalid');
    if (el.setCustomValidity) el.setCustomValidity(msg);
  }

  function fillForm(form) {
    var values = readStore();
    fields(form).forEach(function (el) {
      var v = has(values, el.name) ? values[el.name] : defaultOf(el);
      if (el === doc.activeElement && fieldValue(el) === v) return; // keep the caret
      if (el.type === 'checkbox') el.checked = v === 'true';
      else el.value = v;
      showError(el, check(vars[el.name], fieldValue(el)));
    });
  }

  function status(form, text) {
    var out = form.querySelector('.sitevar-status');
    if (out && out.textContent !== text) out.textContent = text;
  }

  // save stores el's value when it is valid: the default, or nothing,
  // removes the reader's value so that pages show what they were built
  // with.
  function save(form, el) {
    var value = fieldValue(el);
    // A number field reports "" for text that is no number at all.
    var msg = el.validity && el.validity.badInput ? 'Enter a number such as 8443.' : check(vars[el.name], value);
    showError(el, msg);
    if (msg) {
      status(form, 'Not saved: ' + (vars[el.name].label || el.name) + ' is not valid.');
      return;
    }
    var values = readStore();
    if (value === '' || value === defaultOf(el)) delete values[el.name];
    else values[el.name] = value;
    status(form, writeStore(values) ? 'Saved in this browser: every page shows your values.' : 'Not saved: this browser does not allow storage.');
    applyVariables();
  }

  function wireForm(form) {
    var all = fields(form);
    all.forEach(enhanceField);
    var actions = form.querySelector('.sitevar-actions') || form;
    var out = doc.createElement('p');
    out.className = 'sitevar-status';
    out.setAttribute('role', 'status');
    actions.appendChild(out);
    fillForm(form);
    all.forEach(function (el) {
      el.addEventListener(el.type === 'checkbox' ? 'change' : 'input', function () { save(form, el); });
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault(); // Enter in a field: values are saved as typed
      all.forEach(function (el) { save(form, el); });
    });
    form.addEventListener('reset', function (e) {
      e.preventDefault(); // the fields get the site's defaults, not the HTML's
      var values = readStore();
      all.forEach(function (el) { delete values[el.name]; });
      writeStore(values);
      update();
      status(form, 'Reset: pages show the values they were written with.');
    });
  }

  function update() {
    applyVariables();
    each(doc.querySelectorAll('form.sitevar-preferences'), fillForm);
  }

  // Copy buttons -------------------------------------------------------------
  //
  // Every code block gets a button that copies its code as shown, with the
  // reader's values and without line numbers.

  var announcer;

  function announce(text) {
    if (!announcer) {
      announcer = doc.createElement('p');
      announcer.className = 'visually-hidden';
      announcer.setAttribute('role', 'status');
      doc.body.appendChild(announcer);
    }
    announcer.textContent = '';
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function codeText(pre) {
    var clone = pre.cloneNode(true);
    each(clone.querySelectorAll('.ln, .lnt'), function (n) { n.remove(); });
    return clone.textContent;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var ta = doc.createElement('textarea');
      ta.value = text;
      ta.setAttribute('readonly', '');
      ta.className = 'visually-hidden';
      doc.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = doc.execCommand('copy'); } catch (e) { ok = false; }
      ta.remove();
      if (ok) resolve(); else reject(new Error('copy failed'));
    });
  }

  // selectCode selects the code so that the reader can copy it by hand
  // when the browser refuses to.
  function selectCode(pre) {
    var range = doc.createRange();
    range.selectNodeContents(pre.querySelector('code') || pre);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  function addCopyButton(box, pre) {
    var title = box.querySelector(':scope > figcaption');
    var button = doc.createElement('button');
    button.type = 'button';
    button.className = 'copy-button';
    button.textContent = 'Copy';
    button.setAttribute('aria-label', 'Copy code' + (title ? ' of ' + title.textContent : ''));
    var timer;
    function flash(state, text, said) {
      button.setAttribute('data-state', state);
      button.textContent = text;
      announce(said);
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        button.removeAttribute('data-state');
        button.textContent = 'Copy';
      }, 2500);
    }
    button.addEventListener('click', function () {
      copyText(codeText(pre)).then(function () {
        flash('done', 'Copied', 'Code copied to the clipboard');
      }, function () {
        selectCode(pre);
        flash('failed', 'Press Ctrl+C', 'Copying failed: the code is selected, press Control C to copy it');
      });
    });
    box.classList.add('has-copy');
    box.appendChild(button);
  }

  function wireCode() {
    each(doc.querySelectorAll('main figure.code'), function (fig) {
      // With line numbers in a table, the code is the cell that is not
      // the numbers.
      var pre = fig.querySelector('td:not(.ln) > pre') || fig.querySelector('pre');
      if (pre) addCopyButton(fig, pre);
    });
    each(doc.querySelectorAll('main pre'), function (pre) {
      if (pre.closest('figure.code')) return;
      var wrap = doc.createElement('div');
      wrap.className = 'code-wrap';
      pre.parentNode.insertBefore(wrap, pre);
      wrap.appendChild(pre);
      addCopyButton(wrap, pre);
    });
  }

  // Guide filter (home page) --------------------------------------------------
  //
  // Matches the words typed against each guide's title and description in
  // index.json, ignoring case and accents. "/" focuses the field, Escape
  // clears it, and ?q= fills it.

  function fold(s) {
    return String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }

  function wireFilter() {
    var input = doc.getElementById('guide-filter');
    if (!input) return;
    var box = input.closest('.filter');
    var items = Array.prototype.slice.call(doc.querySelectorAll('.guide-list > li'));
    var count = doc.getElementById('filter-count');
    var empty = doc.querySelector('.filter-empty');
    var text = new Map(); // list item → folded title and description
    function hrefOf(li) {
      var a = li.querySelector('a[href]');
      return a ? new URL(a.getAttribute('href'), window.location.href).pathname : '';
    }
    function run() {
      var terms = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (li) {
        var hay = text.get(li) || '';
        var ok = terms.every(function (t) { return hay.indexOf(t) >= 0; });
        li.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = terms.length ? shown + ' of ' + items.length + ' guides' : items.length + ' guides';
      if (empty) empty.hidden = shown !== 0;
    }
    function index(records) {
      var byPath = new Map();
      records.forEach(function (r) {
        byPath.set(new URL(r.url, window.location.href).pathname, fold(r.title + ' ' + r.description));
      });
      items.forEach(function (li) { text.set(li, byPath.get(hrefOf(li)) || ''); });
    }
    function fromPage() { // index.json unavailable (a page opened from disk)
      items.forEach(function (li) { text.set(li, fold(li.querySelector('a').textContent)); });
    }
    fetch(input.getAttribute('data-index'), { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error(r.status)); })
      .then(function (records) { index(Array.isArray(records) ? records : []); }, fromPage)
      .then(run);
    var q = new URLSearchParams(window.location.search).get('q');
    if (q) input.value = q;
    input.addEventListener('input', run);
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && input.value) { input.value = ''; run(); }
    });
    doc.addEventListener('keydown', function (e) {
      var t = doc.activeElement;
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      if (t && (/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || t.isContentEditable)) return;
      e.preventDefault();
      input.focus();
    });
    box.hidden = false;
  }

  // Table of contents: mark the section being read -----------------------------

  function wireTOC() {
    var links = doc.querySelectorAll('.page-toc a[href^="#"]');
    if (!links.length || !('IntersectionObserver' in window)) return;
    var byId = new Map();
    each(links, function (a) {
      var id = a.getAttribute('href').slice(1);
      try { id = decodeURIComponent(id); } catch (e) { /* keep it as written */ }
      var h = doc.getElementById(id);
      if (h) byId.set(h, a);
    });
    var current = null;
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (!e.isIntersecting) return;
        if (current) current.removeAttribute('aria-current');
        current = byId.get(e.target);
        if (current) current.setAttribute('aria-current', 'location');
      });
    }, { rootMargin: '0px 0px -70% 0px' });
    byId.forEach(function (a, h) { observer.observe(h); });
  }

  function init() {
    applyVariables();
    each(doc.querySelectorAll('form.sitevar-preferences'), wireForm);
    wireCode();
    wireFilter();
    wireTOC();
    // Another tab changed the values: follow it.
    window.addEventListener('storage', function (e) {
      if (e.key === KEY || e.key === null) update();
    });
  }

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', init);
  else init();
})();
