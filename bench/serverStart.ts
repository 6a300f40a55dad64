// The language server's start-up on a folder: its bundle started over stdio, one zone infile opened at once; when
// that document's diagnostics and the last closed file's arrive, and the server's RSS once every file is published.
// npm run bench uses it; run alone it compares server bundles, alternating starts so that load falls on each alike:
//   node --import tsx bench/serverStart.ts [--runs=N] [--zones=N] SERVER_JS [SERVER_JS ...]   (defaults: 7 runs, 1,000 zones)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';
import { generate, writeFederation } from './generate';
import { median } from './stats';

export interface ServerStart {
  rssMb: number;
  /** Until every file's diagnostics were published. */
  indexMs: number;
  /** Until the open document's were. */
  openMs: number;
}

export async function serverStart(serverJs: string, dir: string, files: number, openFile: string, env: NodeJS.ProcessEnv = {}): Promise<ServerStart> {
  const proc = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const published = new Set<string>();
  let last = Date.now();
  const openUri = URI.file(openFile).toString();
  let openMs = NaN;
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string }) => {
    if (p.uri === openUri && Number.isNaN(openMs)) openMs = performance.now() - start;
    published.add(p.uri);
    last = Date.now();
  });
  conn.onRequest(() => null);
  conn.onNotification(() => undefined);
  conn.listen();
  const start = performance.now();
  const root = URI.file(dir).toString();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: root, workspaceFolders: [{ uri: root, name: 'bench' }], capabilities: {} });
  conn.sendNotification('initialized', {});
  conn.sendNotification('textDocument/didOpen', { textDocument: { uri: openUri, languageId: 'json', version: 1, text: readFileSync(openFile, 'utf8') } });
  const deadline = Date.now() + 60_000;
  while (published.size < files && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const indexMs = performance.now() - start;
  // Let the background pass settle before reading memory.
  while (Date.now() - last < 500 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const status = readFileSync(`/proc/${proc.pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  // Ended as an editor ends it, so that it exits on its own (and a code cache is written, as after an editor's session).
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  await conn.sendRequest('shutdown');
  conn.sendNotification('exit');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  conn.dispose();
  proc.kill();
  return { rssMb: rssKb / 1024, indexMs, openMs };
}

/** Medians of each figure over `runs` starts. */
export function medianStart(starts: ServerStart[]): ServerStart {
  return { rssMb: median(starts.map((s) => s.rssMb)), indexMs: median(starts.map((s) => s.indexMs)), openMs: median(starts.map((s) => s.openMs)) };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
  const runs = option('runs', 7);
  const zones = option('zones', 1000);
  const servers = args.filter((a) => !a.startsWith('--'));
  if (!servers.length) throw new Error('usage: serverStart.ts [--runs=N] [--zones=N] SERVER_JS [SERVER_JS ...]');
  const dir = mkdtempSync(path.join(tmpdir(), 'ceph-federation-start-'));
  try {
    const gen = generate(zones);
    writeFederation(dir, gen);
    const open = path.join(dir, gen.zoneFiles[gen.zoneFiles.length - 1]);
    const starts = new Map<string, ServerStart[]>(servers.map((s) => [s, []]));
    for (let i = 0; i < runs; i++) for (const s of servers) starts.get(s)!.push(await serverStart(path.resolve(s), dir, gen.files.size, open));
    const out = Object.fromEntries(
      [...starts].map(([s, list]) => {
        const m = medianStart(list);
        return [s, { openMs: Math.round(m.openMs), indexMs: Math.round(m.indexMs), rssMb: Math.round(m.rssMb) }];
      }),
    );
    process.stdout.write(JSON.stringify({ zones, runs, medians: out }) + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  });
}
