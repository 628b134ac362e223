// `npm run bench`: bundles the TypeScript benchmark with esbuild and runs it in Node.
import * as esbuild from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(mkdtempSync(join(tmpdir(), 'spark-bench-')), 'bench.cjs');
await esbuild.build({
  entryPoints: [join(here, 'bench.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: out,
  logLevel: 'warning',
});
process.env.SPARK_LEDGER_BUILD = join(here, '..', '..', 'build');
await import(pathToFileURL(out).href);
