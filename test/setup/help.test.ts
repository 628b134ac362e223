/**
 * The Help dialog: a guide and a first-run checklist ticked from what the
 * spreadsheet holds (ledger sheets, Settings lists, daily alerts).
 */
import { firstRunChecklist, helpPage } from '../../src/core/setup/help';
import { MENU_ITEMS } from '../../src/core/setup/menu';
import { startAddon } from '../support/addon';
import { seedSettings } from '../support/fixtures';

/** The checklist as shown: each step's title and whether it is ticked. */
function shown(html: string): { head: string; steps: [string, boolean][] } {
  const head = /<h2 id="checklist-head">([^<]*)<\/h2>/.exec(html)?.[1] ?? '';
  const steps = Array.from(html.matchAll(/<li class="step( done)?">.*?<b>([^<]*)<\/b>/g)).map(
    (m) => [m[2], m[1] !== undefined] as [string, boolean],
  );
  return { head, steps };
}

describe('the menu', () => {
  it('starts every item with a verb and ends with Help', () => {
    const captions = MENU_ITEMS.flatMap((m) => (m ? [m.caption] : []));
    const verbs = /^(Open|Set up|Validate|Show|Run|Turn on|Turn off|Generate|Refresh|Publish|Build|Archive)\b/;
    expect(captions.filter((c) => !verbs.test(c))).toEqual([]);
    expect(captions.at(-1)).toBe('Show help and first steps');
  });
});

describe('the first-run checklist', () => {
  it('names only the Settings lists still empty, and the menu items to use', () => {
    const steps = firstRunChecklist({
      ledgerSetUp: true,
      emptySettingsLists: ['Owners', 'Markets'],
      alerts: { on: false },
    });
    expect(steps.map((s) => [s.title, s.done])).toEqual([
      ['Set up the ledger', true],
      ['Fill Settings', false],
      ['Turn on daily alerts', false],
    ]);
    expect(steps[1].detail).toMatch(/^On the Settings sheet, list owners and markets:/);
    expect(steps[2].detail).toContain('Extensions › Spark Ledger › Turn on daily alerts');
  });

  it('escapes what it shows', () => {
    const html = helpPage({
      ledgerSetUp: true,
      emptySettingsLists: [],
      alerts: { on: true, hour: 8, by: '<b>x</b>@agency.example', owner: 'other' },
    });
    expect(html).not.toContain('<b>x</b>');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;@agency.example');
  });

  it('ticks each step as the spreadsheet gets there, from a blank spreadsheet to alerts on', () => {
    const h = startAddon({ setup: false });
    h.addon.menuShowHelp();
    let dialog = h.emu.ui.dialogs.pop()!;
    expect(dialog).toMatchObject({ modal: true, title: 'Spark Ledger · Help and first steps' });
    expect(shown(dialog.html)).toEqual({
      head: '3 of 3 first steps left.',
      steps: [
        ['Set up the ledger', false],
        ['Fill Settings', false],
        ['Turn on daily alerts', false],
      ],
    });
    expect(dialog.html).toContain('list clients, ad accounts, owners and markets');

    h.addon.setupLedger();
    h.addon.menuShowHelp();
    dialog = h.emu.ui.dialogs.pop()!;
    expect(shown(dialog.html).steps.map((s) => s[1])).toEqual([true, false, false]);

    seedSettings(h.emu);
    h.addon.menuShowHelp();
    expect(shown(h.emu.ui.dialogs.pop()!.html).steps.map((s) => s[1])).toEqual([true, true, false]);

    h.addon.enableDailyAlerts();
    h.addon.menuShowHelp();
    dialog = h.emu.ui.dialogs.pop()!;
    expect(shown(dialog.html)).toMatchObject({ head: 'All set: the ledger is ready for the daily loop.' });
    expect(dialog.html).toContain('Daily alerts are on at 08:00, by am@agency.example.');
    expect(h.emu.ui.alerts).toEqual([]);
  });
});

describe('the Settings sheet explains itself', () => {
  it('notes every header, refuses a rate that is not above 0 or a day that is not a date, and shows Reporting currency', () => {
    const h = startAddon();
    const sheet = h.emu.sheet('Settings');
    const width = sheet.getLastColumn();
    const headers = sheet.getRange(1, 1, 1, width).getValues()[0].map(String);
    const notes = sheet.getRange(1, 1, 1, width).getNotes()[0];
    expect(headers.filter((_, i) => notes[i] === '')).toEqual([]);
    expect(notes[headers.indexOf('Client time zone')]).toMatch(/IANA name/);
    const col = (name: string) => headers.indexOf(name) + 1;
    const rule = (name: string) => sheet.getRange(2, col(name)).getDataValidation();
    expect(rule('Rate to reporting currency')?.getCriteriaType()).toBe('NUMBER_GREATER_THAN');
    expect(rule('Rate to reporting currency')?.getCriteriaValues()).toEqual([0]);
    expect(rule('Rate as of')?.getCriteriaType()).toBe('DATE_IS_VALID_DATE');
    const pairs = sheet.getRange(1, col('Setting'), 5, 2).getValues();
    expect(pairs.map((r) => r[0])).toEqual(expect.arrayContaining(['Alert hour', 'Reporting currency']));
    // Setting up again changes no note: one read of the notes, no write.
    h.emu.calls.reset();
    h.addon.setupLedger();
    expect(h.emu.calls.count('Range.getNotes')).toBeGreaterThan(0);
    expect(h.emu.calls.count('Range.setNotes')).toBe(0);
  });
});
