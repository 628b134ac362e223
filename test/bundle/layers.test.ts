/**
 * The layers, kept by a test: no import cycle in src; core imports only core
 * and zod; the client imports the server only as types and names no Apps
 * Script service; the server never imports the client. The per-layer
 * tsconfig files (tsconfig.core.json and the others) keep each layer's types.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SRC = join(ROOT, 'src');

interface Import {
  spec: string;
  typeOnly: boolean;
  /** The file it resolves to, relative to the repository; '' for a package. */
  target: string;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return sources(p);
    return n.endsWith('.ts') ? [p] : [];
  });
}

function resolve(from: string, spec: string): string {
  if (!spec.startsWith('.')) return '';
  const base = normalize(join(dirname(from), spec));
  for (const c of [`${base}.ts`, join(base, 'index.ts'), base]) {
    try {
      if (statSync(c).isFile()) return relative(ROOT, c);
    } catch (_) {
      // not this one
    }
  }
  throw new Error(`${relative(ROOT, from)}: cannot resolve ${spec}`);
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[\s\S]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const out: Import[] = [];
  for (const m of text.matchAll(IMPORT)) {
    // `import { type A, type B } from` is type-only too.
    const clause = m[0];
    const braces = /\{([^}]*)\}/.exec(clause);
    const allTypes = !!braces && braces[1].split(',').every((p) => p.trim() === '' || /^type\s/.test(p.trim()));
    out.push({ spec: m[3], typeOnly: !!m[2] || allTypes, target: resolve(file, m[3]) });
  }
  return out;
}

const files = sources(SRC);
const graph = new Map(files.map((f) => [relative(ROOT, f), importsOf(f)]));
const layer = (p: string) => p.split('/')[1];

describe('the layers', () => {
  it('reads every source file and its imports', () => {
    expect(graph.size).toBeGreaterThan(60);
    expect([...graph.values()].flat().length).toBeGreaterThan(200);
  });

  it('core imports only core and zod', () => {
    const bad: string[] = [];
    for (const [file, imports] of graph) {
      if (layer(file) !== 'core') continue;
      for (const i of imports) {
        const ok = i.target ? layer(i.target) === 'core' : i.spec === 'zod' || i.spec.startsWith('zod/');
        if (!ok) bad.push(`${file} imports ${i.spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the client imports the server only as types, and names no Apps Script service', () => {
    const bad: string[] = [];
    const services =
      /\b(SpreadsheetApp|PropertiesService|ScriptApp|MailApp|LockService|HtmlService|Session|Utilities|CacheService|UrlFetchApp)\./;
    for (const [file, imports] of graph) {
      if (layer(file) !== 'client') continue;
      for (const i of imports)
        if (i.target && layer(i.target) === 'server' && !i.typeOnly) bad.push(`${file} imports ${i.spec}`);
      const code = readFileSync(join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      if (services.test(code)) bad.push(`${file} names an Apps Script service`);
    }
    expect(bad).toEqual([]);
  });

  it('the server never imports the client', () => {
    const bad = [...graph].flatMap(([file, imports]) =>
      layer(file) === 'server'
        ? imports.filter((i) => i.target && layer(i.target) === 'client').map((i) => `${file} imports ${i.spec}`)
        : [],
    );
    expect(bad).toEqual([]);
  });

  it('has no import cycle', () => {
    // Type-only imports are erased by the build, but a cycle through them still tangles the design: all count.
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, 'open');
      stack.push(f);
      for (const i of graph.get(f) ?? []) {
        if (!i.target) continue;
        const s = state.get(i.target);
        if (s === 'open') cycles.push([...stack.slice(stack.indexOf(i.target)), i.target].join(' → '));
        else if (s === undefined) visit(i.target);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of graph.keys()) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });
});
