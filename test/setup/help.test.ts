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
