// code-server (VS Code 1.100 as a server + web workbench) and headless Debian Chromium, shared by the launcher's
// shim and the UI test. Runs only where test/vscode/install.sh has installed them.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

export const toolsDir = process.env.CF_TOOLS ?? path.join(os.homedir(), '.cache', 'ceph-federation');
export const codeServerEntry =
  process.env.CODE_SERVER_ENTRY ?? path.join(toolsDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function codeServerInstalled(): boolean {
  return fs.existsSync(codeServerEntry) && fs.existsSync(chromiumPath);
}

/** Settings that keep the workbench quiet and deterministic: no welcome page, no port-forward prompts, no updates. */
export const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'remote.autoForwardPorts': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
};

export function writeUserSettings(userDataDir: string, extra: Record<string, unknown> = {}): void {
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...quietSettings, ...extra }, null, 2));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface CodeServer {
  port: number;
  origin: string;
  pid: number;
  log: string;
  stop(): void;
}

export async function startCodeServer(userDataDir: string, extensionsDir: string): Promise<CodeServer> {
  fs.mkdirSync(extensionsDir, { recursive: true });
  const port = await freePort();
  const log = path.join(userDataDir, 'code-server.log');
  const out = fs.openSync(log, 'w');
  // Its own process group, so that stopping it also ends the extension host and our language server.
  const child = spawn(process.execPath, [codeServerEntry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--ignore-last-opened', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir],
  // An empty gallery: no marketplace queries, which cannot succeed offline and only add noise to the log.
  { detached: true, stdio: ['ignore', out, out], env: { EXTENSIONS_GALLERY: '{}', ...process.env } });
  fs.closeSync(out);
  const pid = child.pid!;
  const stop = (): void => {
    try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
  };
  process.once('exit', stop);
  const origin = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`code-server exited (${code}), see ${log}`))));
  const deadline = Date.now() + 60_000;
  // Readiness has no event to wait on: poll the health endpoint until it answers.
  for (;;) {
    const ok = await Promise.race([fetch(`${origin}/healthz`).then((r) => r.ok, () => false), exited]);
    if (ok) break;
    if (Date.now() > deadline) { stop(); throw new Error(`code-server did not start, see ${log}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, origin, pid, log, stop };
}

/** Installs a .vsix the way `code --install-extension` does, into the given extensions folder. */
export function installVsix(extensionsDir: string, vsix: string): void {
  const r = spawnSync(process.execPath, [codeServerEntry, '--extensions-dir', extensionsDir, '--install-extension', vsix], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`installing ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function launchBrowser(viewport = { width: 1400, height: 900 }): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => undefined);
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The workbench URL for a folder. `payload` carries what desktop VS Code takes as --extensionDevelopmentPath and
 * --extensionTestsPath; paths are on the code-server machine, hence vscode-remote URIs.
 */
export function workbenchUrl(server: CodeServer, folder: string | undefined, payload: [string, string][] = []): string {
  const q = !folder ? 'ew=true' : folder.endsWith('.code-workspace') ? `workspace=${encodeURIComponent(folder)}` : `folder=${encodeURIComponent(folder)}`;
  const p = payload.length ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : '';
  return `${server.origin}/?${q}${p}`;
}

export function remoteUri(server: CodeServer, fsPath: string): string {
  return `vscode-remote://127.0.0.1:${server.port}${fsPath}`;
}

/** Memory of a process and all its descendants, from /proc (Linux): RSS, and PSS, which splits shared pages. */
export function treeMemoryMiB(rootPid: number): { rss: number; pss: number } {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch { /* the process ended while we looked */ }
  }
  let rss = 0;
  let pss = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      rss += Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      pss += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    } catch { /* ended, or a kernel thread */ }
    stack.push(...(children.get(pid) ?? []));
  }
  return { rss: Math.round(rss / 1024), pss: Math.round(pss / 1024) };
}

/** Samples the memory of some process trees twice a second and keeps the peaks. */
export function sampleMemory(rootPids: () => number[]): { stop(): string } {
  let rss = 0;
  let pss = 0;
  const take = (): void => {
    const now = rootPids().map(treeMemoryMiB);
    rss = Math.max(rss, now.reduce((sum, m) => sum + m.rss, 0));
    pss = Math.max(pss, now.reduce((sum, m) => sum + m.pss, 0));
  };
  const timer = setInterval(take, 500);
  timer.unref();
  return { stop() { clearInterval(timer); take(); return `${pss} MiB PSS (${rss} MiB RSS)`; } };
}
