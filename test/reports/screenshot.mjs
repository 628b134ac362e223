// Bundles test/reports/render.ts with esbuild and runs it: PNGs of a client report and the AI funnel tab in test-artifacts/.
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// Inside the repo (test-artifacts/ is git-ignored) so the bundle resolves node_modules.
const dir = join(here, '..', '..', 'test-artifacts');
mkdirSync(dir, { recursive: true });
const out = join(dir, 'render.cjs');
await esbuild.build({
  entryPoints: [join(here, 'render.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: out,
  external: ['playwright-core', 'gas-local'],
  define: { __dirname: JSON.stringify(here) },
  logLevel: 'warning',
});
process.env.SPARK_LEDGER_BUILD = join(here, '..', '..', 'build');
await import(pathToFileURL(out).href);
