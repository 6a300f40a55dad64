// Bundles the extension client, the language server and the CLI into dist/ (or --outdir=DIR).
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const root = path.dirname(fileURLToPath(import.meta.url));
const production = process.argv.includes('--production');
const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';
const KINDS = ['region', 'regionmap', 'zonegroup', 'zone', 'realm', 'period'];

/**
 * Replaces server/src/core/schemaValidators.ts by the same ajv validators precompiled to standalone code: compiling
 * the schemas costs more than validating a thousand files, and a bundle should not pay it at every start.
 */
export const precompiledSchemas = {
  name: 'precompiled-schemas',
  setup(build) {
    const target = path.join(root, 'server', 'src', 'core', 'schemaValidators.ts');
    build.onLoad({ filter: /schemaValidators\.ts$/ }, (args) => {
      if (path.resolve(args.path) !== target) return undefined;
      // Same options as AJV_OPTIONS in schemaValidators.ts, plus source output.
      const ajv = new Ajv({ strict: false, allErrors: true, verbose: true, code: { source: true } });
      const ids = {};
      for (const kind of KINDS) {
        const schema = JSON.parse(readFileSync(path.join(root, 'schemas', `${kind}.schema.json`), 'utf8'));
        ajv.addSchema(schema);
        ids[kind] = schema.$id;
      }
      const code = `${standaloneCode(ajv, ids)}\nexports.schemaValidator = (kind) => exports[kind];\n`;
      return { contents: code, loader: 'js', resolveDir: path.dirname(target) };
    });
  },
};

export const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // vscode-json-languageservice and jsonc-parser ship UMD builds that esbuild cannot follow; their ESM builds bundle.
  mainFields: ['module', 'main'],
  external: ['vscode', '*.node', 'cpu-features'],
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
  outdir,
  plugins: [precompiledSchemas],
};

/**
 * ELK, the diagram's layout engine, is bigger than the rest of the CLI together: the bundles load it from a file of
 * its own (dist/elk.js) on the first diagram, so `check` and the server's start do not parse it.
 */
export const elkApart = {
  name: 'elk-apart',
  setup(build) {
    build.onResolve({ filter: /^elkjs\/lib\/elk\.bundled\.js$/ }, () => ({ path: './elk.js', external: true }));
  },
};

function copyElk() {
  mkdirSync(outdir, { recursive: true });
  const require = createRequire(import.meta.url);
  copyFileSync(require.resolve('elkjs/lib/elk.bundled.js'), path.join(outdir, 'elk.js'));
  // Its licence (EPL-2.0) travels with it.
  copyFileSync(path.join(path.dirname(require.resolve('elkjs/package.json')), 'LICENSE.md'), path.join(outdir, 'elk.LICENSE.md'));
}

// Imported by the benchmark for the same options; builds only when run as a script.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await Promise.all([
    esbuild.build({ ...common, entryPoints: { client: 'client/src/extension.ts' } }),
    // The remote commands (engine, ssh2) load on first use, not at activation.
    esbuild.build({ ...common, entryPoints: { commands: 'client/src/commands/index.ts' } }),
    esbuild.build({ ...common, entryPoints: { server: 'server/src/server.ts' }, plugins: [...common.plugins, elkApart] }),
    // The language server's layout thread (server/src/node/elkThread.ts), which loads dist/elk.js as the bundles do.
    esbuild.build({ ...common, entryPoints: { 'elk-thread': 'server/src/node/elkThreadMain.ts' }, plugins: [...common.plugins, elkApart] }),
    esbuild.build({ ...common, entryPoints: { cli: 'server/src/cli.ts' }, banner: { js: '#!/usr/bin/env node' }, plugins: [...common.plugins, elkApart] }),
    // What bin/ starts the CLI and the server through: small, so that it costs nothing on a start.
    esbuild.build({ ...common, entryPoints: { 'code-cache': 'server/src/node/codeCache.ts' } }),
    // The diagram webview's script runs in the browser sandbox of the webview, not in Node.
    esbuild.build({
      entryPoints: { 'diagram-webview': 'client/src/diagram/webview/main.ts' },
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      minify: production,
      sourcemap: !production,
      logLevel: 'warning',
      outdir,
    }),
  ]);
  copyElk();
}
