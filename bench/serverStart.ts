// The language server's start-up on a folder: its bundle started over stdio, one zone infile opened at once with a
// problem of its own (a misspelled key) and a cross-file one (a pool of another zone's prefix); when that document's
// own problems are published, when all of its problems are, when the last closed file's diagnostics arrive, and the
// server's RSS once every file is published.
// npm run bench uses it; run alone it compares server bundles, alternating starts so that load falls on each alike:
//   node --import tsx bench/serverStart.ts [--runs=N] [--zones=N] SERVER_JS [SERVER_JS ...]   (defaults: 7 runs, 1,000 zones)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';
import { generate, withOwnAndCrossProblems, writeFederation } from './generate';
import { median } from './stats';

export interface ServerStart {
  rssMb: number;
  /** Until every file's diagnostics were published. */
  indexMs: number;
  /** Until the open document's were, all of them. */
  openMs: number;
  /** Until the open document's own problems (syntax, schema) were, which need no other file. */
  openOwnMs: number;
}

export async function serverStart(serverJs: string, dir: string, files: number, openFile: string, env: NodeJS.ProcessEnv = {}): Promise<ServerStart> {
  const proc = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const published = new Set<string>();
  let last = Date.now();
  const openUri = URI.file(openFile).toString();
  let openMs = NaN;
  let openOwnMs = NaN;
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: { code?: string }[] }) => {
    if (p.uri === openUri) {
      const codes = p.diagnostics.map((d) => d.code);
      if (Number.isNaN(openOwnMs) && codes.includes('schema')) openOwnMs = performance.now() - start;
      if (Number.isNaN(openMs) && codes.includes('schema') && codes.includes('pool-prefix')) openMs = performance.now() - start;
    }
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
  const text = withOwnAndCrossProblems(readFileSync(openFile, 'utf8'));
  conn.sendNotification('textDocument/didOpen', { textDocument: { uri: openUri, languageId: 'json', version: 1, text } });
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
  return { rssMb: rssKb / 1024, indexMs, openMs, openOwnMs };
}

/** Medians of each figure over `runs` starts. */
export function medianStart(starts: ServerStart[]): ServerStart {
  const of = (f: (s: ServerStart) => number) => median(starts.map(f));
  return { rssMb: of((s) => s.rssMb), indexMs: of((s) => s.indexMs), openMs: of((s) => s.openMs), openOwnMs: of((s) => s.openOwnMs) };
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
        return [s, { openOwnMs: Math.round(m.openOwnMs), openMs: Math.round(m.openMs), indexMs: Math.round(m.indexMs), rssMb: Math.round(m.rssMb) }];
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
