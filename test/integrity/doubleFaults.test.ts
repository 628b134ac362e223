/**
 * A Sheets failure at every service call of each sidebar save, and two in a
 * row (a write fails, then a call of its undo fails too), each followed by
 * the person trying again. What must hold:
 * - a save that says it worked left the ledger as a clean save would;
 * - a save that says "Nothing was written" left every sheet as it was;
 * - either way, trying again ends exactly where one clean save ends, and the
 *   Audit sheet agrees with the ledger (a repair, when one was needed, adds
 *   its own "Repair" line, which is the only difference allowed).
 * Figures go to test-artifacts/double-faults.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Harness } from '../support/addon';
import { type Action, INPUT, byVideo, seeded } from './sidebarScenarios';

const FAILURE = 'Service Spreadsheets failed while accessing document with id 1.';
const WRITE = /\.(set|append|insert|delete|clear)/;
/** Calls after the first fault that get the second one: the undo happens within these. */
const SECOND_WITHIN = 10;

interface Run {
  calls: string[];
  result?: { ok: boolean; errors?: { message: string }[] };
  threw?: string;
}

function runFaulted(h: Harness, action: Action, faults: number[]): Run {
  let first = -1;
  const calls: string[] = [];
  h.emu.meanwhile((key, n) => {
    if (first < 0) first = n;
    const k = n - first + 1;
    calls.push(key);
    if (faults.includes(k)) throw new Error(FAILURE);
  });
  const run: Run = { calls };
  try {
    run.result = h.addon[action](INPUT[action]());
  } catch (e) {
    run.threw = (e as Error).message;
  }
  h.emu.meanwhile(null);
  return run;
}

const isRepair = (line: unknown[]): boolean => line[3] === 'Repair' || line[6] === 'repair';

const tally = { single: { tried: 0, wrong: 0 }, double: { tried: 0, wrong: 0 } };

afterAll(() => {
  const dir = join(__dirname, '..', '..', 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'double-faults.json'), JSON.stringify(tally, null, 2));
  // eslint-disable-next-line no-console
  console.log(
    `faults: ${tally.single.tried} single (${tally.single.wrong} wrong), ${tally.double.tried} double (${tally.double.wrong} wrong)`,
  );
});

function judge(action: Action, faults: number[], initial: string, reference: string): string | null {
  const h = seeded();
  const r = runFaulted(h, action, faults);
  const message = r.threw ?? r.result?.errors?.map((e) => e.message).join(' ') ?? '';
  const after = byVideo(h.emu, isRepair);
  if (r.result?.ok) return after === reference ? null : 'said saved, but the sheets differ from a clean save';
  if (/Nothing was written/.test(message) && after !== initial)
    return `said "Nothing was written" but something was: ${message}`;
  const retry = runFaulted(h, action, []);
  if (!retry.result?.ok) return `the retry failed: ${retry.threw ?? JSON.stringify(retry.result)}`;
  const final = byVideo(h.emu, isRepair);
  return final === reference
    ? null
    : `after the retry the sheets differ from one clean save (first message: ${message})`;
}

describe('Sheets fails once, or twice in a row, during a sidebar save; then the person tries again', () => {
  for (const action of Object.keys(INPUT) as Action[]) {
    it(`${action}: every outcome is done and audited, or not done, and the retry finishes it`, () => {
      const initialH = seeded();
      const initial = byVideo(initialH.emu, isRepair);
      const refH = seeded();
      const clean = runFaulted(refH, action, []);
      expect(clean.result).toMatchObject({ ok: true });
      const reference = byVideo(refH.emu, isRepair);
      const wrong: string[] = [];
      for (let k = 1; k <= clean.calls.length; k++) {
        tally.single.tried++;
        const bad = judge(action, [k], initial, reference);
        if (bad) {
          tally.single.wrong++;
          wrong.push(`fault at call ${k} (${clean.calls[k - 1]}): ${bad}`);
        }
        if (!WRITE.test(clean.calls[k - 1])) continue;
        for (let k2 = k + 1; k2 <= k + SECOND_WITHIN; k2++) {
          tally.double.tried++;
          const bad2 = judge(action, [k, k2], initial, reference);
          if (bad2) {
            tally.double.wrong++;
            wrong.push(`faults at calls ${k} (${clean.calls[k - 1]}) and ${k2}: ${bad2}`);
          }
        }
      }
      expect(wrong).toEqual([]);
    });
  }
});
