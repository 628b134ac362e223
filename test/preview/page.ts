/**
 * The preview page's script (`npm start`): the emulated spreadsheet's grid,
 * menus, dialogs, sidebar, clock and outbox, talking to the preview server's
 * /api routes. Served as /page.js, compiled from this file on each request
 * (server.ts), and type-checked by tsconfig.page.json (DOM types, not strict:
 * the page drives loosely shaped JSON from the server).
 */
(() => {
  var state = null;
  var activeSheet = null;
  var shownVersion = -1;
  var busy = false;
  /** The range to outline: where the add-on put the cursor, or the row a spreadsheet link points at. */
  var selection = null;
  var scrollToSelection = false;
  var lastActiveKey = null;

  /** An element of the page by id, typed as the caller knows it is. */
  function $<T extends HTMLElement = HTMLElement>(id: string): T {
    return document.getElementById(id) as T;
  }
  function esc(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }
  function status(text) {
    $('status').textContent = text;
  }

  function api(method: string, path: string, body?: unknown): Promise<any> {
    return fetch(path, {
      method: method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then((r) =>
      r.json().then((j) => {
        if (!r.ok) throw new Error(j.error || r.statusText);
        return j;
      }),
    );
  }

  function setBusy(on) {
    busy = on;
    document.querySelectorAll<HTMLButtonElement>('#toolbar button').forEach((b) => {
      b.disabled = on;
    });
  }

  // ---- modal: alerts, prompts, dialogs -----------------------------------
  var BUTTONS = {
    OK: ['OK'],
    OK_CANCEL: ['CANCEL', 'OK'],
    YES_NO: ['NO', 'YES'],
    YES_NO_CANCEL: ['CANCEL', 'NO', 'YES'],
  };
  var LABEL = { OK: 'OK', CANCEL: 'Cancel', YES: 'Yes', NO: 'No' };
  interface ModalAnswer {
    button: string;
    text: string;
  }
  function modal(opts): Promise<ModalAnswer> {
    return new Promise<ModalAnswer>((resolve) => {
      var m = $('modal');
      var html = '';
      if (opts.title) html += `<h3>${esc(opts.title)}</h3>`;
      if (opts.text) html += `<p>${esc(opts.text)}</p>`;
      if (opts.input) html += `<input id="modal-input" type="text" aria-label="${esc(opts.text || 'Answer')}">`;
      if (opts.frame)
        html +=
          '<iframe id="modal-frame" src="' +
          esc(opts.frame) +
          '" style="height:' +
          (opts.height || 360) +
          'px"></iframe>';
      var buttons = opts.buttons || ['OK'];
      html +=
        '<div class="buttons">' +
        buttons
          .map(
            (b, i) =>
              '<button data-button="' +
              esc(b) +
              '"' +
              (i === buttons.length - 1 ? ' class="default"' : '') +
              '>' +
              esc(LABEL[b] || b) +
              '</button>',
          )
          .join('') +
        '</div>';
      m.innerHTML = html;
      m.style.width = opts.width ? `${opts.width + 48}px` : '';
      $('modal-back').hidden = false;
      var input = $<HTMLInputElement>('modal-input');
      (input || m.querySelector('button.default')).focus();
      function done(button) {
        $('modal-back').hidden = true;
        m.innerHTML = '';
        resolve({ button: button, text: input ? input.value : '' });
      }
      m.querySelectorAll('button').forEach((b) => {
        b.onclick = () => {
          done(b.getAttribute('data-button'));
        };
      });
      if (input)
        input.onkeydown = (e) => {
          if (e.key === 'Enter') done(buttons[buttons.length - 1]);
        };
      var frame = $<HTMLIFrameElement>('modal-frame');
      if (frame)
        frame.onload = () => {
          frame.contentWindow.addEventListener('gas-host-close', () => {
            done('CLOSE');
          });
        };
    });
  }

  function toast(text: string, isError?: boolean) {
    var t = document.createElement('div');
    t.className = `toast${isError ? ' error' : ''}`;
    t.textContent = text;
    $('toasts').appendChild(t);
    setTimeout(
      () => {
        t.remove();
      },
      isError ? 9000 : 5000,
    );
  }

  // ---- what an execution did ------------------------------------------------
  function showEffects(effects) {
    if (!effects) return Promise.resolve();
    (effects.toasts || []).forEach((t) => {
      toast((t.title ? `${t.title}: ` : '') + t.message);
    });
    if (effects.mailsSent)
      toast(`${effects.mailsSent} email${effects.mailsSent === 1 ? '' : 's'} sent: see the Outbox.`);
    if (effects.sidebar) openSidebar(effects.sidebar);
    var chain: Promise<unknown> = Promise.resolve();
    (effects.alerts || []).forEach((a) => {
      chain = chain.then(() => modal({ title: a.title, text: a.prompt, buttons: ['OK'] }));
    });
    (effects.dialogs || []).forEach((d) => {
      chain = chain.then(() =>
        modal({ title: d.title, frame: `/dialog/${d.id}`, width: d.width, height: d.height, buttons: ['CLOSE'] }),
      );
    });
    return chain;
  }

  function openSidebar(sb) {
    $('sidebar-title').textContent = sb.title || 'Spark Ledger';
    $('sidebar').style.width = `${sb.width || 300}px`;
    $('sidebar').hidden = false;
    var frame = $<HTMLIFrameElement>('sidebar-frame');
    frame.onload = () => {
      // google.script.host.close() in the sidebar closes the panel, as in Sheets.
      frame.contentWindow.addEventListener('gas-host-close', closeSidebar);
      catchSpreadsheetLinks(frame.contentDocument);
    };
    frame.src = `/sidebar/${sb.id}`;
  }
  function closeSidebar() {
    $('sidebar').hidden = true;
    $<HTMLIFrameElement>('sidebar-frame').src = 'about:blank';
  }

  /** A menu item: run it; when it asks something, ask the person and run it again with the answer. */
  function runMenu(fn, caption) {
    status(`Running ${caption}…`);
    var answers = { alerts: [], prompts: [] };
    function attempt() {
      return api('POST', '/api/menu', { fn: fn, answers: answers }).then((r) => {
        if (r.question) {
          var q = r.question;
          answers = r.answers;
          return modal({
            title: q.title,
            text: q.prompt,
            input: q.kind === 'prompt',
            buttons: BUTTONS[q.buttons] || ['OK'],
          }).then((a) => {
            if (q.kind === 'prompt') answers.prompts.push({ text: a.text, button: a.button });
            else answers.alerts.push(a.button);
            return attempt();
          });
        }
        var reply = r.reply;
        status(caption + (reply.ok ? ': done.' : `: failed: ${reply.error.message}`));
        return showEffects(r.effects).then(() => {
          if (!reply.ok) return modal({ title: 'Error', text: reply.error.message, buttons: ['OK'] });
        });
      });
    }
    return attempt()
      .catch((e) => {
        status(`${caption} failed: ${e.message}`);
        toast(e.message, true);
      })
      .then(refresh);
  }

  // ---- menus -------------------------------------------------------------------
  var openMenu = null;
  function closeMenus() {
    document.querySelectorAll('.dropdown').forEach((d) => {
      d.remove();
    });
    document.querySelectorAll('.menu-top.open').forEach((b) => {
      b.classList.remove('open');
    });
    openMenu = null;
  }
  function itemsHtml(items) {
    if (!items.length) return '<div class="empty">(no items)</div>';
    return items
      .map((it) => {
        if (it.kind === 'separator') return '<div class="sep"></div>';
        if (it.kind === 'submenu')
          return (
            '<div class="item has-sub" role="menuitem">' +
            esc(it.title) +
            ' <span>▸</span><div class="dropdown sub" hidden>' +
            itemsHtml(it.items) +
            '</div></div>'
          );
        return `<button class="item" role="menuitem" data-fn="${esc(it.functionName)}">${esc(it.caption)}</button>`;
      })
      .join('');
  }
  function wireItems(root) {
    root.querySelectorAll('.has-sub').forEach((el) => {
      var sub = el.querySelector(':scope > .dropdown');
      el.onmouseenter = () => {
        sub.hidden = false;
      };
      el.onmouseleave = () => {
        sub.hidden = true;
      };
      el.onclick = (e) => {
        if (e.target === el) sub.hidden = !sub.hidden;
      };
    });
    root.querySelectorAll('button.item').forEach((b) => {
      b.onclick = (e) => {
        e.stopPropagation();
        closeMenus();
        runMenu(b.getAttribute('data-fn'), b.textContent);
      };
    });
  }
  function renderMenus() {
    var bar = $('menubar');
    var addon = state.menus.filter((m) => m.addon);
    var custom = state.menus.filter((m) => !m.addon);
    var tops = ['File', 'Edit', 'View', 'Insert', 'Format', 'Data', 'Tools'];
    var html = tops.map((t) => `<button class="menu-top dead" tabindex="-1">${t}</button>`).join('');
    html += '<button class="menu-top" data-menu="extensions">Extensions</button>';
    custom.forEach((m, i) => {
      html += `<button class="menu-top" data-menu="custom-${i}">${esc(m.title)}</button>`;
    });
    bar.innerHTML = html;
    bar.querySelectorAll<HTMLButtonElement>('.menu-top[data-menu]').forEach((btn) => {
      btn.onclick = (e) => {
        e.stopPropagation();
        var key = btn.getAttribute('data-menu');
        var wasOpen = openMenu === key;
        closeMenus();
        if (wasOpen) return;
        openMenu = key;
        btn.classList.add('open');
        var dd = document.createElement('div');
        dd.className = 'dropdown';
        dd.style.left = `${btn.offsetLeft}px`;
        if (key === 'extensions') {
          // Add-on menus sit under Extensions, named after the add-on.
          dd.innerHTML = addon.length
            ? addon
                .map(
                  (m) =>
                    '<div class="item has-sub" role="menuitem">' +
                    esc(state.spreadsheet.addonName || 'Spark Ledger') +
                    ' <span>▸</span><div class="dropdown sub" hidden>' +
                    itemsHtml(m.items) +
                    '</div></div>',
                )
                .join('')
            : '<div class="empty">The add-on built no menu (onOpen did not run or failed).</div>';
        } else {
          dd.innerHTML = itemsHtml(custom[Number(key.slice(7))].items);
        }
        bar.appendChild(dd);
        wireItems(dd);
      };
    });
  }
  document.addEventListener('click', (e) => {
    if (openMenu && !(e.target as HTMLElement).closest('.dropdown')) closeMenus();
  });

  // ---- grid ---------------------------------------------------------------------
  function colLetter(n) {
    var s = '';
    while (n > 0) {
      var m = (n - 1) % 26;
      s = String.fromCharCode(65 + m) + s;
      n = Math.floor((n - 1) / 26);
    }
    return s;
  }

  function styleCss(s) {
    var css = '';
    if (s.background) css += `background:${s.background};`;
    if (s.fontColor) css += `color:${s.fontColor};`;
    if (s.fontWeight) css += `font-weight:${s.fontWeight};`;
    if (s.fontStyle) css += `font-style:${s.fontStyle};`;
    if (s.fontSize) css += `font-size:${Math.round((s.fontSize * 4) / 3)}px;`;
    if (s.strikethrough) css += 'text-decoration:line-through;';
    if (s.align && s.align !== 'general') css += `text-align:${s.align === 'normal' ? 'left' : s.align};`;
    return css;
  }

  function renderGrid(view) {
    var hidden = {};
    view.hiddenColumns.forEach((c) => {
      hidden[c] = true;
    });
    var css = view.styles.map((s, i) => `#grid td.s${i}{${styleCss(s)}}`).join('\n');
    var styleEl = $('grid-styles');
    if (!styleEl) {
      styleEl = document.createElement('style');
      styleEl.id = 'grid-styles';
      document.head.appendChild(styleEl);
    }
    styleEl.textContent = css;

    var covered = {};
    var spans = {};
    view.merges.forEach((m) => {
      spans[`${m.row},${m.column}`] = m;
      for (var r = m.row; r < m.row + m.numRows; r++)
        for (var c = m.column; c < m.column + m.numColumns; c++)
          if (r !== m.row || c !== m.column) covered[`${r},${c}`] = true;
    });
    var notes = {};
    view.notes.forEach((n) => {
      notes[`${n.row},${n.column}`] = n.note;
    });

    var parts = ['<colgroup><col style="width:46px">'];
    var width = 46;
    for (var c = 1; c <= view.colsShown; c++)
      if (!hidden[c]) {
        parts.push(`<col style="width:${view.colWidths[c - 1]}px">`);
        width += view.colWidths[c - 1];
      }
    parts.push('</colgroup><thead><tr><th class="rownum corner"></th>');
    for (c = 1; c <= view.colsShown; c++) if (!hidden[c]) parts.push(`<th>${colLetter(c)}</th>`);
    parts.push('</tr></thead><tbody>');
    for (var r = 1; r <= view.rowsShown; r++) {
      var row = view.cells[r - 1];
      var cls = r <= view.frozenRows ? ` class="frozen-row${r === view.frozenRows ? ' frozen-last' : ''}"` : '';
      parts.push(`<tr data-row="${r}"${cls}><th class="rownum">${r}</th>`);
      for (c = 1; c <= view.colsShown; c++) {
        if (hidden[c] || covered[`${r},${c}`]) continue;
        var cell = row[c - 1];
        var st = view.styles[cell.s];
        var classes = `s${cell.s}`;
        if (!st.align || st.align === 'general') classes += ` a-${cell.a || 'l'}`;
        if (st.wrap) classes += ' wrap';
        var key = `${r},${c}`;
        var attrs = '';
        if (notes[key]) {
          classes += ' note';
          attrs += ` title="${esc(notes[key])}"`;
        }
        if (r <= view.frozenRows || c <= view.frozenColumns) classes += ' frozen';
        if (spans[key]) attrs += ` rowspan="${spans[key].numRows}" colspan="${spans[key].numColumns}"`;
        var text = cell.cb
          ? '<span class="cb' +
            (cell.v === 'TRUE' ? ' on' : '') +
            '" role="checkbox" aria-checked="' +
            (cell.v === 'TRUE') +
            '">' +
            (cell.v === 'TRUE' ? '☑' : '☐') +
            '</span>'
          : esc(cell.v);
        parts.push(`<td class="${classes}" data-col="${c}"${attrs}>${text}</td>`);
      }
      parts.push('</tr>');
    }
    parts.push('</tbody>');
    var grid = $<HTMLTableElement>('grid');
    // A fixed layout keeps each column at its sheet width, whatever its text.
    grid.style.width = `${width}px`;
    grid.innerHTML = parts.join('');
    stickFrozen(view);
    renderCharts(view);
    showSelection(view);
    $('grid-note').textContent = view.truncated
      ? 'Showing the first ' +
        view.rowsShown +
        ' rows of ' +
        view.lastRow +
        ' on ' +
        view.name +
        ' (the preview renders at most ' +
        view.rowsShown +
        ' rows to stay quick).'
      : '';
  }

  function showSelection(view) {
    if (!selection || selection.sheet !== view.name) return;
    var grid = $<HTMLTableElement>('grid');
    var first = null;
    for (var r = selection.row; r < selection.row + selection.numRows && r <= view.rowsShown; r++) {
      var tr = grid.tBodies[0].rows[r - 1];
      tr.classList.add('sel-row');
      for (var c = selection.column; c < selection.column + selection.numColumns; c++) {
        var td = tr.querySelector(`td[data-col="${c}"]`);
        if (td) {
          td.classList.add('sel');
          first = first || td;
        }
      }
    }
    if (first && scrollToSelection) {
      scrollToSelection = false;
      var wrap = $('grid-wrap');
      wrap.scrollTop = Math.max(0, first.parentNode.offsetTop - wrap.clientHeight / 3);
      wrap.scrollLeft = Math.max(0, first.offsetLeft - 60);
    }
  }

  /** Links to the spreadsheet (sidebar notices, alert emails) move the grid instead of leaving the page. */
  function gotoLink(href) {
    var m = /#gid=(\d+)(?:&range=([A-Z]+)(\d+))?/.exec(href);
    if (!m || !state) return false;
    var sheet = state.sheets.find((s) => String(s.id) === m[1]);
    if (!sheet) return false;
    activeSheet = sheet.name;
    var col = 0;
    if (m[2]) for (var i = 0; i < m[2].length; i++) col = col * 26 + m[2].charCodeAt(i) - 64;
    selection = m[3] ? { sheet: sheet.name, row: Number(m[3]), column: col, numRows: 1, numColumns: 1 } : null;
    scrollToSelection = true;
    renderTabs();
    loadSheet();
    return true;
  }
  function catchSpreadsheetLinks(doc) {
    doc.addEventListener(
      'click',
      (e) => {
        var a = e.target.closest?.('a[href]');
        if (a && state && a.href.indexOf(state.spreadsheet.url) === 0 && gotoLink(a.href)) e.preventDefault();
      },
      true,
    );
  }

  /** Frozen rows stay under the column letters and frozen columns beside the row numbers, as in Sheets. */
  function stickFrozen(view) {
    var grid = $<HTMLTableElement>('grid');
    var headH = grid.tHead.rows[0].offsetHeight;
    var top = headH;
    for (var r = 1; r <= view.frozenRows && r <= view.rowsShown; r++) {
      var tr = grid.tBodies[0].rows[r - 1];
      tr.querySelectorAll<HTMLElement>('td, th').forEach((td) => {
        td.style.position = 'sticky';
        td.style.top = `${top}px`;
        td.style.zIndex = td.tagName === 'TH' ? '3' : '2';
      });
      top += tr.offsetHeight;
    }
    if (view.frozenColumns) {
      var firstRow = grid.tBodies[0].rows[0];
      var lefts = {};
      var left = 46;
      firstRow.querySelectorAll('td').forEach((td) => {
        var c = Number(td.getAttribute('data-col'));
        if (c <= view.frozenColumns) {
          lefts[c] = left;
          left += td.offsetWidth;
        }
      });
      grid.querySelectorAll<HTMLElement>('td.frozen').forEach((td) => {
        var c = Number(td.getAttribute('data-col'));
        if (lefts[c] !== undefined) td.style.left = `${lefts[c]}px`;
      });
    }
  }

  function renderCharts(view) {
    document.querySelectorAll('.chart').forEach((el) => {
      el.remove();
    });
    var grid = $<HTMLTableElement>('grid');
    view.charts.forEach((ch) => {
      var row = grid.tBodies[0].rows[Math.min(ch.row, view.rowsShown) - 1];
      var anchor = row?.querySelector<HTMLElement>(`td[data-col="${ch.column}"]`);
      var box = document.createElement('div');
      box.className = 'chart';
      box.style.top = `${anchor ? row.offsetTop : 40}px`;
      box.style.left = `${anchor ? anchor.offsetLeft : 60}px`;
      var values = ch.series.length ? ch.series[0].values : [];
      var max = Math.max.apply(null, values.concat([1]));
      var barH = 18,
        w = 400,
        labelW = 130;
      var svg =
        '<svg width="' +
        w +
        '" height="' +
        (values.length * (barH + 4) + 4) +
        '" role="img" aria-label="' +
        esc(ch.title) +
        '">';
      values.forEach((v, i) => {
        var y = 2 + i * (barH + 4);
        var bw = Math.max(1, ((w - labelW - 50) * v) / max);
        svg +=
          '<text x="' +
          (labelW - 4) +
          '" y="' +
          (y + 13) +
          '" font-size="11" text-anchor="end">' +
          esc(String(ch.labels[i]).slice(0, 20)) +
          '</text>';
        svg += `<rect x="${labelW}" y="${y}" width="${bw}" height="${barH}" fill="#4285f4"></rect>`;
        svg += `<text x="${labelW + bw + 4}" y="${y + 13}" font-size="11">${esc(v)}</text>`;
      });
      svg += '</svg>';
      box.innerHTML =
        '<h4>' +
        esc(ch.title || 'Chart') +
        ' <span class="muted">' +
        esc((ch.type || '').toLowerCase()) +
        (ch.series[0] ? ` · ${esc(ch.series[0].name)}` : '') +
        '</span></h4>' +
        svg;
      $('grid-wrap').appendChild(box);
    });
  }

  function renderTabs() {
    var tabs = $('tabs');
    tabs.innerHTML = state.sheets
      .filter((s) => !s.hidden)
      .map(
        (s) =>
          '<button class="tab' +
          (s.name === activeSheet ? ' active' : '') +
          '" role="tab" data-sheet="' +
          esc(s.name) +
          '"' +
          (s.tabColor ? ` style="border-bottom-color:${esc(s.tabColor)}"` : '') +
          '>' +
          esc(s.name) +
          (s.protected
            ? '<svg class="lock" width="9" height="11" viewBox="0 0 9 11" aria-label="Protected"><title>Protected</title><rect x="0.5" y="4.5" width="8" height="6" rx="1" fill="#80868b"/><path d="M2.2 4.5V3a2.3 2.3 0 0 1 4.6 0v1.5" fill="none" stroke="#80868b" stroke-width="1.2"/></svg>'
            : '') +
          '</button>',
      )
      .join('');
    tabs.querySelectorAll<HTMLButtonElement>('.tab').forEach((b) => {
      b.onclick = () => {
        activeSheet = b.getAttribute('data-sheet');
        renderTabs();
        loadSheet();
      };
    });
  }

  function loadSheet() {
    if (!activeSheet) return Promise.resolve();
    return api('GET', `/api/sheet?name=${encodeURIComponent(activeSheet)}`).then(renderGrid);
  }

  // ---- outbox, clock, triggers ------------------------------------------------------
  function renderOutbox() {
    $('outbox-count').textContent = state.outbox.length;
    var list = $('outbox-list');
    list.innerHTML = state.outbox.length
      ? state.outbox
          .map(
            (m) =>
              '<details class="mail" data-mail="' +
              m.id +
              '"><summary><div class="subj">' +
              esc(m.subject) +
              '</div><div class="muted">To ' +
              esc(m.to) +
              (m.cc ? ` · cc ${esc(m.cc)}` : '') +
              ' · ' +
              esc(m.sentAt) +
              '</div></summary>' +
              (m.html
                ? '<iframe sandbox="allow-same-origin" srcdoc="' +
                  esc(m.html) +
                  '" title="' +
                  esc(m.subject) +
                  '"></iframe>'
                : `<pre>${esc(m.body)}</pre>`) +
              '</details>',
          )
          .join('')
      : '<div id="outbox-empty">No email sent yet. Emails the add-on sends with MailApp appear here (expiry alerts: load sample data, move the clock a day or two, then fire the due triggers).</div>';
    list.querySelectorAll('iframe').forEach((f) => {
      f.onload = () => {
        catchSpreadsheetLinks(f.contentDocument);
      };
    });
    $('triggers-list').innerHTML =
      '<b>Installed triggers</b> · mail quota used ' +
      state.mail.used +
      '/' +
      state.mail.quota +
      '<br>' +
      (state.triggers.length
        ? state.triggers.map((t) => `${esc(t.handler)} — ${esc(t.schedule)}`).join('<br>')
        : 'none') +
      '<br><span class="muted">Triggers last fired up to ' +
      esc(state.clock.lastFire) +
      '</span>';
  }

  function renderClock() {
    $('clock').textContent = state.clock.local;
    $('tz').textContent = state.spreadsheet.timeZone;
    if (document.activeElement !== $('clock-input'))
      $<HTMLInputElement>('clock-input').value = state.clock.local.replace(' ', 'T');
    $('due-count').textContent = state.due.length ? String(state.due.length) : '';
    $('fire').title = state.due.length
      ? `Due: ${state.due.map((d) => `${d.handler} at ${d.at}`).join(', ')}`
      : 'No installed time-driven trigger is due since the last firing.';
  }

  function refresh() {
    return api('GET', '/api/state').then((s) => {
      state = s;
      shownVersion = s.version;
      $('doc-name').textContent = s.spreadsheet.name;
      var activeKey = JSON.stringify(s.active);
      if (s.active && activeKey !== lastActiveKey) {
        // The add-on moved the cursor (e.g. a report tab it just built): follow it, as Sheets does.
        activeSheet = s.active.sheet;
        selection = s.active.range
          ? {
              sheet: s.active.sheet,
              row: s.active.range.row,
              column: s.active.range.column,
              numRows: s.active.range.numRows,
              numColumns: s.active.range.numColumns,
            }
          : null;
        scrollToSelection = !!selection;
      }
      lastActiveKey = activeKey;
      if (!activeSheet || !s.sheets.some((x) => x.name === activeSheet)) {
        activeSheet = (s.sheets.find((x) => x.name === 'Ledger') || s.sheets[0])?.name || null;
      }
      renderMenus();
      renderTabs();
      renderClock();
      renderOutbox();
      return loadSheet();
    });
  }

  function action(_button: HTMLButtonElement | null, label: string, run: () => unknown) {
    if (busy) return;
    setBusy(true);
    status(`${label}…`);
    Promise.resolve()
      .then(run)
      .then(
        (msg) => {
          status(msg || `${label}: done.`);
        },
        (e) => {
          status(`${label} failed: ${e.message}`);
          toast(e.message, true);
        },
      )
      .then(() => {
        setBusy(false);
        return refresh();
      });
  }

  document.querySelectorAll<HTMLButtonElement>('[data-advance]').forEach((b) => {
    b.onclick = () => {
      action(b, 'Moving the clock', () =>
        api('POST', '/api/clock', { advanceMs: Number(b.getAttribute('data-advance')) }).then(
          (c) => `Clock: ${c.local}.`,
        ),
      );
    };
  });
  $('clock-set').onclick = () => {
    action(null, 'Setting the clock', () =>
      api('POST', '/api/clock', { set: $<HTMLInputElement>('clock-input').value }).then((c) => `Clock: ${c.local}.`),
    );
  };
  $('fire').onclick = () => {
    action(null, 'Firing due triggers', () =>
      api('POST', '/api/triggers/fire').then((r) => {
        if (!r.fired.length) return 'No trigger was due.';
        r.fired.forEach((f) => {
          if (!f.reply.ok) toast(`${f.handler} failed: ${f.reply.error.message}`, true);
        });
        if (r.mailsSent) {
          toast(`${r.mailsSent} email${r.mailsSent === 1 ? '' : 's'} sent: see the Outbox.`);
          $('outbox').hidden = false;
        }
        return (
          'Fired ' +
          r.fired
            .map((f) => `${f.handler} (${f.at.slice(0, 16).replace('T', ' ')} UTC)${f.reply.ok ? '' : ' failed'}`)
            .join(', ') +
          '; ' +
          r.mailsSent +
          ' email(s) sent.'
        );
      }),
    );
  };
  $('outbox-toggle').onclick = () => {
    $('outbox').hidden = !$('outbox').hidden;
  };
  $('outbox-close').onclick = () => {
    $('outbox').hidden = true;
  };
  $('sidebar-close').onclick = closeSidebar;
  $('sample').onclick = () => {
    action(null, 'Loading sample data (a few seconds)', () => {
      closeSidebar();
      return api('POST', '/api/sample').then(
        (r) =>
          'Sample data: ' +
          r.rows +
          ' rows from ' +
          r.calls +
          ' add-on actions in ' +
          (r.ms / 1000).toFixed(1) +
          ' s' +
          (r.failures ? `, ${r.failures} refused` : '') +
          '.',
      );
    });
  };
  $('reset').onclick = () => {
    modal({
      title: 'Reset the preview?',
      text: 'The spreadsheet, outbox, triggers and clock start over; the state file is rewritten.',
      buttons: ['CANCEL', 'OK'],
    }).then((a) => {
      if (a.button !== 'OK') return;
      action(null, 'Resetting', () => {
        closeSidebar();
        return api('POST', '/api/reset').then(() => 'A new spreadsheet with the ledger set up.');
      });
    });
  };

  // Sidebar calls change the sheet: redraw when the server says something changed.
  var events = new EventSource('/api/events');
  var pending = false;
  events.onmessage = (e) => {
    var msg = JSON.parse(e.data);
    if (msg.source === 'sidebar' && msg.effects) showEffects(msg.effects);
    if (msg.version !== shownVersion && !busy && !pending) {
      pending = true;
      refresh().then(
        () => {
          pending = false;
        },
        () => {
          pending = false;
        },
      );
    }
  };

  // Opening the page is opening the spreadsheet: onOpen builds the add-on menu.
  api('POST', '/api/open')
    .then((r) => {
      if (r.reply && !r.reply.ok) toast(`onOpen failed: ${r.reply.error.message}`, true);
      return refresh();
    })
    .then(
      () => {
        status('Ready. Extensions › Spark Ledger opens the add-on menu.');
        document.body.setAttribute('data-ready', 'true');
      },
      (e) => {
        status(`Could not load the preview: ${e.message}`);
      },
    );
})();
