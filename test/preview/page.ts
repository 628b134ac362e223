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
  /** The sheet on screen (the server's SheetView), and its notes by "row,column". */
  var view = null;
  var noteAt = {};
  /** The active cell, inside `selection`, and the corner a shift-click or shift-arrow extends from. */
  var cursor = null;
  var anchor = null;
  /** The cell being typed into: its input over the cell, and the text it started from. */
  var editor = null;
  /** Hidden sheets get a tab only on request, as Sheets lists them under View › Hidden sheets. */
  var showHidden = false;
  /** A note shown beside its cell until the cursor moves: the one an edit left (e.g. onEdit's refusal). */
  var pinnedNote = null;
  var dragging = false;
  /** Index into view.cells of each drawn row number, and where each sheet's window of rows starts. */
  var rowIndex = {};
  var windowFrom = {};

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

  function renderGrid(v) {
    view = v;
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
    noteAt = notes;

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
    rowIndex = {};
    view.rows.forEach((n, i) => {
      rowIndex[n] = i;
    });
    for (var i = 0; i < view.rows.length; i++) {
      var r = view.rows[i];
      var row = view.cells[i];
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
        if (notes[key]) classes += ' note';
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
    if (selection && selection.sheet === view.name && !cursor) adoptSelection(selection);
    showSelection();
    if (pinnedNote && pinnedNote.sheet === view.name) {
      var pinned = cellTd(pinnedNote.row, pinnedNote.column);
      if (pinned && notes[`${pinnedNote.row},${pinnedNote.column}`])
        showNote(pinned, notes[`${pinnedNote.row},${pinnedNote.column}`]);
      else hideNote();
    } else hideNote();
    renderWindowNote();
  }

  /** A big sheet is drawn a window at a time: which rows are on screen, and buttons to move the window. */
  function renderWindowNote() {
    var note = $('grid-note');
    if (!view.truncated) {
      note.innerHTML = '';
      return;
    }
    var last = view.rows[view.rows.length - 1];
    var frozen =
      view.frozenRows === 1 ? 'row 1 (frozen) and ' : view.frozenRows ? `rows 1–${view.frozenRows} (frozen) and ` : '';
    var page = view.rows.length - view.frozenRows;
    var atTop = view.firstRow <= view.frozenRows + 1;
    var atEnd = last >= view.totalRows;
    note.innerHTML =
      `Showing ${frozen}rows ${view.firstRow}–${last} of ${view.totalRows} on ${esc(view.name)} ` +
      `(the preview draws ${view.rows.length} rows at a time to stay quick; Ctrl+↓ goes to the last row). ` +
      `<button data-window="1"${atTop ? ' disabled' : ''}>First</button> ` +
      `<button data-window="${Math.max(1, view.firstRow - page)}"${atTop ? ' disabled' : ''}>Previous</button> ` +
      `<button data-window="${last + 1}"${atEnd ? ' disabled' : ''}>Next</button> ` +
      `<button data-window="${view.totalRows}"${atEnd ? ' disabled' : ''}>Last</button>`;
    note.querySelectorAll<HTMLButtonElement>('button[data-window]').forEach((b) => {
      b.onclick = () => {
        windowFrom[view.name] = Number(b.getAttribute('data-window'));
        loadSheet().then(() => {
          $('grid-wrap').scrollTop = 0;
        });
      };
    });
  }

  /** Whether a row of the sheet on screen is drawn. */
  function drawn(row) {
    return rowIndex[row] !== undefined;
  }
  function cellAt(row, column) {
    var i = rowIndex[row];
    return i === undefined ? null : view.cells[i][column - 1] || null;
  }
  function cellTd(row, column) {
    var tr = $<HTMLTableElement>('grid').tBodies[0]?.querySelector(`tr[data-row="${row}"]`);
    return tr ? tr.querySelector<HTMLElement>(`td[data-col="${column}"]`) : null;
  }

  /** Makes the window of `sheet` include `row` when it is not drawn now (a window starts a little above it). */
  function placeWindow(sheet, row) {
    if (view && view.name === sheet && drawn(row)) return false;
    windowFrom[sheet] = row <= 400 ? undefined : row - 200;
    return true;
  }

  function a1(sel) {
    var first = colLetter(sel.column) + sel.row;
    return sel.numRows === 1 && sel.numColumns === 1
      ? first
      : `${first}:${colLetter(sel.column + sel.numColumns - 1)}${sel.row + sel.numRows - 1}`;
  }

  /** Outlines the selected range and the active cell, as Sheets does. */
  function paintSelection() {
    var grid = $<HTMLTableElement>('grid');
    grid.querySelectorAll('td.sel, td.cursor, td.in-range').forEach((td) => {
      td.classList.remove('sel', 'cursor', 'in-range');
    });
    grid.querySelectorAll('tr.sel-row').forEach((tr) => {
      tr.classList.remove('sel-row');
    });
    if (!view || !selection || selection.sheet !== view.name) {
      $('cell-ref').textContent = '';
      $('cell-text').textContent = '';
      return null;
    }
    var first = null;
    var multi = selection.numRows > 1 || selection.numColumns > 1;
    var trs = grid.tBodies[0].rows;
    for (var i = 0; i < view.rows.length; i++) {
      var r = view.rows[i];
      if (r < selection.row || r >= selection.row + selection.numRows) continue;
      var tr = trs[i];
      tr.classList.add('sel-row');
      for (var c = selection.column; c < selection.column + selection.numColumns; c++) {
        var td = tr.querySelector(`td[data-col="${c}"]`);
        if (td) {
          td.classList.add(multi ? 'in-range' : 'sel');
          first = first || td;
        }
      }
    }
    var at = cursor && cellTd(cursor.row, cursor.column);
    if (at) at.classList.add('sel', 'cursor');
    $('cell-ref').textContent = a1(selection);
    var cell = cursor && cellAt(cursor.row, cursor.column);
    $('cell-text').textContent = cell ? (cell.e !== undefined ? cell.e : cell.v) : '';
    return first;
  }

  function showSelection() {
    var first = paintSelection();
    if (first && scrollToSelection) {
      scrollToSelection = false;
      var wrap = $('grid-wrap');
      wrap.scrollTop = Math.max(0, first.parentNode.offsetTop - wrap.clientHeight / 3);
      wrap.scrollLeft = Math.max(0, first.offsetLeft - 60);
    }
  }

  /** Puts the cursor on a range (from the add-on, a link, or a tab click) without asking the server. */
  function adoptSelection(sel) {
    selection = sel;
    cursor = sel ? { row: sel.row, column: sel.column } : null;
    anchor = cursor;
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
    adoptSelection({ sheet: sheet.name, row: m[3] ? Number(m[3]) : 1, column: col || 1, numRows: 1, numColumns: 1 });
    placeWindow(sheet.name, selection.row);
    scrollToSelection = !!m[3];
    if (sheet.hidden) showHidden = true;
    renderTabs();
    loadSheet();
    // Following a link selects the range in Sheets, so the sidebar's "Use selected row" then sees it.
    syncSelection();
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
    for (var r = 1; r <= view.frozenRows && drawn(r); r++) {
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

  // ---- charts ------------------------------------------------------------------------
  /** Google Charts' default series colours. */
  var PALETTE = [
    '#4285f4',
    '#db4437',
    '#f4b400',
    '#0f9d58',
    '#ab47bc',
    '#00acc1',
    '#ff7043',
    '#9e9d24',
    '#5c6bc0',
    '#f06292',
  ];
  function seriesColor(ch, i) {
    return ch.colors[i] || PALETTE[i % PALETTE.length];
  }
  function shortNumber(v) {
    if (v === null || v === undefined) return '';
    var a = Math.abs(v);
    if (a >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
    if (a >= 1e4) return `${+(v / 1e3).toFixed(1)}K`;
    return String(Math.round(v * 100) / 100);
  }
  /** An axis from zero (or below, for negative values) in about four round steps. */
  function axis(values) {
    var hi = Math.max.apply(null, values.concat([0]));
    var lo = Math.min.apply(null, values.concat([0]));
    var step = niceCeil((hi - lo) / 4) || 1;
    var top = Math.ceil(hi / step) * step || step;
    var bottom = Math.floor(lo / step) * step;
    return { top: top, bottom: bottom, step: step, ticks: Math.round((top - bottom) / step) };
  }
  /** A round number at or above `v`: 1, 2 or 5 times a power of ten. */
  function niceCeil(v) {
    if (v <= 0) return 0;
    var p = 10 ** Math.floor(Math.log10(v));
    var steps = [1, 2, 5, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * p >= v) return steps[i] * p;
    return 10 * p;
  }
  function clip(text, max) {
    var t = String(text);
    return t.length > max ? `${t.slice(0, Math.max(1, max - 1))}…` : t;
  }
  function legendSvg(ch, x, y) {
    if (!ch.legend || ch.series.length < 2) return '';
    return ch.series
      .map(
        (s, i) =>
          `<rect x="${x + i * 110}" y="${y}" width="10" height="10" fill="${seriesColor(ch, i)}"></rect>` +
          `<text x="${x + i * 110 + 14}" y="${y + 9}" font-size="11">${esc(clip(s.name, 14))}</text>`,
      )
      .join('');
  }

  /** Column and bar charts: one bar per label and series, from a zero baseline (rect.bar). */
  function barsSvg(ch, w, h, horizontal) {
    var values = [];
    ch.series.forEach((s) => {
      s.values.forEach((v) => {
        if (v !== null) values.push(v);
      });
    });
    var ax = axis(values);
    var top = ax.top;
    var bottom = ax.bottom;
    var n = Math.max(1, ch.labels.length);
    var k = Math.max(1, ch.series.length);
    var legendH = ch.legend && ch.series.length > 1 ? 18 : 0;
    var out = legendSvg(ch, 8, 2);
    var labelW = horizontal ? Math.min(140, Math.max(50, w * 0.28)) : 40;
    var left = labelW + 4;
    var right = w - 12;
    var topY = 8 + legendH;
    var rotate = !horizontal && (right - left) / n < 56;
    var bottomY = h - (horizontal ? 22 : rotate ? 64 : 24);
    var plotLen = horizontal ? right - left : bottomY - topY;
    var scale = (v) => ((v - bottom) / (top - bottom)) * plotLen;
    // Gridlines and their values.
    for (var t = 0; t <= ax.ticks; t++) {
      var gv = bottom + ax.step * t;
      if (horizontal) {
        var gx = left + scale(gv);
        out += `<line x1="${gx}" y1="${topY}" x2="${gx}" y2="${bottomY}" stroke="#e8eaed"></line>`;
        out += `<text x="${gx}" y="${bottomY + 14}" font-size="10" text-anchor="middle" fill="#5f6368">${shortNumber(gv)}</text>`;
      } else {
        var gy = bottomY - scale(gv);
        out += `<line x1="${left}" y1="${gy}" x2="${right}" y2="${gy}" stroke="#e8eaed"></line>`;
        out += `<text x="${left - 4}" y="${gy + 3}" font-size="10" text-anchor="end" fill="#5f6368">${shortNumber(gv)}</text>`;
      }
    }
    var band = plotLen === 0 ? 0 : (horizontal ? bottomY - topY : right - left) / n;
    var barT = (band * 0.7) / k;
    var zero = scale(0);
    var showValues = n * k <= 24;
    ch.labels.forEach((label, i) => {
      ch.series.forEach((s, j) => {
        var v = s.values[i];
        var len = v === null ? 0 : Math.abs(scale(v) - zero);
        var from = v !== null && v < 0 ? scale(v) : zero;
        var pos = (horizontal ? topY : left) + i * band + band * 0.15 + j * barT;
        var attrs = `class="bar" data-label="${esc(label)}" data-series="${esc(s.name)}" data-value="${v === null ? '' : v}" fill="${seriesColor(ch, j)}"`;
        if (horizontal) {
          out += `<rect ${attrs} x="${left + from}" y="${pos}" width="${Math.max(v ? 1 : 0, len)}" height="${barT}"><title>${esc(label)}: ${esc(shortNumber(v))}</title></rect>`;
          if (showValues && v !== null)
            out += `<text x="${left + from + len + 3}" y="${pos + barT / 2 + 4}" font-size="10">${shortNumber(v)}</text>`;
        } else {
          out += `<rect ${attrs} x="${pos}" y="${bottomY - from - len}" width="${barT}" height="${Math.max(v ? 1 : 0, len)}"><title>${esc(label)}: ${esc(shortNumber(v))}</title></rect>`;
          if (showValues && v !== null)
            out += `<text x="${pos + barT / 2}" y="${bottomY - from - len - 3}" font-size="10" text-anchor="middle">${shortNumber(v)}</text>`;
        }
      });
      var mid = (horizontal ? topY : left) + i * band + band / 2;
      if (horizontal)
        out += `<text x="${labelW}" y="${mid + 4}" font-size="11" text-anchor="end">${esc(clip(label, Math.floor(labelW / 6.5)))}</text>`;
      else if (rotate)
        out += `<text x="${mid}" y="${bottomY + 10}" font-size="10" text-anchor="end" transform="rotate(-40 ${mid} ${bottomY + 10})">${esc(clip(label, 14))}</text>`;
      else
        out += `<text x="${mid}" y="${bottomY + 14}" font-size="11" text-anchor="middle">${esc(clip(label, Math.floor(band / 6.5)))}</text>`;
    });
    out += horizontal
      ? `<line x1="${left + zero}" y1="${topY}" x2="${left + zero}" y2="${bottomY}" stroke="#5f6368"></line>`
      : `<line x1="${left}" y1="${bottomY - zero}" x2="${right}" y2="${bottomY - zero}" stroke="#5f6368"></line>`;
    return out;
  }

  /** A pie of the first series: one slice per positive value (path.slice), the legend beside it. */
  function pieSvg(ch, w, h) {
    var s = ch.series[0];
    var slices = [];
    if (s)
      s.values.forEach((v, i) => {
        if (v !== null && v > 0) slices.push({ label: ch.labels[i], value: v, color: seriesColor(ch, i) });
      });
    var total = slices.reduce((t, x) => t + x.value, 0);
    if (!total) return `<text x="${w / 2}" y="${h / 2}" text-anchor="middle" fill="#5f6368">No data</text>`;
    var legendW = ch.legend ? Math.min(180, w * 0.4) : 0;
    var r = Math.max(10, Math.min((w - legendW) / 2, h / 2) - 10);
    var cx = (w - legendW) / 2;
    var cy = h / 2;
    var out = '';
    var angle = -Math.PI / 2;
    slices.forEach((x, i) => {
      var share = x.value / total;
      var title = `<title>${esc(x.label)}: ${esc(shortNumber(x.value))} (${Math.round(share * 100)}%)</title>`;
      var attrs = `class="slice" data-label="${esc(x.label)}" data-value="${x.value}" fill="${x.color}" stroke="#fff"`;
      if (slices.length === 1) out += `<circle ${attrs} cx="${cx}" cy="${cy}" r="${r}">${title}</circle>`;
      else {
        var end = angle + share * 2 * Math.PI;
        var large = share > 0.5 ? 1 : 0;
        var p = (a) => `${(cx + r * Math.cos(a)).toFixed(2)} ${(cy + r * Math.sin(a)).toFixed(2)}`;
        out += `<path ${attrs} d="M ${cx} ${cy} L ${p(angle)} A ${r} ${r} 0 ${large} 1 ${p(end)} Z">${title}</path>`;
        if (share >= 0.06) {
          var mid = (angle + end) / 2;
          out += `<text x="${cx + r * 0.65 * Math.cos(mid)}" y="${cy + r * 0.65 * Math.sin(mid) + 4}" font-size="11" fill="#fff" text-anchor="middle">${Math.round(share * 100)}%</text>`;
        }
        angle = end;
      }
      if (legendW)
        out +=
          `<rect x="${w - legendW + 4}" y="${12 + i * 18}" width="10" height="10" fill="${x.color}"></rect>` +
          `<text x="${w - legendW + 18}" y="${21 + i * 18}" font-size="11">${esc(clip(x.label, Math.floor((legendW - 20) / 6.5)))}</text>`;
    });
    return out;
  }

  /** Line and area charts: a line per series through its points (circle.point), areas filled down to zero. */
  function linesSvg(ch, w, h, area) {
    var values = [];
    ch.series.forEach((s) => {
      s.values.forEach((v) => {
        if (v !== null) values.push(v);
      });
    });
    var ax = axis(values);
    var top = ax.top;
    var bottom = ax.bottom;
    var legendH = ch.legend && ch.series.length > 1 ? 18 : 0;
    var out = legendSvg(ch, 8, 2);
    var left = 44;
    var right = w - 12;
    var topY = 8 + legendH;
    var bottomY = h - 24;
    var n = ch.labels.length;
    var x = (i) => (n <= 1 ? (left + right) / 2 : left + ((right - left) * i) / (n - 1));
    var y = (v) => bottomY - ((v - bottom) / (top - bottom)) * (bottomY - topY);
    for (var t = 0; t <= ax.ticks; t++) {
      var gv = bottom + ax.step * t;
      out += `<line x1="${left}" y1="${y(gv)}" x2="${right}" y2="${y(gv)}" stroke="#e8eaed"></line>`;
      out += `<text x="${left - 4}" y="${y(gv) + 3}" font-size="10" text-anchor="end" fill="#5f6368">${shortNumber(gv)}</text>`;
    }
    var every = Math.max(1, Math.ceil(n / Math.max(1, (right - left) / 60)));
    ch.labels.forEach((label, i) => {
      if (i % every === 0)
        out += `<text x="${x(i)}" y="${bottomY + 14}" font-size="10" text-anchor="middle">${esc(clip(label, 10))}</text>`;
    });
    ch.series.forEach((s, j) => {
      var color = seriesColor(ch, j);
      var pts = [];
      s.values.forEach((v, i) => {
        if (v !== null) pts.push([x(i), y(v), i, v]);
      });
      if (!pts.length) return;
      var line = pts.map((p) => `${p[0].toFixed(1)},${p[1].toFixed(1)}`).join(' ');
      if (area)
        out += `<polygon class="area" points="${pts[0][0].toFixed(1)},${y(Math.max(bottom, 0))} ${line} ${pts[pts.length - 1][0].toFixed(1)},${y(Math.max(bottom, 0))}" fill="${color}" fill-opacity="0.3"></polygon>`;
      out += `<polyline class="line" data-series="${esc(s.name)}" points="${line}" fill="none" stroke="${color}" stroke-width="2"></polyline>`;
      pts.forEach((p) => {
        out += `<circle class="point" data-label="${esc(ch.labels[p[2]])}" data-value="${p[3]}" cx="${p[0].toFixed(1)}" cy="${p[1].toFixed(1)}" r="3" fill="${color}"><title>${esc(ch.labels[p[2]])}: ${esc(shortNumber(p[3]))}</title></circle>`;
      });
    });
    out += `<line x1="${left}" y1="${y(Math.max(bottom, 0))}" x2="${right}" y2="${y(Math.max(bottom, 0))}" stroke="#5f6368"></line>`;
    return out;
  }

  /** The chart drawn as Sheets would by its type; types the preview does not draw say so and list their data. */
  function chartSvg(ch, w, h) {
    var type = (ch.type || '').toUpperCase();
    var body: string;
    if (type === 'COLUMN') body = barsSvg(ch, w, h, false);
    else if (type === 'BAR') body = barsSvg(ch, w, h, true);
    else if (type === 'PIE') body = pieSvg(ch, w, h);
    else if (type === 'LINE') body = linesSvg(ch, w, h, false);
    else if (type === 'AREA') body = linesSvg(ch, w, h, true);
    else {
      body = `<text x="8" y="16" font-size="12" fill="#5f6368">${esc(type || 'Untyped')} chart: the preview draws column, bar, pie, line and area charts.</text>`;
      ch.labels.slice(0, Math.floor((h - 30) / 16)).forEach((label, i) => {
        body += `<text x="8" y="${38 + i * 16}" font-size="11">${esc(clip(label, 30))}: ${ch.series.map((s) => esc(shortNumber(s.values[i]))).join(' · ')}</text>`;
      });
    }
    return `<svg class="chart-svg" data-type="${esc(type)}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(ch.title || 'Chart')}">${body}</svg>`;
  }

  function renderCharts(view) {
    document.querySelectorAll('.chart').forEach((el) => {
      el.remove();
    });
    var grid = $<HTMLTableElement>('grid');
    view.charts.forEach((ch, i) => {
      // A chart sits over its anchor cell; one anchored outside the drawn rows is off screen, as it would be in Sheets.
      if (!drawn(ch.row)) return;
      var row = grid.tBodies[0].querySelector<HTMLElement>(`tr[data-row="${ch.row}"]`);
      var anchor = row?.querySelector<HTMLElement>(`td[data-col="${ch.column}"]`);
      if (!anchor) return;
      var box = document.createElement('div');
      box.className = 'chart';
      box.setAttribute('data-chart', String(i));
      box.style.top = `${row.offsetTop + (ch.offsetY || 0)}px`;
      box.style.left = `${anchor.offsetLeft + (ch.offsetX || 0)}px`;
      var w = Math.max(240, Math.min(900, ch.width));
      var h = Math.max(160, Math.min(600, ch.height));
      box.style.width = `${w}px`;
      box.style.height = `${h}px`;
      box.title = `${(ch.type || 'untyped').toLowerCase()} chart of ${ch.ranges.join(', ')}`;
      box.innerHTML = `<h4>${esc(ch.title || 'Chart')}</h4>${chartSvg(ch, w - 16, h - 38)}`;
      $('grid-wrap').appendChild(box);
    });
  }

  function renderTabs() {
    var tabs = $('tabs');
    var hiddenCount = state.sheets.filter((s) => s.hidden).length;
    tabs.innerHTML =
      state.sheets
        .filter((s) => !s.hidden || showHidden)
        .map(
          (s) =>
            '<button class="tab' +
            (s.name === activeSheet ? ' active' : '') +
            (s.hidden ? ' hidden-sheet' : '') +
            '" role="tab" data-sheet="' +
            esc(s.name) +
            '"' +
            (s.hidden ? ' title="A hidden sheet: Sheets shows it only under View › Hidden sheets"' : '') +
            (s.tabColor ? ` style="border-bottom-color:${esc(s.tabColor)}"` : '') +
            '>' +
            esc(s.name) +
            (s.hidden ? ' <span class="muted">(hidden)</span>' : '') +
            (s.protected
              ? '<svg class="lock" width="9" height="11" viewBox="0 0 9 11" aria-label="Protected"><title>Protected</title><rect x="0.5" y="4.5" width="8" height="6" rx="1" fill="#80868b"/><path d="M2.2 4.5V3a2.3 2.3 0 0 1 4.6 0v1.5" fill="none" stroke="#80868b" stroke-width="1.2"/></svg>'
              : '') +
            '</button>',
        )
        .join('') +
      (hiddenCount
        ? `<button id="hidden-toggle" class="tab-toggle" aria-pressed="${showHidden}">${showHidden ? 'Hide' : 'Show'} hidden sheets (${hiddenCount})</button>`
        : '');
    tabs.querySelectorAll<HTMLButtonElement>('.tab').forEach((b) => {
      b.onclick = () => {
        if (editor) commitEdit(0, 0);
        var name = b.getAttribute('data-sheet');
        if (name === activeSheet) return;
        activeSheet = name;
        // Switching tabs makes that sheet the active one, with its first cell selected.
        adoptSelection({ sheet: name, row: 1, column: 1, numRows: 1, numColumns: 1 });
        pinnedNote = null;
        renderTabs();
        loadSheet();
        syncSelection();
      };
    });
    var toggle = $('hidden-toggle');
    if (toggle)
      toggle.onclick = () => {
        showHidden = !showHidden;
        if (!showHidden && state.sheets.some((s) => s.hidden && s.name === activeSheet)) {
          activeSheet = visibleSheet();
          adoptSelection({ sheet: activeSheet, row: 1, column: 1, numRows: 1, numColumns: 1 });
          loadSheet();
          syncSelection();
        }
        renderTabs();
      };
  }

  /** The sheet to show when the one on screen goes away: the Ledger, else the first visible sheet. */
  function visibleSheet() {
    var shown = state.sheets.filter((x) => !x.hidden || showHidden);
    return (shown.find((x) => x.name === 'Ledger') || shown[0] || state.sheets[0])?.name || null;
  }

  function loadSheet() {
    if (!activeSheet) return Promise.resolve();
    var from = windowFrom[activeSheet];
    return api(
      'GET',
      `/api/sheet?name=${encodeURIComponent(activeSheet)}${from === undefined ? '' : `&from=${from}`}`,
    ).then(renderGrid);
  }

  // ---- working in the grid: select, type, paste ---------------------------------------
  /** Server calls of the grid go one after another, so an edit lands after the selection made before it. */
  var serverQueue: Promise<unknown> = Promise.resolve();
  function queued(run: () => Promise<any>): Promise<any> {
    var p = serverQueue.then(run);
    serverQueue = p.catch(() => undefined);
    return p;
  }

  var selectInFlight = false;
  var selectDirty = false;
  /**
   * Tells the server where the cursor is: the active sheet and range the next
   * execution sees (the sidebar's "Use selected row"). body[data-selected]
   * names the range once the server has it.
   */
  function syncSelection() {
    document.body.removeAttribute('data-selected');
    if (!selection) return;
    if (selectInFlight) {
      selectDirty = true;
      return;
    }
    selectInFlight = true;
    var sel = selection;
    queued(() =>
      api('POST', '/api/select', {
        sheet: sel.sheet,
        row: sel.row,
        column: sel.column,
        numRows: sel.numRows,
        numColumns: sel.numColumns,
      }),
    )
      .then(
        (r) => {
          lastActiveKey = JSON.stringify(r.active);
        },
        (e) => {
          status(`Could not select ${a1(sel)}: ${e.message}`);
        },
      )
      .then(() => {
        selectInFlight = false;
        if (selectDirty) {
          selectDirty = false;
          syncSelection();
        } else if (sel === selection) document.body.setAttribute('data-selected', `${sel.sheet}!${a1(sel)}`);
      });
  }

  function clamp(n, lo, hi) {
    return Math.max(lo, Math.min(hi, n));
  }

  /** Moves the cursor to a cell; with `extend`, the selection runs from the anchor to it. */
  function selectCell(row, column, extend?: boolean, quiet?: boolean) {
    if (!view) return;
    row = clamp(row, 1, Math.max(1, view.totalRows));
    column = clamp(column, 1, view.colsShown);
    cursor = { row: row, column: column };
    if (!extend || !anchor) anchor = { row: row, column: column };
    selection = {
      sheet: view.name,
      row: Math.min(anchor.row, row),
      column: Math.min(anchor.column, column),
      numRows: Math.abs(anchor.row - row) + 1,
      numColumns: Math.abs(anchor.column - column) + 1,
    };
    if (pinnedNote) {
      pinnedNote = null;
      hideNote();
    }
    if (placeWindow(view.name, row)) {
      // Past the rows drawn: the window moves to the cursor.
      loadSheet().then(() => {
        cellTd(row, column)?.scrollIntoView({ block: 'center', inline: 'nearest' });
      });
    } else {
      paintSelection();
      cellTd(row, column)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
    if (!quiet) syncSelection();
  }

  /** The next shown column from `column` in direction `step` (hidden columns are skipped). */
  function nextColumn(column, step) {
    var hidden = {};
    view.hiddenColumns.forEach((c) => {
      hidden[c] = true;
    });
    var c = column + step;
    while (c >= 1 && c <= view.colsShown && hidden[c]) c += step;
    return c < 1 || c > view.colsShown ? column : c;
  }

  function moveCursor(dr, dc, extend) {
    if (!cursor) return;
    selectCell(cursor.row + dr, dc ? nextColumn(cursor.column, dc) : cursor.column, extend);
  }

  function showNote(td, text) {
    var pop = $('note-pop');
    var wrap = $('grid-wrap');
    var rect = td.getBoundingClientRect();
    var base = wrap.getBoundingClientRect();
    pop.textContent = text;
    pop.style.left = `${rect.right - base.left + wrap.scrollLeft + 4}px`;
    pop.style.top = `${rect.top - base.top + wrap.scrollTop}px`;
    pop.hidden = false;
  }
  function hideNote() {
    var pop = $('note-pop');
    if (pop) pop.hidden = true;
  }

  function startEdit(initial?: string) {
    if (!view || !cursor || editor) return;
    var td = cellTd(cursor.row, cursor.column);
    if (!td) return;
    var cell = cellAt(cursor.row, cursor.column);
    var original = cell.e !== undefined ? cell.e : cell.v;
    var wrap = $('grid-wrap');
    var rect = td.getBoundingClientRect();
    var base = wrap.getBoundingClientRect();
    var input = document.createElement('input');
    input.id = 'cell-editor';
    input.type = 'text';
    input.autocomplete = 'off';
    input.spellcheck = false;
    input.value = initial !== undefined ? initial : original;
    input.setAttribute('aria-label', `Edit ${view.name}!${colLetter(cursor.column)}${cursor.row}`);
    input.style.left = `${rect.left - base.left + wrap.scrollLeft}px`;
    input.style.top = `${rect.top - base.top + wrap.scrollTop}px`;
    input.style.minWidth = `${Math.max(rect.width, 60)}px`;
    input.style.height = `${rect.height}px`;
    input.style.font = getComputedStyle(td).font;
    if (cell.l !== undefined) {
      // The cell's dropdown, as Sheets offers the values of its data validation list.
      var list = document.createElement('datalist');
      list.id = 'cell-editor-list';
      view.lists[cell.l].forEach((v) => {
        var o = document.createElement('option');
        o.value = v;
        list.appendChild(o);
      });
      wrap.appendChild(list);
      input.setAttribute('list', list.id);
    }
    wrap.appendChild(input);
    editor = { input: input, sheet: view.name, row: cursor.row, column: cursor.column, original: original };
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
    input.onkeydown = (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        commitEdit(1, 0);
      } else if (e.key === 'Tab') {
        e.preventDefault();
        commitEdit(0, e.shiftKey ? -1 : 1);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        cancelEdit();
      }
      e.stopPropagation();
    };
    input.onblur = () => {
      if (editor && editor.input === input) commitEdit(0, 0, true);
    };
    status(`Editing ${view.name}!${colLetter(cursor.column)}${cursor.row}: Enter keeps it, Escape cancels.`);
  }

  function closeEditor(refocus) {
    var ed = editor;
    editor = null;
    if (!ed) return;
    ed.input.onblur = null;
    ed.input.remove();
    $('cell-editor-list')?.remove();
    if (refocus) $('grid-wrap').focus({ preventScroll: true });
  }

  function cancelEdit() {
    var ed = editor;
    closeEditor(true);
    if (ed) status(`${colLetter(ed.column)}${ed.row} keeps its value.`);
  }

  /** Enter, Tab or a click elsewhere: the typed text goes to the server as one edit, then the cursor moves. */
  function commitEdit(dr, dc, blurred?: boolean) {
    var ed = editor;
    if (!ed) return;
    var text = ed.input.value;
    closeEditor(!blurred);
    if (text !== ed.original) {
      var td = cellTd(ed.row, ed.column);
      // Shown at once while the server writes it and onEdit runs; the redraw shows what the sheet holds.
      if (td && view && view.name === ed.sheet) td.textContent = text.charAt(0) === "'" ? text.slice(1) : text;
      sendEdit(ed.sheet, ed.row, ed.column, [[text]]);
    }
    if (!blurred && (dr || dc) && view && view.name === ed.sheet)
      selectCell(ed.row + dr, dc ? nextColumn(ed.column, dc) : ed.column);
  }

  function describeEdit(r, where) {
    var ev = r.event;
    var reply = ev?.reply;
    if (!reply) return `Edited ${where}. The add-on has no onEdit.`;
    if (!reply.ok) return `Edited ${where}; onEdit failed: ${reply.error.message}`;
    var v = reply.value || {};
    var parts = [];
    if (v.reverted?.length)
      parts.push(`put back row${v.reverted.length === 1 ? '' : 's'} ${v.reverted.join(', ')} (see the note)`);
    if (v.audited) parts.push(`${v.audited} Audit line${v.audited === 1 ? '' : 's'}`);
    return `Edited ${where}: one onEdit event${ev.value !== undefined || ev.oldValue !== undefined ? '' : ' (no value, no oldValue)'}${parts.length ? `, ${parts.join(', ')}` : ''}.`;
  }

  /** A person's edit: written as typed, then the add-on's onEdit runs once for it; the grid redraws after. */
  function sendEdit(sheet, row, column, values) {
    var where = `${sheet}!${a1({ row: row, column: column, numRows: values.length, numColumns: values[0].length })}`;
    status(`Writing ${where}…`);
    return queued(() => api('POST', '/api/edit', { sheet: sheet, row: row, column: column, values: values }))
      .then((r): Promise<unknown> => {
        if (r.rejected) {
          status(`${where} was not changed: ${r.rejected}`);
          return refresh().then(() =>
            modal({
              title: 'There was a problem',
              text: `This cell has data validation rules.\n${r.rejected}`,
              buttons: ['OK'],
            }),
          );
        }
        if (!selectInFlight) lastActiveKey = JSON.stringify(r.active);
        status(describeEdit(r, where));
        (r.toasts || []).forEach((t) => {
          toast((t.title ? `${t.title}: ` : '') + t.message);
        });
        if (r.event?.reply && !r.event.reply.ok) toast(`onEdit failed: ${r.event.reply.error.message}`, true);
        // A note the edit left on its cell (onEdit's refusal says why there) is shown until the cursor moves.
        pinnedNote = { sheet: sheet, row: row, column: column };
        return refresh();
      })
      .catch((e) => {
        status(`Could not edit ${where}: ${e.message}`);
        toast(e.message, true);
        return refresh();
      });
  }

  /** Text from a spreadsheet's clipboard: rows by line, cells by tab, "quoted" cells holding tabs, newlines or quotes. */
  function parseClipboard(text) {
    var rows = [];
    var row = [];
    var cell = '';
    var i = 0;
    text = text.replace(/\r\n?/g, '\n').replace(/\n$/, '');
    var atStart = true;
    while (i < text.length) {
      var ch = text.charAt(i);
      if (atStart && ch === '"') {
        var end = i + 1;
        var quoted = '';
        while (end < text.length) {
          if (text.charAt(end) === '"') {
            if (text.charAt(end + 1) === '"') {
              quoted += '"';
              end += 2;
              continue;
            }
            break;
          }
          quoted += text.charAt(end);
          end++;
        }
        var after = text.charAt(end + 1);
        if (end < text.length && (after === '' || after === '\t' || after === '\n')) {
          cell = quoted;
          i = end + 1;
          atStart = false;
          continue;
        }
      }
      atStart = false;
      if (ch === '\t') {
        row.push(cell);
        cell = '';
        atStart = true;
      } else if (ch === '\n') {
        row.push(cell);
        rows.push(row);
        row = [];
        cell = '';
        atStart = true;
      } else cell += ch;
      i++;
    }
    row.push(cell);
    rows.push(row);
    return rows;
  }

  function clipboardCell(v) {
    return /[\t\n"]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }

  function gridFocused() {
    var a = document.activeElement;
    return a === $('grid-wrap') || a === document.body || a === null;
  }

  var wrapEl = $('grid-wrap');
  wrapEl.addEventListener('mousedown', (e) => {
    var target = e.target as HTMLElement;
    if (target.closest('#cell-editor, .chart, #note-pop')) return;
    var td = target.closest<HTMLElement>('#grid tbody td');
    if (!td || !view || e.button !== 0) return;
    if (editor) commitEdit(0, 0);
    e.preventDefault();
    wrapEl.focus({ preventScroll: true });
    var row = Number((td.parentNode as HTMLElement).getAttribute('data-row'));
    var column = Number(td.getAttribute('data-col'));
    dragging = true;
    selectCell(row, column, e.shiftKey, true);
  });
  wrapEl.addEventListener('mouseover', (e) => {
    var td = (e.target as HTMLElement).closest<HTMLElement>('#grid tbody td');
    if (!td || !view) return;
    var row = Number((td.parentNode as HTMLElement).getAttribute('data-row'));
    var column = Number(td.getAttribute('data-col'));
    if (dragging && (e as MouseEvent).buttons & 1) selectCell(row, column, true, true);
    if (!pinnedNote) {
      var note = noteAt[`${row},${column}`];
      if (note) showNote(td, note);
      else hideNote();
    }
  });
  wrapEl.addEventListener('mouseleave', () => {
    if (!pinnedNote) hideNote();
  });
  document.addEventListener('mouseup', () => {
    if (!dragging) return;
    dragging = false;
    syncSelection();
  });
  wrapEl.addEventListener('dblclick', (e) => {
    var td = (e.target as HTMLElement).closest('#grid tbody td');
    if (td && view && !(e.target as HTMLElement).closest('.cb')) startEdit();
  });
  wrapEl.addEventListener('click', (e) => {
    // A checkbox cell flips on a click, as in Sheets: an edit like any other.
    var box = (e.target as HTMLElement).closest('.cb');
    if (!box || !view || !cursor) return;
    var cell = cellAt(cursor.row, cursor.column);
    if (!cell) return;
    sendEdit(view.name, cursor.row, cursor.column, [[cell.v === 'TRUE' ? 'FALSE' : 'TRUE']]);
  });
  wrapEl.addEventListener('keydown', (e) => {
    if (editor || !view || !cursor || e.target !== wrapEl) return;
    var k = e.key;
    var moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    var ends = {
      ArrowUp: [1, null],
      ArrowDown: [Math.max(1, view.lastRow), null],
      ArrowLeft: [null, 1],
      ArrowRight: [null, Math.max(1, view.lastColumn)],
      Home: [1, 1],
      End: [Math.max(1, view.lastRow), Math.max(1, view.lastColumn)],
    };
    if ((e.ctrlKey || e.metaKey) && ends[k]) {
      // Ctrl+arrow to the edge of the data, Ctrl+Home / Ctrl+End to its corners.
      e.preventDefault();
      selectCell(ends[k][0] ?? cursor.row, ends[k][1] ?? cursor.column, e.shiftKey);
    } else if (moves[k]) {
      e.preventDefault();
      moveCursor(moves[k][0], moves[k][1], e.shiftKey);
    } else if (k === 'Tab') {
      e.preventDefault();
      moveCursor(0, e.shiftKey ? -1 : 1, false);
    } else if (k === 'Enter' || k === 'F2') {
      e.preventDefault();
      startEdit();
    } else if (k === 'Delete' || k === 'Backspace') {
      // Clearing the selection is one edit of the whole range.
      e.preventDefault();
      var blank = [];
      for (var r = 0; r < selection.numRows; r++) blank.push(new Array(selection.numColumns).fill(''));
      sendEdit(selection.sheet, selection.row, selection.column, blank);
    } else if (k.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      // Typing over a cell replaces what it holds.
      e.preventDefault();
      startEdit(k);
    }
  });
  document.addEventListener('paste', (e) => {
    if (editor || !view || !selection || selection.sheet !== view.name || !gridFocused()) return;
    var text = e.clipboardData?.getData('text/plain');
    if (!text) return;
    e.preventDefault();
    var block = parseClipboard(text);
    if (block.length === 1 && block[0].length === 1 && (selection.numRows > 1 || selection.numColumns > 1)) {
      // One value pasted over a selection fills it.
      var v = block[0][0];
      block = [];
      for (var r = 0; r < selection.numRows; r++) block.push(new Array(selection.numColumns).fill(v));
    }
    var top = { row: selection.row, column: selection.column };
    sendEdit(view.name, top.row, top.column, block);
    // The pasted range is selected afterwards, as in Sheets.
    anchor = { row: top.row, column: top.column };
    selectCell(top.row + block.length - 1, top.column + block[0].length - 1, true);
    cursor = { row: top.row, column: top.column };
    paintSelection();
  });
  document.addEventListener('copy', (e) => {
    if (editor || !view || !selection || selection.sheet !== view.name || !gridFocused()) return;
    var lines = [];
    for (var r = selection.row; r < selection.row + selection.numRows; r++) {
      var cells = [];
      for (var c = selection.column; c < selection.column + selection.numColumns; c++)
        cells.push(clipboardCell(cellAt(r, c)?.v ?? ''));
      lines.push(cells.join('\t'));
    }
    e.clipboardData.setData('text/plain', lines.join('\n'));
    e.preventDefault();
    status(`Copied ${a1(selection)}.`);
  });

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

  function renderTikTok() {
    var t = state.tiktok;
    var el = $('tiktok-state');
    el.className = t.connection === 'demo' ? 'on' : t.connection === 'other' ? 'other' : '';
    el.textContent =
      t.connection === 'demo' ? 'on' : t.connection === 'other' ? 'connected, not the demo token' : 'off';
    el.title =
      t.connection === 'off'
        ? 'The add-on is not connected to TikTok. Load sample data sets up the demo TikTok world and connects to it.'
        : 'TikTok: ' +
          t.advertisers +
          ' ad account' +
          (t.advertisers === 1 ? '' : 's') +
          (t.tokportal ? ', TokPortal connected' : '') +
          '. On the fake TikTok: ' +
          t.livePosts +
          ' public posts, ' +
          t.deletedPosts +
          ' deleted.';
    $<HTMLButtonElement>('tiktok-delete').disabled = busy || t.livePosts === 0;
  }

  function refresh() {
    return api('GET', '/api/state').then((s) => {
      state = s;
      shownVersion = s.version;
      $('doc-name').textContent = s.spreadsheet.name;
      var activeKey = JSON.stringify(s.active);
      var hiddenActive = s.active && s.sheets.some((x) => x.hidden && x.name === s.active.sheet);
      // While the page's own selection is on its way to the server, the server's is the one before it.
      if (s.active && activeKey !== lastActiveKey && !selectInFlight && !(hiddenActive && !showHidden)) {
        // The add-on moved the cursor (e.g. a report tab it just built): follow it, as Sheets does.
        var next = s.active.range
          ? {
              sheet: s.active.sheet,
              row: s.active.range.row,
              column: s.active.range.column,
              numRows: s.active.range.numRows,
              numColumns: s.active.range.numColumns,
            }
          : // No range activated: the cursor is on A1, as getActiveRange() then says.
            { sheet: s.active.sheet, row: 1, column: 1, numRows: 1, numColumns: 1 };
        if (JSON.stringify(next) !== JSON.stringify(selection) || s.active.sheet !== activeSheet) {
          activeSheet = s.active.sheet;
          adoptSelection(next);
          placeWindow(next.sheet, next.row);
          scrollToSelection = !!s.active.range;
        }
      }
      if (!selectInFlight) lastActiveKey = activeKey;
      if (!activeSheet || !s.sheets.some((x) => x.name === activeSheet && (!x.hidden || showHidden))) {
        activeSheet = visibleSheet();
        adoptSelection(activeSheet ? { sheet: activeSheet, row: 1, column: 1, numRows: 1, numColumns: 1 } : null);
      }
      renderMenus();
      renderTabs();
      renderClock();
      renderTikTok();
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
  $('tiktok-sync').onclick = () => {
    action(null, 'Syncing with TikTok', () =>
      api('POST', '/api/tiktok/sync').then((r) => {
        if (!r.reply.ok) throw new Error(`syncConnected failed: ${r.reply.error.message}`);
        var message = `TikTok sync: ${r.reply.value.message}`;
        toast(message);
        if (r.effects?.mailsSent) {
          toast(`${r.effects.mailsSent} email${r.effects.mailsSent === 1 ? '' : 's'} sent: see the Outbox.`);
          $('outbox').hidden = false;
        }
        return message;
      }),
    );
  };
  $('tiktok-delete').onclick = () => {
    action(null, 'Deleting a post on TikTok', () =>
      api('POST', '/api/tiktok/delete').then(
        (r) =>
          'Deleted on TikTok: ' +
          r.creatorHandle +
          "'s post (" +
          r.client +
          ', Ledger row ' +
          r.row +
          '). Sync with TikTok now flags it and emails its owners.',
      ),
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
          '.' +
          (r.tiktok
            ? ' TikTok demo connected: ' +
              r.tiktok.advertisers +
              ' ad accounts, ' +
              r.tiktok.deleted.length +
              ' posts deleted on TikTok; Sync with TikTok now flags them.'
            : ''),
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
