// Starts the bundled language server as a real process over stdio, on a copy of an example federation.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';
import { ROOT } from '../core/fixtures';

export interface PublishParams {
  uri: string;
  diagnostics: { code?: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } }; relatedInformation?: { location: { uri: string; range: unknown }; message: string }[] }[];
}

export class ServerUnderTest {
  readonly latest = new Map<string, PublishParams>();
  /** The server's log messages (window/logMessage), in order. */
  readonly logs: { type: number; message: string }[] = [];
  /** Every publication, in the order it arrived. */
  readonly published: PublishParams[] = [];
  /** What the server said it offers, in its answer to initialize. */
  capabilities: Record<string, unknown> = {};
  /** The validation passes the server has finished (its topologyChanged notifications). */
  passes = 0;
  /** The times it asked the client to fetch code lenses again (only a client declaring refreshSupport is asked). */
  lensRefreshes = 0;
  private readonly waiters: { pred: () => boolean; resolve: () => void }[] = [];
  private constructor(readonly dir: string, readonly process: ChildProcess, readonly conn: MessageConnection) {}

  /**
   * On a copy of `example` (a folder of examples/), or on the files `write` puts in an empty folder; `workspace` adds
   * to the workspace capabilities the client declares.
   */
  static async start(example: string | ((dir: string) => void) = 'seed', script = path.join(ROOT, 'dist', 'server.js'), workspace: object = {}, initializationOptions?: object): Promise<ServerUnderTest> {
    const dir = mkdtempSync(path.join(tmpdir(), 'cf-lsp-'));
    if (typeof example === 'string') cpSync(path.join(ROOT, 'examples', example), dir, { recursive: true });
    else example(dir);
    const child = spawn(process.execPath, [script, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const s = new ServerUnderTest(dir, child, conn);
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishParams) => {
      s.published.push(p);
      s.latest.set(p.uri, p);
      s.settle();
    });
    conn.onNotification('window/logMessage', (p: { type: number; message: string }) => s.logs.push(p));
    conn.onRequest('client/registerCapability', () => null);
    conn.onNotification('cephFederation/topologyChanged', () => {
      s.passes++;
      s.settle();
    });
    conn.onRequest('workspace/codeLens/refresh', () => {
      s.lensRefreshes++;
      return null;
    });
    conn.listen();
    const init = (await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: URI.file(dir).toString(),
      workspaceFolders: [{ uri: URI.file(dir).toString(), name: typeof example === 'string' ? example : 'federation' }],
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, ...workspace } },
      initializationOptions,
    })) as { capabilities: Record<string, unknown> };
    s.capabilities = init.capabilities;
    conn.sendNotification('initialized', {});
    return s;
  }

  uri(name: string): string {
    return URI.file(path.join(this.dir, name)).toString();
  }

  codes(name: string): (string | undefined)[] | undefined {
    return this.latest.get(this.uri(name))?.diagnostics.map((d) => d.code);
  }

  private settle(): void {
    for (const w of [...this.waiters]) {
      if (w.pred()) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }

  /** Resolves once the published diagnostics satisfy `pred` (event-driven; the timeout only bounds a failure). */
  until(pred: () => boolean, what: string, ms = 15000): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; have ${JSON.stringify([...this.latest.values()].map((p) => [path.basename(p.uri), p.diagnostics.map((d) => d.code)]))}`)), ms);
      this.waiters.push({ pred, resolve: () => { clearTimeout(timer); resolve(); } });
    });
  }

  /**
   * The LSP shutdown/exit handshake: messages a test sent last (a didClose, say) are written before the stream
   * closes, instead of failing after the test ended. A server that no longer answers is killed.
   */
  async stop(): Promise<void> {
    try {
      if (this.process.exitCode === null) {
        await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5000))]);
        await this.conn.sendNotification('exit');
      }
    } catch {
      // already gone: nothing left to flush
    } finally {
      this.conn.dispose();
      this.process.kill();
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
