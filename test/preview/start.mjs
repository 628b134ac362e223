// `npm start` (after `npm run build`): bundles the preview server (TypeScript,
// like the emulator it runs) with esbuild, then serves it on localhost.
//   PORT           port to listen on (default 8080; 0 picks a free one)
//   PREVIEW_STATE  state file (default .preview-state.json at the repo root)
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
// Inside node_modules so the bundle's require() of packages resolves from the repo.
const outfile = join(root, 'node_modules', '.cache', 'spark-ledger-preview', 'server.cjs');

// Bundled code would otherwise see the bundle's folder as __dirname; the
// sources find build/ and page.html relative to where they live.
/** @type {import('esbuild').Plugin} */
const keepDirname = {
  name: 'keep-dirname',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes('node_modules')) return undefined;
      const source = readFileSync(args.path, 'utf8').replace(/\b__dirname\b/g, JSON.stringify(dirname(args.path)));
      return { contents: source, loader: 'ts' };
    });
  },
};

/**
 * Packages stay outside the bundle and are loaded from node_modules at run time, except the workspace's own
 * TypeScript packages (the emulator), which Node cannot load as they are.
 * @type {import('esbuild').Plugin}
 */
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@spark-ledger/') ? undefined : { path: args.path, external: true },
    );
  },
};

await esbuild.build({
  entryPoints: [join(here, 'server.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
  plugins: [externalPackages, keepDirname],
});

const require = createRequire(import.meta.url);
const { startPreview } = require(outfile);
const port = process.env.PORT === undefined || process.env.PORT === '' ? 8080 : Number(process.env.PORT);
const stateFile = process.env.PREVIEW_STATE || join(root, '.preview-state.json');

/** @type {{ url: string, close(): Promise<void> }} */
let preview;
try {
  preview = await startPreview({ port, stateFile });
} catch (e) {
  if (e && /** @type {{ code?: string }} */ (e).code === 'EADDRINUSE') {
    console.error(`Port ${port} is already in use: stop the other server or run PORT=8081 npm start.`);
    process.exit(1);
  }
  throw e;
}
console.log(`Spark Ledger preview: ${preview.url}`);
console.log(`State is kept in ${stateFile}; press Ctrl+C to stop.`);

let stopping = false;
/** @param {string} signal */
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  await preview.close();
  console.log(`Spark Ledger preview stopped (${signal}).`);
  process.exit(0);
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
