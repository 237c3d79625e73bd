/*
 * krisenfest default theme – site script (EUPL-1.2).
 *
 * Loaded on every page with <script src="…/assets/krisenfest.js" defer>. Everything works without
 * it: checklists are forms of labelled native checkboxes, the video is a plain link. The script
 * only adds to that, and never loads anything from another host by itself.
 *
 * Checklists – form[data-checklist="ID"] with input[type=checkbox][data-item="ITEM"]:
 *   - each tick is saved in localStorage under "krisenfest:ID:ITEM" ("1" ticked, "0" unticked;
 *     no entry: the state written in the page), so progress survives reloads and edits of other
 *     items; storage errors (file://, private mode, disabled storage) are ignored;
 *   - [data-checklist-count] shows "3 von 12 erledigt" (text from its data-count-text, with
 *     {done} and {total}) and is a polite live region; a <progress> in the toolbar follows it;
 *   - [data-checklist-reset] clears the saved ticks of this checklist;
 *   - select[data-checklist-filter] shows only items whose data-role is the chosen role (items
 *     without data-role are for everyone); phases left empty are marked, for the screen only;
 *   - [data-checklist-print] prints the page (the print stylesheet shows every item);
 *   - [data-checklist-toolbar] and other JS-only controls carry the hidden attribute until here;
 *     a form without a toolbar (the checklists of Markdown pages) gets one from here: count,
 *     progress, reset and print, with the texts of window.krisenfestTexts (assets/texts.js).
 *
 * Table boxes – div.table-scroll (role=region tabindex=0, named): the markup makes every box
 *   scrollable and a tab stop, which is right without this script and for a table wider than its
 *   box. A box whose table fits is neither a tab stop nor a landmark: the script takes role,
 *   tabindex and the name away (keeping them in data-kf-*) and gives them back when the box
 *   overflows again (window resized, font enlarged, stacked rows on a phone), checked on resize.
 *
 * Video – [data-video="https://www.youtube-nocookie.com/embed/ID"] with a <button>:
 *   the button (hidden without JS) replaces the placeholder with
 *   <iframe src="…/embed/ID?autoplay=1" title="…"> only when clicked.
 */
(function () {
  'use strict';

  var PREFIX = 'krisenfest:';

  // ---------------------------------------------------------------- storage (may be missing)

  function storage() {
    try {
      var s = window.localStorage;
      return s || null;
    } catch (e) {
      return null;
    }
  }

  function load(key) {
    var s = storage();
    if (!s) return null;
    try {
      return s.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function save(key, value) {
    var s = storage();
    if (!s) return;
    try {
      if (value === null) s.removeItem(key);
      else s.setItem(key, value);
    } catch (e) {
      /* quota or disabled storage: the tick stays on the page only */
    }
  }

  // ---------------------------------------------------------------- checklists

  function keyOf(form, box) {
    return PREFIX + form.getAttribute('data-checklist') + ':' + box.getAttribute('data-item');
  }

  function boxes(form) {
    return Array.prototype.slice.call(form.querySelectorAll('input[type="checkbox"][data-item]'));
  }

  function itemOf(box) {
    return box.closest('li') || box.parentNode;
  }

  function applySaved(form) {
    boxes(form).forEach(function (box) {
      var v = load(keyOf(form, box));
      box.checked = v === '1' ? true : v === '0' ? false : box.defaultChecked;
    });
  }

  function updateCount(form) {
    var all = boxes(form).filter(function (b) {
      return !itemOf(b).hidden;
    });
    var done = all.filter(function (b) {
      return b.checked;
    }).length;
    var count = form.querySelector('[data-checklist-count]');
    if (count) {
      var text = (count.getAttribute('data-count-text') || '{done} / {total}')
        .replace('{done}', String(done))
        .replace('{total}', String(all.length));
      if (count.textContent !== text) count.textContent = text;
    }
    var bar = form.querySelector('.checklist__progress progress');
    if (bar) {
      bar.max = Math.max(all.length, 1);
      bar.value = done;
      bar.textContent = count ? count.textContent : done + ' / ' + all.length;
    }
  }

  function applyFilter(form, role) {
    boxes(form).forEach(function (box) {
      var item = itemOf(box);
      var r = item.getAttribute('data-role');
      item.hidden = !!(role && r && r !== role);
    });
    Array.prototype.forEach.call(form.querySelectorAll('.checklist__phase'), function (phase) {
      var shown = phase.querySelectorAll('.checklist__item:not([hidden])').length;
      phase.classList.toggle('checklist__phase--empty', shown === 0);
    });
    updateCount(form);
  }

  var toolbars = 0;

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }

  function button(className, attr, label) {
    var b = el('button', 'kern-btn ' + className);
    b.type = 'button';
    b.setAttribute(attr, '');
    b.appendChild(el('span', 'kern-label', label));
    return b;
  }

  // The toolbar of a checklist whose page does not carry one (it only works with this script).
  function addToolbar(form) {
    var t = window.krisenfestTexts || {};
    var bar = el('div', 'checklist__toolbar');
    bar.setAttribute('data-checklist-toolbar', '');
    var progress = el('div', 'kern-progress checklist__progress');
    toolbars += 1;
    var id = 'kf-checkliste-' + toolbars + '-fortschritt';
    var label = el('label', 'kern-label kern-label--small');
    label.htmlFor = id;
    var count = el('span');
    count.setAttribute('data-checklist-count', '');
    count.setAttribute('data-count-text', t.checklist_count || '{done} / {total}');
    count.setAttribute('aria-live', 'polite');
    label.appendChild(count);
    var bar2 = el('progress');
    bar2.id = id;
    progress.appendChild(label);
    progress.appendChild(bar2);
    bar.appendChild(progress);
    bar.appendChild(button('kern-btn--secondary', 'data-checklist-reset', t.checklist_reset || 'Reset'));
    bar.appendChild(button('kern-btn--tertiary', 'data-checklist-print', t.checklist_print || 'Print'));
    form.insertBefore(bar, form.firstChild);
  }

  function setupChecklist(form) {
    if (form.getAttribute('data-checklist-ready')) return;
    form.setAttribute('data-checklist-ready', '1');
    if (!form.querySelector('[data-checklist-toolbar]')) addToolbar(form);
    applySaved(form);

    form.addEventListener('change', function (ev) {
      var t = ev.target;
      if (t && t.matches && t.matches('input[type="checkbox"][data-item]')) {
        save(keyOf(form, t), t.checked ? '1' : '0');
        updateCount(form);
      } else if (t && t.matches && t.matches('[data-checklist-filter]')) {
        applyFilter(form, t.value);
      }
    });
    // The form has nothing to send: never leave the page on submit (e.g. Enter in a control).
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
    });

    var reset = form.querySelector('[data-checklist-reset]');
    if (reset) {
      reset.addEventListener('click', function () {
        boxes(form).forEach(function (box) {
          save(keyOf(form, box), null);
          box.checked = box.defaultChecked;
        });
        updateCount(form);
      });
    }
    var print = form.querySelector('[data-checklist-print]');
    if (print) {
      print.addEventListener('click', function () {
        window.print();
      });
    }

    var filter = form.querySelector('[data-checklist-filter]');
    // Browsers may restore the select's value on reload: apply whatever it shows.
    applyFilter(form, filter ? filter.value : '');

    Array.prototype.forEach.call(form.querySelectorAll('[data-checklist-toolbar], [data-checklist-reset], [data-checklist-print]'), function (el) {
      el.hidden = false;
    });
  }

  // Another tab of the same site ticked something: follow it.
  window.addEventListener('storage', function (ev) {
    if (ev.key !== null && ev.key.indexOf(PREFIX) !== 0) return;
    Array.prototype.forEach.call(document.querySelectorAll('form[data-checklist]'), function (form) {
      applySaved(form);
      updateCount(form);
    });
  });

  // ---------------------------------------------------------------- two-click video

  var EMBED = 'https://www.youtube-nocookie.com/embed/';

  function setupVideo(box) {
    var embed = box.getAttribute('data-video') || '';
    var button = box.querySelector('button');
    if (!button || embed.indexOf(EMBED) !== 0) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var stage = box.querySelector('.video-consent__stage') || box;
      var frame = document.createElement('iframe');
      frame.className = 'video-consent__iframe';
      frame.src = embed + '?autoplay=1';
      frame.title = box.getAttribute('data-video-title') || 'Video';
      frame.width = '640';
      frame.height = '360';
      frame.setAttribute('allow', 'autoplay; encrypted-media; fullscreen; picture-in-picture');
      frame.setAttribute('allowfullscreen', '');
      frame.setAttribute('referrerpolicy', 'strict-origin-when-cross-origin');
      // The placeholder and the panel (notice, button, link) give way to the player.
      while (stage.firstChild) stage.removeChild(stage.firstChild);
      stage.appendChild(frame);
      // The button had the focus: move it to the player instead of losing it.
      frame.focus();
    }, { once: true });
  }

  // ---------------------------------------------------------------- table boxes

  var BOX_ATTRS = ['role', 'tabindex', 'aria-label', 'aria-labelledby'];

  function fitBox(box) {
    // 1px of slack: sub-pixel widths round differently in scrollWidth and clientWidth
    var scrolls = box.scrollWidth > box.clientWidth + 1;
    var stripped = box.hasAttribute('data-kf-fits');
    if (!scrolls && !stripped) {
      if (document.activeElement === box) return;  // never pull the focus from under the user
      BOX_ATTRS.forEach(function (a) {
        if (box.hasAttribute(a)) {
          box.setAttribute('data-kf-' + a, box.getAttribute(a));
          box.removeAttribute(a);
        }
      });
      box.setAttribute('data-kf-fits', '');
    } else if (scrolls && stripped) {
      BOX_ATTRS.forEach(function (a) {
        var v = box.getAttribute('data-kf-' + a);
        if (v !== null) {
          box.setAttribute(a, v);
          box.removeAttribute('data-kf-' + a);
        }
      });
      box.removeAttribute('data-kf-fits');
    }
  }

  function fitBoxes() {
    Array.prototype.forEach.call(document.querySelectorAll('.table-scroll'), fitBox);
  }

  var fitPending = false;
  function fitSoon() {
    if (fitPending) return;
    fitPending = true;
    window.requestAnimationFrame(function () {
      fitPending = false;
      fitBoxes();
    });
  }

  // ---------------------------------------------------------------- start

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('form[data-checklist]'), setupChecklist);
    Array.prototype.forEach.call(document.querySelectorAll('[data-video]'), setupVideo);
    fitBoxes();
    window.addEventListener('resize', fitSoon);
    // the web font changes widths once it has loaded
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(fitSoon);
    // text zoom or a changed font size without a window resize
    if (window.ResizeObserver) {
      var ro = new window.ResizeObserver(fitSoon);
      Array.prototype.forEach.call(document.querySelectorAll('.table-scroll > table'), function (t) {
        ro.observe(t);
      });
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
