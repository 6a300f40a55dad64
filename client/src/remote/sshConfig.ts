// Where a gateway host really is: the ceph.conf `host` is an ssh destination, resolved like `ssh <host>` does
// through ~/.ssh/config (HostName, User, Port, IdentityFile, UserKnownHostsFile), then per-host overrides.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface HostOverride {
  hostName?: string;
  port?: number;
  user?: string;
  identityFiles?: string[];
  knownHostsFiles?: string[];
}

export interface ResolvedHost {
  /** The name as the federation writes it (ceph.conf `host`). */
  alias: string;
  hostName: string;
  port: number;
  user: string;
  identityFiles: string[];
  knownHostsFiles: string[];
  /** OpenSSH HostKeyAlias: the name to look up in known_hosts instead of the host name. */
  hostKeyAlias?: string;
  /** OpenSSH ConnectTimeout, in seconds: used when the session sets no connect timeout of its own. */
  connectTimeoutS?: number;
}

export interface ResolveOptions {
  /** An ssh config file; undefined means ~/.ssh/config, null means none. */
  sshConfigPath?: string | null;
  overrides?: Record<string, HostOverride>;
}

const home = () => os.homedir();

function expand(p: string, tokens: Record<string, string>): string {
  let out = p.replace(/%([%dhpru])/g, (_m, t: string) => (t === '%' ? '%' : tokens[t] ?? ''));
  if (out === '~' || out.startsWith('~/')) out = path.join(home(), out.slice(1));
  return out;
}

function list(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(/\s+/)).filter(Boolean);
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

// ssh-config is an ES module: loaded on first use, like ssh2, so nothing of it costs at extension activation.
type SshConfig = ReturnType<typeof import('ssh-config', { with: { 'resolution-mode': 'import' } })['parse']>;
let cache: { file: string; mtimeMs: number; config: SshConfig } | undefined;

async function loadConfig(file: string): Promise<SshConfig | undefined> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    return undefined;
  }
  if (cache && cache.file === file && cache.mtimeMs === stat.mtimeMs) return cache.config;
  const { parse } = await import('ssh-config');
  const config = parse(await fs.readFile(file, 'utf8'));
  cache = { file, mtimeMs: stat.mtimeMs, config };
  return config;
}

export async function resolveHost(alias: string, options: ResolveOptions = {}): Promise<ResolvedHost> {
  const file = options.sshConfigPath === undefined ? path.join(home(), '.ssh', 'config') : options.sshConfigPath;
  const config = file ? await loadConfig(file) : undefined;
  // `Match exec` would run a command from the config file: not while planning a change.
  const c: Record<string, string | string[]> = config ? config.compute(alias, { ignoreCase: true, matchExec: false }) : {};
  const get = (k: string) => c[k.toLowerCase()];
  const o = options.overrides?.[alias] ?? {};
  const hostName = o.hostName ?? first(get('HostName'))?.replace(/%h/g, alias) ?? alias;
  const port = o.port ?? Number(first(get('Port')) ?? 22);
  const user = o.user ?? first(get('User')) ?? os.userInfo().username;
  const tokens = { d: home(), h: hostName, p: String(port), r: user, u: os.userInfo().username };
  const identityFiles = o.identityFiles ?? list(get('IdentityFile')).map((f) => expand(f, tokens));
  const knownHostsFiles =
    o.knownHostsFiles ?? (list(get('UserKnownHostsFile')).map((f) => expand(f, tokens)).filter((f) => f !== '/dev/null'));
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`ssh port of ${alias} is not a port number: ${String(port)}`);
  const connectTimeout = first(get('ConnectTimeout'));
  const connectTimeoutS = connectTimeout === undefined ? undefined : Number(connectTimeout);
  if (connectTimeoutS !== undefined && !(Number.isInteger(connectTimeoutS) && connectTimeoutS > 0)) throw new Error(`ConnectTimeout of ${alias} is not a number of seconds: ${connectTimeout}`);
  return {
    alias,
    hostName,
    port,
    user,
    identityFiles: identityFiles.length ? identityFiles : ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((n) => path.join(home(), '.ssh', n)),
    knownHostsFiles: knownHostsFiles.length ? knownHostsFiles : [path.join(home(), '.ssh', 'known_hosts'), path.join(home(), '.ssh', 'known_hosts2')],
    hostKeyAlias: first(get('HostKeyAlias')),
    ...(connectTimeoutS ? { connectTimeoutS } : {}),
  };
}
