/**
 * `npm start`'s second half (after the build): test/preview/start.mjs bundles
 * the TypeScript server, prints the address, serves the page and the add-on,
 * keeps state in the file it names, and stops cleanly on SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const START = join(__dirname, 'start.mjs');

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) resolve(m);
    });
    child.once('exit', (code) => reject(new Error(`start.mjs exited (${code}) before printing ${pattern}: ${out}`)));
  });
}

describe('npm start', () => {
  let dir: string;
  let child: ChildProcess | null = null;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'spark-start-'));
  });
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the address, serves the preview with the add-on menu, and stops on SIGTERM', async () => {
    const stateFile = join(dir, 'state.json');
    let stderr = '';
    child = spawn(process.execPath, [START], {
      env: { ...process.env, PORT: '0', PREVIEW_STATE: stateFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const m = await waitForLine(child, /Spark Ledger preview: (http:\/\/localhost:(\d+))\n/);
    const port = Number(m[2]);

    const page = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text());
    expect(page).toContain('<title>Spark Ledger · local preview</title>');
    const state = await fetch(`http://127.0.0.1:${port}/api/state`).then((r) => r.json());
    expect(state.sheets.map((s: { name: string }) => s.name)).toEqual(
      expect.arrayContaining(['Ledger', 'Settings', 'Audit', 'Code history']),
    );
    expect(state.menus[0].items.map((i: { functionName?: string }) => i.functionName)).toContain('showSidebar');
    const sidebar = await fetch(`http://127.0.0.1:${port}/api/menu`, {
      method: 'POST',
      body: JSON.stringify({ fn: 'showSidebar' }),
    }).then((r) => r.json());
    expect(sidebar.reply).toEqual({ ok: true, value: null });
    const html = await fetch(`http://127.0.0.1:${port}/sidebar/${sidebar.effects.sidebar.id}`).then((r) => r.text());
    expect(html).toContain('google.script');
    expect(existsSync(stateFile)).toBe(true);
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).version).toBe(1);

    const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await expect(exited).resolves.toBe(0);
    expect(stderr).toBe('');
  });
});
