// Runs an extension-host suite in a real VS Code through @vscode/test-electron.
//   node --import tsx test/vscode/run.ts extension   the extension from this checkout (dist/), on a copy of examples/seed
//   node --import tsx test/vscode/run.ts vsix        the packaged .vsix installed into the test VS Code, no dev path
// Which VS Code: $VSCODE_EXECUTABLE if set; else code-server through the shim where test/vscode/install.sh put it;
// else (or with CF_VSCODE=download) a desktop VS Code 1.100.3 downloaded by test-electron.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { spawnSync } from 'node:child_process';
import { codeServerInstalled } from './workbench';

const root = path.resolve(__dirname, '..', '..');
const out = path.join(root, '.vscode-test', 'out');
const VSCODE_VERSION = '1.100.3';
// Screenshots and logs of failed runs (git-ignored); the shim inherits it.
process.env.CF_ARTIFACTS ??= path.join(root, 'test-artifacts');

/** Bundles a suite folder (index.ts + *.test.ts) for the extension host, and the shim, into .vscode-test/out. */
async function bundle(suite: string): Promise<string> {
  const dir = path.join(__dirname, suite);
  const entryPoints = fs.readdirSync(dir).filter((f) => f === 'index.ts' || f.endsWith('.test.ts')).map((f) => path.join(dir, f));
  const outdir = path.join(out, suite);
  fs.rmSync(outdir, { recursive: true, force: true });
  const common = { bundle: true, format: 'cjs', platform: 'node', target: 'node20', sourcemap: 'inline', logLevel: 'warning' } as const;
  // Native addons (ssh2's optional crypto, cpu-features) stay outside the bundle: their pure-JS fallbacks load instead.
  await esbuild.build({ ...common, entryPoints, outdir, external: ['vscode', 'mocha', '*.node', 'cpu-features'] });
  await esbuild.build({
    ...common,
    entryPoints: { 'code-server-shim': path.join(__dirname, 'shim.ts') },
    outdir: out,
    external: ['playwright-core'],
    banner: { js: '#!/usr/bin/env node' },
  });
  fs.chmodSync(path.join(out, 'code-server-shim.js'), 0o755);
  return path.join(outdir, 'index.js');
}

async function vscodeExecutable(): Promise<{ exe: string; shim: boolean }> {
  if (process.env.VSCODE_EXECUTABLE) return { exe: process.env.VSCODE_EXECUTABLE, shim: false };
  if (process.env.CF_VSCODE !== 'download' && codeServerInstalled()) return { exe: path.join(out, 'code-server-shim.js'), shim: true };
  return { exe: await downloadAndUnzipVSCode(VSCODE_VERSION), shim: false };
}

const scratch: string[] = [];
// Also when the run dies halfway (a closed pipe, an uncaught error): no profiles or workspace copies left in /tmp.
process.on('exit', () => {
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

/** The example federation as a scratch copy: tests edit and break files, examples/ stays as it is. */
function exampleWorkspace(): string {
  const ws = path.join(tempDir('cf-ws-'), 'seed');
  fs.cpSync(path.join(root, 'examples', 'seed'), ws, { recursive: true });
  return ws;
}

function newestVsix(): string {
  if (process.env.CF_VSIX) return path.resolve(process.env.CF_VSIX);
  const { name, version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  const vsix = path.join(root, `${name}-${version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`${path.basename(vsix)} not found: run \`npm run package\` first`);
  return vsix;
}

/**
 * An empty extension that only carries the test runner: VS Code runs extension tests only in a development
 * session, and the real extension under test must be the installed one, not a development copy.
 */
function carrierExtension(): string {
  const dir = tempDir('cf-carrier-');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name: 'vsix-test-carrier', publisher: 'ceph-federation-tests', version: '0.0.0',
    engines: { vscode: '^1.100.0' }, main: './main.js', extensionKind: ['workspace'], activationEvents: [],
  }));
  fs.writeFileSync(path.join(dir, 'main.js'), 'exports.activate = () => {};\n');
  return dir;
}

async function main(): Promise<void> {
  const suite = process.argv[2] ?? 'extension';
  if (suite !== 'extension' && suite !== 'vsix') throw new Error(`unknown suite ${suite}: extension or vsix`);
  if (!fs.existsSync(path.join(root, 'dist', 'client.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const started = Date.now();
  const extensionTestsPath = await bundle(suite);
  const { exe, shim } = await vscodeExecutable();
  const userDataDir = tempDir('cf-vscode-user-');
  const extensionsDir = path.join(userDataDir, 'extensions');
  const profile = [`--user-data-dir=${userDataDir}`, `--extensions-dir=${extensionsDir}`];
  const env: Record<string, string> = {};
  let extensionDevelopmentPath = root;
  let folder: string;
  if (suite === 'vsix') {
    const vsix = newestVsix();
    console.log(`${path.basename(vsix)}: ${(fs.statSync(vsix).size / 1024).toFixed(0)} KiB`);
    const [cli, ...cliArgs] = shim ? [exe] : resolveCliArgsFromVSCodeExecutablePath(exe);
    const r = spawnSync(cli!, [...cliArgs, ...profile, '--install-extension', vsix], { encoding: 'utf8', stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`installing ${vsix} failed`);
    extensionDevelopmentPath = carrierExtension();
    // No federation file: the extension stays inactive until the smoke test activates it and times that.
    folder = path.join(tempDir('cf-ws-'), 'empty');
    fs.mkdirSync(folder);
    env.CF_EXTENSIONS_DIR = extensionsDir;
  } else {
    folder = exampleWorkspace();
    env.CF_REPO = root;
  }
  console.log(`VS Code: ${shim ? `code-server through ${path.relative(root, exe)}` : exe}; workspace ${folder}`);
  try {
    await runTests({
      vscodeExecutablePath: exe,
      extensionDevelopmentPath,
      extensionTestsPath,
      launchArgs: [folder, ...profile],
      extensionTestsEnv: env,
    });
  } finally {
    console.log(`${suite} suite: ${((Date.now() - started) / 1000).toFixed(1)} s including VS Code start-up`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
