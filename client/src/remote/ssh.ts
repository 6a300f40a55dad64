// One ssh connection per host, reused for every command the host runs. ssh2 is loaded on the first connection,
// never at extension activation.
import { promises as fs } from 'node:fs';
import type { AgentAuthMethod, Client, ConnectConfig, PublicKeyAuthMethod } from 'ssh2';
import { appendKnownHost, fingerprint, keyTypeOf, knownHostsName, knownKeyTypes, readKnownHosts, verifyHostKey } from './knownHosts';
import type { ResolvedHost } from './sshConfig';
import { shJoin } from './quote';

export interface HostKeyQuestion {
  /** The federation's name for the host, and where it resolved to. */
  alias: string;
  hostName: string;
  port: number;
  keyType: string;
  /** SHA256:... as ssh-keygen -l prints it. */
  fingerprint: string;
}

/** Asked for a host that known_hosts does not know: true accepts (and records) the key. Never asked for a changed key. */
export type UnknownHostKeyHandler = (q: HostKeyQuestion) => boolean | Promise<boolean>;

export interface ConnectOptions {
  onUnknownHostKey?: UnknownHostKeyHandler;
  /** Append accepted keys to the host's first known_hosts file (default true), as ssh's accept-new does. */
  saveAcceptedHostKeys?: boolean;
  /** ssh-agent socket; default SSH_AUTH_SOCK. */
  agent?: string;
  /** Longest wait for the server to let us in, not counting a person confirming an unknown host key; default: the
   * host's ssh_config ConnectTimeout, else DEFAULT_CONNECT_TIMEOUT_MS. */
  connectTimeoutMs?: number;
  signal?: AbortSignal;
}

export interface ExecResult {
  code: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
}

export class HostKeyError extends Error {
  constructor(
    message: string,
    readonly reason: 'changed' | 'revoked' | 'unknown-refused',
  ) {
    super(message);
  }
}

/** A remote command ran longer than its timeout: it was signalled and its channel closed. */
export class CommandTimeoutError extends Error {}

/** The connection went away while a command ran (sshd killed, network gone): its outcome is unknown. */
export class ConnectionLostError extends Error {}

/** Generous: a period commit on a busy realm takes minutes; a hung radosgw-admin must still end. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;

/** A remote call's bounds: a cancel, and a time limit (DEFAULT_COMMAND_TIMEOUT_MS when absent). */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export class SshHost {
  private constructor(
    readonly host: ResolvedHost,
    private readonly client: Client,
  ) {}

  private closed = false;

  get destination(): string {
    return `${this.host.user}@${this.host.hostName}${this.host.port === 22 ? '' : `:${this.host.port}`}`;
  }

  /** How messages name the host: its alias, then where it leads. */
  private get label(): string {
    return `${this.host.alias} (${this.destination})`;
  }

  static async connect(host: ResolvedHost, options: ConnectOptions = {}): Promise<SshHost> {
    const loaded = await import('ssh2');
    // ssh2 is CommonJS: Node's ESM loader exposes only what it can detect statically, the rest sits on default.
    const { Client, utils } = (loaded.default ?? loaded) as typeof import('ssh2');
    const entries = await readKnownHosts(host.knownHostsFiles);
    // ssh looks a host up by HostKeyAlias, else by the name it connects to, as [name]:port off port 22.
    const names = [knownHostsName(host.hostKeyAlias ?? host.hostName, host.port)];
    const types = knownKeyTypes(entries, names);
    let verdict: { error?: HostKeyError; accepted?: Buffer } = {};
    const auth: (PublicKeyAuthMethod | AgentAuthMethod)[] = [];
    for (const file of host.identityFiles) {
      let data: Buffer;
      try {
        data = await fs.readFile(file);
      } catch {
        continue;
      }
      const parsed = utils.parseKey(data);
      // Encrypted keys need a passphrase this engine does not ask for: ssh-agent covers them.
      if (parsed instanceof Error) continue;
      auth.push({ type: 'publickey', username: host.user, key: data });
    }
    const agent = options.agent ?? process.env.SSH_AUTH_SOCK;
    if (agent) auth.push({ type: 'agent', username: host.user, agent });
    if (!auth.length) throw new Error(`no usable ssh key for ${host.alias}: none of ${host.identityFiles.join(', ')} is readable and unencrypted, and no ssh-agent (SSH_AUTH_SOCK)`);

    const config: ConnectConfig = {
      host: host.hostName,
      port: host.port,
      username: host.user,
      // Our own timer instead (below): ssh2's would also run while a person reads the host key's fingerprint.
      readyTimeout: 0,
      keepaliveInterval: 15_000,
      authHandler: auth,
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
        const v = verifyHostKey(entries, names, key);
        const q: HostKeyQuestion = { alias: host.alias, hostName: host.hostName, port: host.port, keyType: keyTypeOf(key), fingerprint: fingerprint(key) };
        if (v.status === 'known') return verify(true);
        if (v.status === 'changed') {
          verdict.error = new HostKeyError(
            `host key of ${host.alias} (${names[0]}) has CHANGED: the server presented ${q.keyType} ${q.fingerprint}, which matches none of the keys in ${[...new Set(v.known.map((e) => `${e.file}:${e.line}`))].join(', ')}. Someone may be intercepting the connection; refusing. If the host was legitimately re-keyed, remove the old entry (ssh-keygen -R '${names[0]}').`,
            'changed',
          );
          return verify(false);
        }
        if (v.status === 'revoked') {
          verdict.error = new HostKeyError(`host key of ${host.alias} (${q.fingerprint}) is marked @revoked in ${v.entry.file}:${v.entry.line}; refusing`, 'revoked');
          return verify(false);
        }
        const refuse = () => {
          verdict.error = new HostKeyError(
            `host ${host.alias} (${names[0]}) is not in known_hosts (${host.knownHostsFiles.join(', ')}); its ${q.keyType} key is ${q.fingerprint}. Verify it and add it (ssh-keyscan, or accept it when asked).`,
            'unknown-refused',
          );
          verify(false);
        };
        if (!options.onUnknownHostKey) return refuse();
        handshake.pause();
        Promise.resolve(options.onUnknownHostKey(q)).then(
          (ok) => {
            handshake.resume();
            if (!ok) return refuse();
            verdict.accepted = key;
            verify(true);
          },
          () => {
            handshake.resume();
            refuse();
          },
        );
      },
    };
    // The server must present a key type known_hosts holds, so a mismatch really is a changed key.
    if (types.length) config.algorithms = { serverHostKey: types as NonNullable<ConnectConfig['algorithms']>['serverHostKey'] };

    const client = new Client();
    const where = `${host.alias} (${host.user}@${host.hostName}:${host.port})`;
    // The connect timeout counts the network and the server, not the person asked about an unknown host key: it is
    // paused while they decide, and starts again in full once they have.
    const limitMs = options.connectTimeoutMs ?? (host.connectTimeoutS ? host.connectTimeoutS * 1000 : DEFAULT_CONNECT_TIMEOUT_MS);
    let asking = false;
    // sshd drops a connection that has not logged in after its LoginGraceTime (120 s by default)
    const whileAsking = () => (asking ? ' while the host key was being confirmed (the server gives up after its LoginGraceTime): try again' : '');
    const handshake = {
      timer: undefined as NodeJS.Timeout | undefined,
      onTimeout: () => {},
      start() {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.onTimeout(), limitMs);
      },
      pause() {
        asking = true;
        clearTimeout(this.timer);
      },
      resume() {
        asking = false;
        this.start();
      },
      stop() {
        clearTimeout(this.timer);
      },
    };
    await new Promise<void>((resolve, reject) => {
      handshake.onTimeout = () => {
        // Not end(): a server that reads nothing never answers the FIN, and the half-closed socket would stay open.
        client.destroy();
        reject(new Error(`ssh to ${where} failed: no answer within ${Number((limitMs / 1000).toFixed(1))} s`));
      };
      handshake.start();
      const onAbort = () => {
        handshake.stop();
        client.destroy();
        reject(new Error(`cancelled while connecting to ${host.alias}`));
      };
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      client
        .once('ready', () => {
          handshake.stop();
          options.signal?.removeEventListener('abort', onAbort);
          // Each command is a few small packets each way; with Nagle's algorithm on, every one of them waited for
          // the server's delayed ACK (about 40 ms a command).
          client.setNoDelay(true);
          resolve();
        })
        .once('error', (e: Error & { level?: string }) => {
          handshake.stop();
          options.signal?.removeEventListener('abort', onAbort);
          if (verdict.error) return reject(verdict.error);
          const what = e.level === 'client-authentication' ? 'authentication failed' : e.message;
          reject(new Error(`ssh to ${where} failed: ${what}${whileAsking()}`));
        })
        .once('close', () => {
          // After 'ready' or 'error' this settles nothing; before them, a server that hung up would leave us waiting.
          handshake.stop();
          reject(new Error(`ssh to ${where} failed: the server closed the connection before login${whileAsking()}`));
        })
        .connect(config);
    });
    if (verdict.accepted && options.saveAcceptedHostKeys !== false && host.knownHostsFiles[0]) {
      await appendKnownHost(host.knownHostsFiles[0], names[0], verdict.accepted);
    }
    client.on('error', () => {
      // Errors after ready surface through the command that was running.
    });
    const h = new SshHost(host, client);
    client.once('close', () => (h.closed = true));
    return h;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Runs argv through the remote shell, every argument quoted. */
  exec(argv: readonly string[], opts: CallOptions = {}): Promise<ExecResult> {
    return this.execLine(shJoin(argv), opts);
  }

  private execLine(line: string, opts: CallOptions): Promise<ExecResult> {
    const what = { timedOut: 'timed out', cancelled: 'cancelled while the command was running', lost: 'while the command ran' };
    return this.bounded<ExecResult>(opts, what, (call) =>
      this.client.exec(line, (err, stream) => {
        if (err) return call.reject(this.closed ? new ConnectionLostError(`connection to ${this.label} lost: ${err.message}`) : err);
        // Without a pty, closing the channel does not end the remote command: ask sshd to signal it first.
        const running = call.started(() => {
          try {
            stream.signal('TERM');
          } catch {
            // The channel is already gone.
          }
          stream.close();
        });
        if (!running) return;
        const out: Buffer[] = [];
        const errOut: Buffer[] = [];
        stream.on('data', (d: Buffer) => out.push(d));
        stream.stderr.on('data', (d: Buffer) => errOut.push(d));
        stream.on('close', (code: number | null | undefined, signal?: string) =>
          // No exit status and no signal: the session ended under the command (its sshd died), not the command.
          code == null && !signal
            ? call.reject(new ConnectionLostError(`connection to ${this.label} lost while the command ran (no exit status)`))
            : call.resolve({ code: code ?? null, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(errOut).toString('utf8') }),
        );
      }),
    );
  }

  /**
   * One remote call (a command, an upload) brought to a single outcome: its own, or the first of its timeout, a
   * cancel and the loss of the connection. The timer runs from the request, so a channel the server never opens
   * fails like a command that never ends. What the call started is stopped when something else settles it first.
   */
  private bounded<T>(
    opts: CallOptions,
    what: { timedOut: string; cancelled: string; lost: string },
    run: (call: { resolve(v: T): void; reject(e: Error): void; started(stop: () => void): boolean }) => void,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (opts.signal?.aborted) return reject(new Error('cancelled'));
      if (this.closed) return reject(new ConnectionLostError(`connection to ${this.label} lost`));
      let settled = false;
      let stop: (() => void) | undefined;
      const finish = (f: () => void, stopping: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        this.client.off('close', onLost);
        if (stopping) stop?.();
        f();
      };
      const onAbort = () => finish(() => reject(new Error(what.cancelled)), true);
      const onLost = () => finish(() => reject(new ConnectionLostError(`connection to ${this.label} lost ${what.lost}`)), false);
      const ms = opts.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
      const timer = setTimeout(() => finish(() => reject(new CommandTimeoutError(`${what.timedOut} after ${Number((ms / 1000).toFixed(1))} s on ${this.host.alias}`)), true), ms);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.client.once('close', onLost);
      run({
        resolve: (v) => finish(() => resolve(v), false),
        reject: (e) => finish(() => reject(e), false),
        // A channel that opens after the call was settled is stopped at once, and the call goes no further.
        started: (s) => {
          if (settled) s();
          else stop = s;
          return !settled;
        },
      });
    });
  }

  /** A fresh private (0700) directory on the host, from mktemp -d. */
  async mktempDir(signal?: AbortSignal): Promise<string> {
    const r = await this.exec(['mktemp', '-d', '-t', 'ceph-federation.XXXXXXXX'], { signal, timeoutMs: 30_000 });
    const dir = r.stdout.trim();
    if (r.code !== 0 || !/^\/[A-Za-z0-9_./-]+$/.test(dir)) throw new Error(`mktemp -d failed on ${this.host.alias}: ${r.stderr.trim() || `exit ${r.code}`}`);
    return dir;
  }

  async removeDir(dir: string): Promise<void> {
    // Only ever a directory this engine made with mktemp.
    if (!/^\/[A-Za-z0-9_./-]*ceph-federation\.[A-Za-z0-9]+$/.test(dir)) throw new Error(`refusing to remove ${dir}`);
    const r = await this.exec(['rm', '-rf', '--', dir], { timeoutMs: 30_000 });
    if (r.code !== 0) throw new Error(`rm -rf ${dir} failed on ${this.host.alias}: ${r.stderr.trim()}`);
  }

  /**
   * Writes a file over SFTP, mode 0600. Bounded like a command: an sftp subsystem that never answers (or a write
   * that never ends) fails the upload after the timeout, or at a cancel, instead of holding the apply forever.
   */
  writeFile(remotePath: string, data: string, opts: CallOptions = {}): Promise<void> {
    const what = { timedOut: 'upload timed out', cancelled: 'cancelled during the upload', lost: 'during the upload' };
    return this.bounded<void>(opts, what, (call) =>
      this.client.sftp((err, sftp) => {
        if (err) return call.reject(err);
        if (!call.started(() => sftp.end())) return;
        sftp.writeFile(remotePath, data, { mode: 0o600 }, (e) => {
          sftp.end();
          if (e) call.reject(new Error(`sftp upload of ${remotePath} to ${this.host.alias} failed: ${e.message}`));
          else call.resolve();
        });
      }),
    );
  }

  close(): void {
    this.closed = true;
    this.client.end();
  }
}
