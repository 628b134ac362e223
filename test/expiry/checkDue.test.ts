import { MAX_RUNS_A_DAY, checkDue, parseMark, startedMark } from '../../src/core/ledger/resume';

describe('checkDue: when the hourly trigger runs the daily check', () => {
  const day = '2026-03-02';
  it('is due from the alert hour until the day is done', () => {
    expect(checkDue(null, day, 7, 8)).toBe(false);
    expect(checkDue(null, day, 8, 8)).toBe(true);
    expect(checkDue(null, day, 23, 8)).toBe(true);
    expect(checkDue({ day, done: true, runs: 1 }, day, 9, 8)).toBe(false);
    // Yesterday's finished run: today's is due from the hour.
    expect(checkDue({ day: '2026-03-01', done: true, runs: 1 }, day, 7, 8)).toBe(false);
    expect(checkDue({ day: '2026-03-01', done: true, runs: 1 }, day, 8, 8)).toBe(true);
  });

  it('carries on a run that stopped short at once, any hour, up to a number of runs a day', () => {
    expect(checkDue({ day, done: false, runs: 1 }, day, 3, 8)).toBe(true);
    expect(checkDue({ day, done: false, runs: MAX_RUNS_A_DAY - 1 }, day, 12, 8)).toBe(true);
    expect(checkDue({ day, done: false, runs: MAX_RUNS_A_DAY }, day, 12, 8)).toBe(false);
    // Past midnight, a run left unfinished yesterday goes on before the hour.
    expect(checkDue({ day: '2026-03-01', done: false, runs: MAX_RUNS_A_DAY }, day, 0, 8)).toBe(true);
  });

  it("without a recorded hour, the day's run is due at once", () => {
    expect(checkDue(null, day, 0, null)).toBe(true);
    expect(checkDue({ day, done: true, runs: 1 }, day, 0, null)).toBe(false);
  });

  it("counts the day's runs and reads only well-formed marks", () => {
    expect(startedMark(null, day)).toEqual({ day, done: false, runs: 1 });
    expect(startedMark({ day, done: false, runs: 2 }, day)).toEqual({ day, done: false, runs: 3 });
    expect(startedMark({ day: '2026-03-01', done: false, runs: 5 }, day)).toEqual({ day, done: false, runs: 1 });
    expect(parseMark('{"day":"2026-03-02","done":true,"runs":2}')).toEqual({ day, done: true, runs: 2 });
    expect(parseMark('{"day":"2026-03-02"}')).toBeNull();
    expect(parseMark('not json')).toBeNull();
    expect(parseMark(null)).toBeNull();
  });
});
