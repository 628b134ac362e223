/**
 * build/Code.js as Apps Script sees it: every entry point a top-level function
 * declaration, and no global the V8 runtime lacks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { BUILD_DIR, startAddon } from '../support/addon';

const code = readFileSync(join(BUILD_DIR, 'Code.js'), 'utf8');
const source = ts.createSourceFile('Code.js', code, ts.ScriptTarget.ES2019, true, ts.ScriptKind.JS);

function topLevelFunctions(): string[] {
  return source.statements.filter(ts.isFunctionDeclaration).map((f) => f.name!.text);
}

/** Entry points the server index exports, read from the source so the test follows it. */
function exportedNames(): string[] {
  const index = readFileSync(join(__dirname, '..', '..', 'src', 'server', 'index.ts'), 'utf8');
  const names: string[] = [];
  for (const m of index.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of m[1].split(',')) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop()!
        .trim();
      if (name) names.push(name);
    }
  }
  return names;
}

describe('build/Code.js', () => {
  it('declares every exported entry point as a top-level function', () => {
    const declared = new Set(topLevelFunctions());
    const exported = exportedNames();
    expect(exported.length).toBeGreaterThan(10);
    for (const name of exported) expect(declared.has(name) ? name : `missing ${name}`).toBe(name);
    for (const name of [
      'onOpen',
      'onInstall',
      'setupLedger',
      'requestCode',
      'recordCode',
      'changeStatus',
      'getRecord',
      'getFormOptions',
    ]) {
      expect(declared.has(name)).toBe(true);
    }
  });

  it('uses no global that Apps Script lacks', () => {
    const forbidden = new Set([
      'setTimeout',
      'setInterval',
      'URL',
      'URLSearchParams',
      'TextEncoder',
      'TextDecoder',
      'structuredClone',
      'process',
      'require',
      'window',
      'document',
      'Buffer',
      'fetch',
    ]);
    const used = new Set<string>();
    const declaredAnywhere = new Set<string>();
    const visit = (node: ts.Node) => {
      if (
        (ts.isVariableDeclaration(node) ||
          ts.isFunctionDeclaration(node) ||
          ts.isParameter(node) ||
          ts.isClassDeclaration(node)) &&
        node.name &&
        ts.isIdentifier(node.name)
      ) {
        declaredAnywhere.add(node.name.text);
      }
      if (ts.isIdentifier(node) && forbidden.has(node.text)) {
        const p = node.parent;
        const isProperty =
          (ts.isPropertyAccessExpression(p) && p.name === node) ||
          ts.isPropertyAssignment(p) ||
          ts.isShorthandPropertyAssignment(p) ||
          ts.isMethodDeclaration(p);
        if (!isProperty) used.add(node.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    const globalsUsed = [...used].filter((n) => !declaredAnywhere.has(n));
    expect(globalsUsed).toEqual([]);
  });

  it('stays inside its size budgets: every execution evaluates the whole bundle first', () => {
    // The targets were 150 KB and 100 KB. Code.js is over its target (docs/scale.md): 236 KB minified once
    // the Today list, the client reports' headline, rates and picker dialog came in, 289 KB with the TikTok
    // and TokPortal connection (53 KB). The budget holds it there until it is cut down, so that it cannot
    // grow unnoticed.
    const CODE_BUDGET = 300_000;
    const SIDEBAR_BUDGET = 100_000;
    expect(Buffer.byteLength(code, 'utf8')).toBeLessThan(CODE_BUDGET);
    expect(Buffer.byteLength(readFileSync(join(BUILD_DIR, 'Sidebar.html'), 'utf8'), 'utf8')).toBeLessThan(
      SIDEBAR_BUDGET,
    );
  });

  it('does no work at load: evaluating the bundle makes no service call', () => {
    const { emu } = startAddon({ setup: false });
    expect(emu.calls.total).toBe(0);
  });

  it('runs the first actions end to end through the sandbox', () => {
    const { emu, addon } = startAddon();
    const sheet = emu.spreadsheet.getSheetByName('Settings')!;
    const header = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0];
    sheet.getRange(2, header.indexOf('Clients') + 1).setValue('Acme');
    sheet.getRange(2, header.indexOf('Ad accounts') + 1).setValue('ACME-US-001');
    const url = 'https://www.tiktok.com/@creator.one/video/7412345678901234567';
    const req = addon.requestCode({
      videoUrl: url,
      creatorHandle: '@creator.one',
      client: 'Acme',
      brand: 'Acme',
      campaign: 'Spring',
      market: 'US',
      requestedDays: 30,
      adAccount: 'ACME-US-001',
      approvalOwner: 'approve@agency.example',
      preRequestChecks: [
        'Post is live',
        'Sound is final',
        'Caption is final',
        'Comments checked',
        'Creator identity confirmed',
        'Landing page ready',
      ],
    });
    expect(req.ok).toBe(true);
    const rec = addon.recordCode({
      videoUrl: url,
      sparkCode: '#tDYPaG3Bqpz5XP1c7sFD6Bik0zk2qQbJPZy/Gp6y39SN3+jjZ5U8=',
      authorizedOn: '2026-03-01',
      authDays: 30,
    });
    expect(rec).toMatchObject({ ok: true, record: { status: 'Received', expiresOn: '2026-03-31' } });
    const ch = addon.changeStatus({ videoUrl: url, status: 'Retired', retirementReason: 'Campaign ended' });
    expect(ch).toMatchObject({ ok: true, record: { status: 'Retired', renewalDecision: 'Retire' } });
    expect(addon.getRecord(`${url}?lang=en`)).toMatchObject({
      row: 2,
      status: 'Retired',
      videoId: '7412345678901234567',
    });
  });
});
