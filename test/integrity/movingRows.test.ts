/**
 * People keep working while a script runs: between any two service calls of
 * a save, someone sorts the Ledger, inserts a row above, deletes another
 * video's row or types into another row. The lock does not stop them.
 *
 * Each scenario is judged against a reference: the same save with the same
 * person's edit made after it. Read by video id, not by row, both must end
 * the same: the saved video has its change, every other video is as it was,
 * no row is lost, and the Audit and Code history sheets say the same thing.
 * Figures go to test-artifacts/moving-rows.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator } from '@spark-ledger/gas-emulator';
import type { Harness } from '../support/addon';
import { formatCsv } from '../../src/core/import/csv';
import { IMPORT_HEADERS, importLine, videoUrl } from '../support/fixtures';
import { type Action, INPUT, byVideo, ledgerHeaders, rowOf, seeded } from './sidebarScenarios';
import { cellA1, sealRows, userEdit } from '../support/userEdit';
import { callsOf, withEditBefore } from '../support/meanwhile';

type Edit = (emu: Emulator) => void;

const EDITS: Record<string, Edit> = {
  'sort by video, descending': (emu) => {
    const s = emu.sheet('Ledger');
    const col = ledgerHeaders(emu).indexOf('Video URL') + 1;
    s.getRange(2, 1, s.getLastRow() - 1, s.getLastColumn()).sort({ column: col, ascending: false });
  },
  'insert a row above the data': (emu) => {
    emu.sheet('Ledger').insertRowsBefore(2, 1);
  },
  'delete another video\u2019s row': (emu) => {
    emu.sheet('Ledger').deleteRows(rowOf(emu, videoUrl(7)), 1);
  },
  'type into another row': (emu) => {
    const col = ledgerHeaders(emu).indexOf('Campaign') + 1;
    emu
      .sheet('Ledger')
      .getRange(rowOf(emu, videoUrl(6)), col)
      .setValue('Typed meanwhile');
  },
};

/** Runs the action with `edit` made just before its `k`th service call (k = 0: after it ends). Returns calls made (counted when k = 0). */
function runWith(
  h: Harness,
  action: Action,
  edit: Edit | null,
  k: number,
): { calls: number; result: unknown; threw?: string } {
  let result: unknown;
  let threw: string | undefined;
  const run = (): void => {
    try {
      result = h.addon[action](INPUT[action]());
    } catch (e) {
      threw = (e as Error).message;
    }
  };
  let calls = 0;
  if (edit && k > 0) withEditBefore(h.emu, k, () => edit(h.emu), run);
  else calls = callsOf(h.emu, run).length;
  if (edit && k === 0) edit(h.emu);
  return { calls, result, threw };
}

const tally = {
  tried: 0,
  wrong: 0,
  told: 0,
  byAction: {} as Record<string, { tried: number; wrong: number; told: number }>,
};

/** The tally of one action, started at nothing the first time it is asked for. */
function actionTally(action: string): { tried: number; wrong: number; told: number } {
  let t = tally.byAction[action];
  if (t === undefined) {
    t = { tried: 0, wrong: 0, told: 0 };
    tally.byAction[action] = t;
  }
  return t;
}

const OVERWRITTEN = ' (overwritten while the Ledger was sorted)';

/**
 * The state with the cells a save reported as overwritten (Audit lines
 * naming them, and the user's notice) masked in both, and those Audit lines
 * left out: what must then be equal is everything the save did not own up to.
 */
function masked(state: string, named: ReadonlySet<string>): string {
  const s = JSON.parse(state) as { ledger: string[]; audit: string[]; history: string[] };
  const ledger = s.ledger
    .map((line) => {
      const [url, cells] = JSON.parse(line) as [string, [string, unknown][]];
      return JSON.stringify([url, cells.map(([h, v]) => [h, named.has(`${url}\u0000${h}`) ? '?' : v])]);
    })
    .sort();
  const audit = s.audit.filter((line) => !String((JSON.parse(line) as unknown[])[3]).endsWith(OVERWRITTEN));
  return JSON.stringify({ ledger, audit, history: s.history });
}

function namedOverwritten(state: string): Set<string> {
  const s = JSON.parse(state) as { audit: string[] };
  const out = new Set<string>();
  for (const line of s.audit) {
    const a = JSON.parse(line) as unknown[];
    const field = String(a[3]);
    if (field.endsWith(OVERWRITTEN)) out.add(`${a[2]}\u0000${field.slice(0, -OVERWRITTEN.length)}`);
  }
  return out;
}

afterAll(() => {
  const dir = join(__dirname, '..', '..', 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'moving-rows.json'), JSON.stringify(tally, null, 2));
  // eslint-disable-next-line no-console
  console.log(
    `moving rows: ${tally.tried} interleavings tried, ${tally.wrong} lost or misplaced something, ${tally.told} overwrote cells of another video and said which`,
  );
});

describe('a person sorts, inserts, deletes or types between any two calls of a sidebar save', () => {
  for (const action of Object.keys(INPUT) as Action[]) {
    it(`${action}: every interleaving ends as if the edit came after the save`, () => {
      const dry = seeded();
      const { calls } = runWith(dry, action, null, 0);
      expect(calls).toBeGreaterThan(5);
      const wrong: string[] = [];
      let told = 0;
      for (const [name, edit] of Object.entries(EDITS)) {
        const ref = seeded();
        const r0 = runWith(ref, action, edit, 0);
        expect(r0.result).toMatchObject({ ok: true });
        const expected = byVideo(ref.emu);
        for (let k = 1; k <= calls; k++) {
          const h = seeded();
          const r = runWith(h, action, edit, k);
          tally.tried++;
          const t = actionTally(action);
          t.tried++;
          const got = byVideo(h.emu);
          // A sort in the moment between the last look at the row and its write puts the write on
          // another video's row, whose cells were never read: the save says which it overwrote.
          const notice = String((r.result as { notice?: string } | undefined)?.notice ?? '');
          const named = namedOverwritten(got);
          if (
            !r.threw &&
            got !== expected &&
            named.size > 0 &&
            /could not be put back/.test(notice) &&
            masked(got, named) === masked(expected, named)
          ) {
            tally.told++;
            t.told++;
            told++;
            continue;
          }
          if (r.threw || !(r.result as { ok: boolean }).ok || got !== expected) {
            tally.wrong++;
            t.wrong++;
            wrong.push(
              `${name} before call ${k}: ${r.threw ?? JSON.stringify((r.result as { errors?: unknown }).errors ?? 'ledger differs')}`,
            );
            if (process.env.MOVING_DEBUG && wrong.length === 1) {
              const a = JSON.parse(expected);
              const b = JSON.parse(got);
              for (const part of ['ledger', 'audit', 'history'])
                for (const line of b[part]) if (!a[part].includes(line)) console.log(part, 'got', line);
              for (const part of ['ledger', 'audit', 'history'])
                for (const line of a[part]) if (!b[part].includes(line)) console.log(part, 'want', line);
            }
          }
        }
      }
      expect(wrong).toEqual([]);
      // Only the first write's own calls (its range, formats and values) leave that moment open, for a sort and an insert.
      expect(told).toBeLessThanOrEqual(6);
    });
  }
});

describe('a person edits the Ledger between any two calls of a CSV import', () => {
  const HEADERS = IMPORT_HEADERS;
  const csv = (): string => formatCsv([HEADERS, ...[60, 61].map((n) => importLine(n))]);
  it('each interleaving either imports as if the edit came after, or imports nothing and says so', () => {
    const dry = seeded();
    const total = callsOf(dry.emu, () => expect(dry.addon.importRows(csv())).toMatchObject({ accepted: 2 })).length;
    const wrong: string[] = [];
    for (const [name, edit] of Object.entries(EDITS)) {
      const ref = seeded();
      ref.addon.importRows(csv());
      edit(ref.emu);
      const imported = byVideo(ref.emu);
      const untouched = seeded();
      edit(untouched.emu);
      const notImported = byVideo(untouched.emu);
      for (let k = 1; k <= total; k++) {
        const h = seeded();
        let message = '';
        let accepted = -1;
        try {
          const r = withEditBefore(
            h.emu,
            k,
            () => edit(h.emu),
            () => h.addon.importRows(csv()),
          );
          accepted = r.accepted;
          message = r.message;
        } catch (e) {
          message = (e as Error).message;
        }
        tally.tried++;
        const t = actionTally('importRows');
        t.tried++;
        const got = byVideo(h.emu);
        const ok = accepted === 2 ? got === imported : /Nothing was imported/.test(message) && got === notImported;
        if (!ok) {
          tally.wrong++;
          t.wrong++;
          wrong.push(`${name} before call ${k}: ${message}`);
          if (process.env.MOVING_DEBUG && wrong.length === 1) {
            const want = JSON.parse(accepted === 2 ? imported : notImported);
            const b = JSON.parse(got);
            const w = want.ledger.map((l: string) => JSON.parse(l));
            for (const l of b.ledger.map((x: string) => JSON.parse(x))) {
              const o = w.find((x: [string]) => x[0] === l[0]);
              if (!o) console.log('extra', l[0]);
              else
                l[1].forEach((c: unknown[], i: number) => {
                  if (JSON.stringify(c) !== JSON.stringify(o[1][i]))
                    console.log('diff', l[0].slice(-4), JSON.stringify(c), JSON.stringify(o[1][i]));
                });
            }
            console.log('audit', b.audit.length, want.audit.length);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('a person sorts the Ledger while onEdit checks another person\u2019s paste', () => {
  /** The pasted videos' rows, by video id. */
  const pasted = (h: ReturnType<typeof seeded>): string => {
    const all = JSON.parse(byVideo(h.emu)) as { ledger: string[] };
    return JSON.stringify(all.ledger.filter((l) => l.includes(videoUrl(1)) || l.includes(videoUrl(2))));
  };
  it('the statuses put back and the seals land on the pasted videos, whatever call after its read the sort comes before', () => {
    const paste = (h: ReturnType<typeof seeded>): void => {
      // Rows 2 and 3 (videos 1 and 2, Requested and Received, sealed) get "Spending": illegal for both, so both go back.
      sealRows(h.emu, [2, 3]);
      const e = userEdit(h.emu, 'Ledger', `${cellA1(h.emu, 'Status', 2)}:${cellA1(h.emu, 'Status', 3)}`, [
        ['Spending'],
        ['Spending'],
      ]);
      stash.set(h, e);
    };
    const stash = new Map<unknown, unknown>();
    const sort = EDITS['sort by video, descending'];
    const ref = seeded();
    paste(ref);
    expect(ref.addon.onEdit(stash.get(ref))).toMatchObject({ reverted: [2, 3] });
    sort(ref.emu);
    const expected = byVideo(ref.emu);
    const expectedPasted = pasted(ref);
    const dry = seeded();
    paste(dry);
    const keys = callsOf(dry.emu, () => dry.addon.onEdit(stash.get(dry)));
    const total = keys.length;
    // The event names rows, not videos: a sort between the paste and the trigger's read of those rows
    // cannot be told from the paste itself. From that read on (the second getValues: header, then rows), it can.
    const read = keys.map((k, i) => [k, i] as const).filter(([k]) => k === 'Range.getValues')[1][1] + 1;
    expect(total - read).toBeGreaterThan(5);
    const wrong: number[] = [];
    const collateral: number[] = [];
    for (let k = read + 1; k <= total; k++) {
      const h = seeded();
      paste(h);
      withEditBefore(
        h.emu,
        k,
        () => sort(h.emu),
        () => h.addon.onEdit(stash.get(h)),
      );
      tally.tried++;
      const t = actionTally('onEdit');
      t.tried++;
      if (pasted(h) !== expectedPasted) {
        tally.wrong++;
        t.wrong++;
        wrong.push(k);
      } else if (byVideo(h.emu) !== expected) {
        // onEdit reads only the pasted rows, so rows a sort moves under its write in the one call between its
        // check and its write cannot be given their own values back (see README); counted, not hidden.
        collateral.push(k);
      }
    }
    (tally as Record<string, unknown>).onEditCollateral = collateral.length;
    expect(wrong).toEqual([]);
    expect(collateral.length).toBeLessThanOrEqual(2);
  });
});
