// Builds the Apps Script project into build/:
//   Code.js         src/server bundled by esbuild, plus a top-level function
//                   declaration for every export (Apps Script can call nothing else), and the
//                   client-report dialog (src/client/clientPicker.html) as text
//   Sidebar.html    src/client bundled and inlined into one self-contained page
//   appsscript.json the manifest
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'build');
const GLOBAL = '__SparkLedger';

export async function build({ quiet = false } = {}) {
  mkdirSync(out, { recursive: true });
  // The client-report dialog, inlined as text (comments and indentation out): no project file more to push or load.
  const picker = readFileSync(join(root, 'src/client/clientPicker.html'), 'utf8');
  const define = {
    __CLIENT_PICKER_HTML__: JSON.stringify(picker.replace(/<!--[\s\S]*?-->/g, '').replace(/^\s+/gm, '')),
  };
  const server = await esbuild.build({
    define,
    entryPoints: [join(root, 'src/server/index.ts')],
    bundle: true,
    format: 'iife',
    globalName: GLOBAL,
    // Apps Script's V8 runtime: stay on syntax it is documented to run.
    target: 'es2019',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    // Every execution evaluates the whole bundle first, so smaller is faster.
    // Exported names survive: the stubs reach them as properties of the global.
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  });
  // The IIFE hides its exports from the metafile; an ESM pass over the same entry lists them.
  const esm = await esbuild.build({
    entryPoints: [join(root, 'src/server/index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const names = Object.values(esm.metafile.outputs)[0].exports.slice().sort();
  const stubs = names.map((n) => `function ${n}() { return ${GLOBAL}.${n}.apply(this, arguments); }`).join('\n');
  const code = `${server.outputFiles[0].text}\n${stubs}\n`;
  writeFileSync(join(out, 'Code.js'), code);
  copyFileSync(join(root, 'appsscript.json'), join(out, 'appsscript.json'));

  let sidebarBytes = 0;
  const page = join(root, 'src/client/sidebar.html');
  if (existsSync(page)) {
    const client = await esbuild.build({
      entryPoints: [join(root, 'src/client/main.ts')],
      bundle: true,
      format: 'iife',
      target: 'es2019',
      minify: true,
      legalComments: 'none',
      write: false,
      logLevel: 'warning',
    });
    const css = existsSync(join(root, 'src/client/sidebar.css'))
      ? readFileSync(join(root, 'src/client/sidebar.css'), 'utf8')
      : '';
    // Inline script: a literal "</script" inside it would end the tag early.
    const js = client.outputFiles[0].text.replace(/<\/script/gi, '<\\/script');
    const html = readFileSync(page, 'utf8')
      .replace('/*INLINE_CSS*/', () => css)
      .replace('/*INLINE_JS*/', () => js);
    writeFileSync(join(out, 'Sidebar.html'), html);
    sidebarBytes = Buffer.byteLength(html);
  }
  if (!quiet) {
    console.log(
      `build/Code.js ${Buffer.byteLength(code)} bytes, ${names.length} entry points; build/Sidebar.html ${sidebarBytes} bytes`,
    );
  }
  return { entryPoints: names, codeBytes: Buffer.byteLength(code), sidebarBytes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  build().catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
