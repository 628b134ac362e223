/**
 * Working in the preview's grid as a person would, in Chromium: typing into
 * a cell fires the add-on's onEdit once (an illegal status snaps back with its
 * note and is audited as refused; a legal edit stays and is audited), a pasted
 * block is one event with no value and no oldValue, a selected cell is the
 * active range the sidebar's "Use selected row" reads, hidden sheets get no
 * tab, and charts are drawn by their type. Screenshots go to
 * test-artifacts/preview/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { STATUSES } from '../../src/core/ledger/fields';
import { browserSuite, launchChromium } from '../browser/harness';
import { type Preview, startPreview } from './server';
import type { EditRecord } from './session';

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'preview');
const NOW = new Date('2026-03-02T15:00:00Z');
const TZ = 'America/New_York';
const SLOW = 180000;

browserSuite('working in the preview grid, in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let dir: string;
  let p: Preview;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'spark-preview-edit-'));
    browser = await launchChromium();
    p = await startPreview({ port: 0, stateFile: join(dir, 'state.json'), now: NOW, timeZone: TZ });
    // The sample ledger, written through the add-on's own actions (the click on "Load sample data" is preview.test.ts's).
    expect(p.session.loadSample().failures).toBe(0);
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${p.port}` });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${p.port}/`);
    await page.waitForSelector('body[data-ready="true"]');
  }, SLOW);

  afterAll(async () => {
    if (browser) await browser.close();
    if (p) await p.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });

  async function edits(): Promise<{ count: number; events: EditRecord[] }> {
    return page.evaluate(() => fetch('/api/edits').then((r) => r.json()));
  }

  /** Column number of a header in row 1 of the sheet on screen. */
  async function column(header: string): Promise<number> {
    const c = await page.evaluate((h) => {
      const tds = Array.from(document.querySelectorAll('#grid tr[data-row="1"] td'));
      const td = tds.find((x) => x.textContent === h);
      return td ? Number(td.getAttribute('data-col')) : 0;
    }, header);
    if (!c) throw new Error(`No column ${header} on screen`);
    return c;
  }

  /** The first data row whose cell under `header` reads `text`. */
  async function rowWhere(header: string, text: string): Promise<number> {
    const c = await column(header);
    const r = await page.evaluate(
      ([col, t]) => {
        const rows = Array.from(document.querySelectorAll('#grid tbody tr')).slice(1);
        const tr = rows.find((x) => x.querySelector(`td[data-col="${col}"]`)?.textContent === t);
        return tr ? Number(tr.getAttribute('data-row')) : 0;
      },
      [c, text] as const,
    );
    if (!r) throw new Error(`No row with ${header} ${text}`);
    return r;
  }

  const td = (row: number, col: number) => `#grid tr[data-row="${row}"] td[data-col="${col}"]`;
  const text = (row: number, col: number) => page.textContent(td(row, col));

  async function openTab(name: string): Promise<void> {
    await page.click(`#tabs .tab[data-sheet="${name}"]`);
    await page.waitForFunction(
      (n) => document.querySelector('#tabs .tab.active')?.getAttribute('data-sheet') === n,
      name,
    );
    await page.waitForFunction(
      (n) =>
        document.getElementById('grid')!.querySelector('tbody tr') !== null &&
        document.body.dataset.selected?.startsWith(`${n}!`),
      name,
    );
  }

  /** The Audit lines that mention `textIn`, read off the Audit tab after going to its last rows (Ctrl+End). */
  async function auditLines(textIn: string, picture?: string): Promise<string[][]> {
    await openTab('Audit');
    const last = p.session.emu.sheet('Audit').getLastRow();
    await page.click(td(1, 1));
    await page.keyboard.press('Control+End');
    await page.waitForSelector(`#grid tr[data-row="${last}"] td.cursor`);
    const lines = await page.evaluate((t) => {
      const rows = Array.from(document.querySelectorAll('#grid tbody tr')).filter(
        (tr) => tr.getAttribute('data-row') !== '1',
      );
      return rows
        .map((tr) => Array.from(tr.querySelectorAll('td')).map((x) => x.textContent ?? ''))
        .filter((cells) => cells.some((c) => c.includes(t)));
    }, textIn);
    if (picture) await shot(picture);
    await openTab('Ledger');
    return lines;
  }

  it(
    'puts back an illegal status typed into a Status cell, with the refusal in its note and the Audit',
    async () => {
      const status = await column('Status');
      const row = await rowWhere('Status', 'Requested');
      const before = await edits();
      await page.click(td(row, status));
      await page.waitForSelector(`body[data-selected="Ledger!${colLetters(status)}${row}"]`);
      // Typing over the cell starts the edit, as in Sheets; Enter commits it.
      await page.keyboard.type('Spending');
      await expect(page.inputValue('#cell-editor')).resolves.toBe('Spending');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => /^Edited /.test(document.getElementById('status')!.textContent ?? ''));
      await page.waitForSelector(`${td(row, status)}.note`);
      await expect(text(row, status)).resolves.toBe('Requested');
      // The refusal is shown beside the cell it was put back in.
      await page.waitForSelector('#note-pop:not([hidden])');
      const note = await page.textContent('#note-pop');
      expect(note).toMatch(/^Spark Ledger: Status was put back to Requested.*cannot move to Spending/s);
      await expect(page.textContent('#status')).resolves.toContain(`put back row ${row}`);
      // Enter moved the cursor down, as in Sheets.
      await page.waitForSelector(`${td(row + 1, status)}.cursor`);
      await shot('edit-refused');

      const after = await edits();
      expect(after.count).toBe(before.count + 1);
      const e = after.events[after.events.length - 1];
      expect(e).toMatchObject({
        sheet: 'Ledger',
        range: `${colLetters(status)}${row}`,
        numRows: 1,
        numColumns: 1,
        value: 'Spending',
        oldValue: 'Requested',
        authMode: 'LIMITED',
        user: 'am@agency.example',
        reply: { ok: true, value: { reverted: [row] } },
      });
      const refused = await auditLines('Status edit refused');
      expect(refused.some((l) => l.includes('Requested') && l.includes('Spending') && l.includes('sheet edit'))).toBe(
        true,
      );
    },
    SLOW,
  );

  it(
    'keeps a legal edit and audits it; Escape leaves a cell as it was',
    async () => {
      const campaign = await column('Campaign');
      const row = await rowWhere('Status', 'Spending');
      const old = (await text(row, campaign))!;
      const before = await edits();

      // Escape cancels: nothing is sent.
      await page.dblclick(td(row, campaign));
      await expect(page.inputValue('#cell-editor')).resolves.toBe(old);
      await page.keyboard.type(' (draft)');
      await page.keyboard.press('Escape');
      await expect(page.locator('#cell-editor').count()).resolves.toBe(0);
      await expect(text(row, campaign)).resolves.toBe(old);
      expect((await edits()).count).toBe(before.count);

      // A double-click edits what the cell holds; Enter keeps it.
      await page.dblclick(td(row, campaign));
      await page.keyboard.press('Control+A');
      await page.keyboard.type('Spring relaunch');
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        ([sel, t]) =>
          document.querySelector(sel)?.textContent === t &&
          /^Edited /.test(document.getElementById('status')!.textContent ?? ''),
        [td(row, campaign), 'Spring relaunch'] as const,
      );
      const after = await edits();
      expect(after.count).toBe(before.count + 1);
      expect(after.events[after.events.length - 1]).toMatchObject({ value: 'Spring relaunch', oldValue: old });
      expect(p.session.emu.sheet('Ledger').cellValue(row, campaign)).toBe('Spring relaunch');
      const audited = await auditLines('Spring relaunch', 'audit-after-edit');
      expect(audited).toHaveLength(1);
      expect(audited[0]).toEqual(expect.arrayContaining(['Campaign', old, 'Spring relaunch', 'sheet edit']));
      await expect(text(row, campaign)).resolves.toBe('Spring relaunch');

      // A checkbox flips on a click, an edit like any other: TRUE, from FALSE.
      const reviewed = await column('Human reviewed');
      const box = `${td(row, reviewed)} .cb`;
      const wasOn = (await page.getAttribute(box, 'aria-checked')) === 'true';
      await page.click(box);
      await page.waitForSelector(`${box}[aria-checked="${!wasOn}"]`);
      const flipped = await edits();
      expect(flipped.events[flipped.events.length - 1]).toMatchObject({
        range: `${colLetters(reviewed)}${row}`,
        value: wasOn ? 'FALSE' : 'TRUE',
        oldValue: wasOn ? 'TRUE' : 'FALSE',
      });
      expect(flipped.count).toBe(after.count + 1);
    },
    SLOW,
  );

  it(
    'pastes a 2 × 2 block as one edit: one onEdit event, with no value and no oldValue',
    async () => {
      const contract = await column('Contract');
      const row = await rowWhere('Status', 'Activated');
      const right = contract + 1;
      const before = await edits();
      await page.click(td(row, contract));
      await page.waitForSelector(`body[data-selected="Ledger!${colLetters(contract)}${row}"]`);
      // A spreadsheet's clipboard: cells by tab, rows by line.
      await page.evaluate(() => navigator.clipboard.writeText('NW-2026-01\tHook test A\nNW-2026-02\tHook test B\n'));
      await page.keyboard.press('Control+V');
      await page.waitForFunction(([sel, t]) => document.querySelector(sel)?.textContent === t, [
        td(row + 1, right),
        'Hook test B',
      ] as const);
      await expect(text(row, contract)).resolves.toBe('NW-2026-01');
      await expect(text(row, right)).resolves.toBe('Hook test A');
      await expect(text(row + 1, contract)).resolves.toBe('NW-2026-02');
      // The pasted range is selected afterwards.
      await expect(page.locator('#grid td.in-range').count()).resolves.toBe(4);
      await shot('paste');

      const after = await edits();
      expect(after.count).toBe(before.count + 1);
      const e = after.events[after.events.length - 1];
      expect(e).toMatchObject({
        range: `${colLetters(contract)}${row}:${colLetters(right)}${row + 1}`,
        numRows: 2,
        numColumns: 2,
      });
      expect(e).not.toHaveProperty('value');
      expect(e).not.toHaveProperty('oldValue');
      expect(e.reply).toMatchObject({ ok: true, value: { reverted: [] } });
      // The Audit's lines for the pasted cells all come from that one event.
      const audited = [...(await auditLines('NW-2026-0')), ...(await auditLines('Hook test'))];
      expect(audited).toHaveLength((e.reply as { value: { audited: number } }).value.audited);
      expect(audited.length).toBeGreaterThanOrEqual(2);
      expect(new Set(audited.map((l) => l[0])).size).toBe(1);
    },
    SLOW,
  );

  it(
    'hands the row selected in the grid to the sidebar\'s "Use selected row"',
    async () => {
      const handleCol = await column('Creator handle');
      const row = await rowWhere('Status', 'Paused');
      const handle = (await text(row, handleCol))!;
      await page.click('#menubar >> text=Extensions');
      await page.hover('.dropdown >> text=Spark Ledger');
      await page.click('.dropdown button.item:has-text("Open sidebar")');
      await page.waitForSelector('#sidebar:not([hidden])');
      const sidebar = (await (await page.waitForSelector('#sidebar-frame')).contentFrame()) as Frame;
      await sidebar.waitForSelector('body[data-ready="true"]');
      await sidebar.click('#tab-status');

      await page.click(td(row, handleCol));
      await page.waitForSelector(`body[data-selected="Ledger!${colLetters(handleCol)}${row}"]`);
      expect(p.session.emu.spreadsheet.getActiveRange().getRow()).toBe(row);
      await sidebar.click('#picker-selected');
      await sidebar.waitForSelector('#picker-card:not([hidden])');
      await expect(sidebar.textContent('#picker-card .card-title')).resolves.toBe(handle);
      await expect(sidebar.textContent('#picker-card')).resolves.toContain(`Row ${row}`);
      await expect(sidebar.textContent('#picker-card-status')).resolves.toBe('Paused');

      // Back in the grid, the arrow keys move the cursor, and the sidebar follows the new row.
      await page.click(td(row, handleCol));
      await page.keyboard.press('ArrowDown');
      await page.waitForSelector(`body[data-selected="Ledger!${colLetters(handleCol)}${row + 1}"]`);
      await sidebar.click('#picker-selected');
      await sidebar.waitForFunction(
        (r) => document.getElementById('picker-card')!.textContent!.includes(`Row ${r}`),
        row + 1,
      );
      await shot('use-selected-row');
      await page.click('#sidebar-close');
    },
    SLOW,
  );

  it(
    'gives a hidden sheet no tab, and lists it only on request',
    async () => {
      // The daily check keeps its memory on a hidden sheet (src/server/expiry/memory.ts).
      await page.click('#menubar >> text=Extensions');
      await page.hover('.dropdown >> text=Spark Ledger');
      await page.click('.dropdown button.item:has-text("Run expiry check now")');
      await page.waitForSelector('#modal-back:not([hidden])');
      await page.click('#modal button:has-text("OK")');
      const hidden = p.session.emu.spreadsheet.sheets.filter((s) => s.isSheetHidden()).map((s) => s.getName());
      expect(hidden.length).toBeGreaterThan(0);
      await page.waitForSelector('#hidden-toggle');
      const tabs = await page.locator('#tabs .tab').evaluateAll((els) => els.map((e) => e.getAttribute('data-sheet')));
      for (const name of hidden) expect(tabs).not.toContain(name);
      expect(tabs).toContain('Ledger');
      await page.click('#hidden-toggle');
      await page.waitForSelector(`#tabs .tab.hidden-sheet[data-sheet="${hidden[0]}"]`);
      await shot('hidden-sheets-shown');
      await page.click('#hidden-toggle');
      await expect(page.locator('#tabs .tab.hidden-sheet').count()).resolves.toBe(0);
    },
    SLOW,
  );

  it(
    "draws each chart by its type: the report's column chart, and bar, pie and line charts of a range",
    async () => {
      // The add-on's own report: a column chart of its "Videos by status" table.
      await page.click('#menubar >> text=Extensions');
      await page.hover('.dropdown >> text=Spark Ledger');
      await page.click('.dropdown button.item:has-text("Generate client report")');
      // The add-on asks which client in a dialog of its own (src/client/clientPicker.html).
      const dialog = (await (await page.waitForSelector('#modal-frame')).contentFrame()) as Frame;
      await dialog.waitForSelector('#clients label');
      await dialog.click('#clients label:has-text("Northwind Foods")');
      await dialog.click('#go');
      await dialog.waitForSelector('#done:not(.hidden)');
      await dialog.click('#close');
      const report = p.session.emu.spreadsheet.sheets.find((s) => s.charts.length > 0);
      expect(report).toBeDefined();
      await page.waitForSelector('.chart svg[data-type="COLUMN"]');
      await page.waitForFunction(() => document.querySelector('#tabs .tab.active')?.textContent?.includes('Northwind'));
      const bars = await page
        .locator('.chart svg[data-type="COLUMN"] rect.bar')
        .evaluateAll((els) => els.map((e) => [e.getAttribute('data-label'), Number(e.getAttribute('data-value'))]));
      // One bar per row of the chart's source table (the videos by status), zero bars included, at its value.
      const source = report!.charts[0].state.ranges[0];
      const table = source.sheet.readValues(source.row + 1, source.col, source.numRows - 1, 2);
      expect(table.length).toBeGreaterThanOrEqual(STATUSES.length);
      expect(bars).toEqual(table.map((r) => [String(r[0]), r[1]]));
      await page.evaluate(() => {
        const chart = document.querySelector('.chart') as HTMLElement;
        const wrap = document.getElementById('grid-wrap')!;
        wrap.scrollTop = chart.offsetTop - 80;
        wrap.scrollLeft = 0;
      });
      await shot('report-chart');

      // Charts of the other types, on a sheet of their own, drawn from the same kind of range.
      const emu = p.session.emu;
      const sheet = emu.spreadsheet.insertSheet('Charts');
      sheet.getRange(1, 1, 5, 3).setValues([
        ['Market', 'Videos', 'Live'],
        ['DE', 4, 3],
        ['FR', 0, 0],
        ['US', 3, 1],
        ['JP', 2, 2],
      ]);
      const data = sheet.getRange(1, 1, 5, 3);
      const add = (type: 'asBarChart' | 'asPieChart' | 'asLineChart', title: string, row: number, col: number) =>
        sheet.insertChart(
          sheet
            .newChart()
            [type]()
            .addRange(data)
            .setPosition(row, col, 0, 0)
            .setOption('title', title)
            .setOption('width', 420)
            .setOption('height', 260)
            .build(),
        );
      add('asBarChart', 'Videos and live posts by market', 1, 5);
      add('asPieChart', 'Videos by market', 1, 11);
      add('asLineChart', 'Videos and live posts, line', 15, 5);
      emu.spreadsheet.getSheetByName('Ledger')!.activate();
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]');
      await openTab('Charts');
      // Bar: one bar per market and series (two series: Videos, Live).
      await expect(page.locator('.chart svg[data-type="BAR"] rect.bar').count()).resolves.toBe(8);
      // Pie: one slice per market with videos (FR has none), of the first series.
      const slices = await page
        .locator('.chart svg[data-type="PIE"] .slice')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-label')));
      expect(slices).toEqual(['DE', 'US', 'JP']);
      // Line: one line per series through every market.
      await expect(page.locator('.chart svg[data-type="LINE"] polyline.line').count()).resolves.toBe(2);
      await expect(page.locator('.chart svg[data-type="LINE"] circle.point').count()).resolves.toBe(8);
      await shot('charts-by-type');
    },
    SLOW,
  );
});

function colLetters(n: number): string {
  let s = '';
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
