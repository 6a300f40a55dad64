// A stand-in "VS Code executable" for @vscode/test-electron where no desktop VS Code can be downloaded: it takes
// the arguments runTests passes (--extensionDevelopmentPath=, --extensionTestsPath=, --user-data-dir=,
// --extensions-dir=, a folder) and runs the tests in code-server's real Node extension host, with headless
// Chromium as the workbench. It exits with the tests' exit code. `--install-extension X.vsix` installs, like `code`.
// The launcher bundles it to .vscode-test/out/code-server-shim.js.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as util from 'node:util';
import { installVsix, launchBrowser, remoteUri, sampleMemory, startCodeServer, workbenchUrl, writeUserSettings } from './workbench';

interface Args {
  dev: string[];
  tests?: string;
  userDataDir?: string;
  extensionsDir?: string;
  install?: string;
  folder?: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { dev: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    const value = (): string => m?.[2] ?? argv[++i]!;
    if (!m) a.folder = path.resolve(arg);
    else if (m[1] === 'extensionDevelopmentPath') a.dev.push(path.resolve(value()));
    else if (m[1] === 'extensionTestsPath') a.tests = path.resolve(value());
    else if (m[1] === 'user-data-dir') a.userDataDir = path.resolve(value());
    else if (m[1] === 'extensions-dir') a.extensionsDir = path.resolve(value());
    else if (m[1] === 'install-extension') a.install = path.resolve(value());
    // The rest (--no-sandbox, --disable-updates, --skip-welcome, ...) concerns desktop VS Code only.
  }
  return a;
}

async function main(): Promise<number> {
  const a = parseArgs(process.argv.slice(2));
  const userDataDir = a.userDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cf-vscode-user-'));
  const extensionsDir = a.extensionsDir ?? path.join(userDataDir, 'extensions');
  if (a.install) {
    installVsix(extensionsDir, a.install);
    return 0;
  }
  if (!a.tests) throw new Error('--extensionTestsPath is required');
  writeUserSettings(userDataDir);
  const server = await startCodeServer(userDataDir, extensionsDir);
  const browser = await launchBrowser();
  const memory = sampleMemory(() => [process.pid]);
  try {
    const { page } = browser;
    let finish!: (code: number) => void;
    const done = new Promise<number>((resolve) => { finish = resolve; });
    // The workbench forwards the extension host's console and the tests' exit code to these two functions.
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const first = String(args?.[0] ?? '');
      if (type === 'error' || !/^(Resolving|Resolved|Creating a socket|Updating additional|\[Service Worker\])/.test(first)) {
        console.log(util.format(...(args ?? [])));
      }
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
    page.on('crash', () => finish(3));
    const payload: [string, string][] = [
      ...a.dev.map((d): [string, string] => ['extensionDevelopmentPath', remoteUri(server, d)]),
      ['extensionTestsPath', remoteUri(server, a.tests)],
      ['skipWelcome', 'true'],
    ];
    await page.goto(workbenchUrl(server, a.folder, payload));
    const timeoutMs = Number(process.env.CF_VSCODE_TIMEOUT_MS ?? 300_000);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([done, new Promise<number>((resolve) => {
      timer = setTimeout(() => { console.error(`no test result after ${timeoutMs} ms`); resolve(124); }, timeoutMs);
    })]);
    clearTimeout(timer);
    if (code !== 0) {
      // The workbench and the server log as they were when the run failed, for whoever reads the CI log.
      const artifacts = path.resolve(process.env.CF_ARTIFACTS ?? 'test-artifacts');
      fs.mkdirSync(artifacts, { recursive: true });
      const shot = path.join(artifacts, 'vscode-failed-run.png');
      fs.copyFileSync(server.log, path.join(artifacts, 'vscode-failed-run.code-server.log'));
      await page.screenshot({ path: shot }).catch(() => undefined);
      console.error(`screenshot and code-server log: ${artifacts}/vscode-failed-run.*`);
    }
    console.log(`peak memory (code-server, extension host, language server, chromium): ${memory.stop()}`);
    return code;
  } finally {
    await browser.close();
    server.stop();
  }
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(e);
  process.exit(2);
});
