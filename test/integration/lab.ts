// The real Ceph lab (test/lab/lab-up.sh) as the integration tests see it: its description (lab.json),
// `labOrSkip()`, and the two clients the tests need to talk to it for real: ssh2 with host-key checking
// against an OpenSSH known_hosts file, and S3 requests signed with AWS Signature V4.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { holderAlive, holderPid, holderRecord, processStart } from '../../client/src/remote/holder';
import { isGone, parseLockInfo, type Locker } from '../../client/src/remote/clusterLock';
import { knownHostsName, knownKeyTypes, parseKnownHosts, verifyHostKey, type KnownHostEntry } from '../../client/src/remote/knownHosts';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestContext } from 'node:test';
import { Client, type ConnectConfig } from 'ssh2';

export interface LabZone {
  name: string;
  master: boolean;
  /** http://127.0.0.1:port of the zone's radosgw */
  endpoint: string;
  port: number;
  /** ceph.conf section / daemon name, e.g. client.rgw.a */
  gateway: string;
}
export interface LabUser {
  uid: string;
  accessKey: string;
  secretKey: string;
}
export interface Lab {
  version: 1;
  labDir: string;
  cephConf: string;
  keyring: string;
  fsid: string;
  realm: string;
  zonegroup: string;
  zones: LabZone[];
  /** region name for SigV4: radosgw accepts its zonegroup's api_name */
  s3Region: string;
  systemUser: LabUser;
  testUser: LabUser;
  ssh: {
    host: string;
    port: number;
    username: string;
    privateKeyPath: string;
    knownHostsPath: string;
    /** "ssh-ed25519 AAAA..." as in known_hosts */
    hostKey: string;
  };
  mon: { host: string; v2Port: number; v1Port: number };
  /** daemon name -> pid file; the lab owns exactly these processes */
  pidFiles: Record<string, string>;
  logDir: string;
  startedAt: string;
}

const LAB_SCRIPTS = resolve(__dirname, '..', 'lab');

export function labDir(): string {
  return resolve(process.env.CEPH_FEDERATION_LAB || join(process.env.TMPDIR || tmpdir(), 'ceph-federation-lab'));
}

export function readLab(dir = labDir()): Lab | undefined {
  const file = join(dir, 'lab.json');
  if (!existsSync(file)) return undefined;
  const lab = JSON.parse(readFileSync(file, 'utf8')) as Lab;
  if (lab.version !== 1 || !Array.isArray(lab.zones) || !lab.ssh || !lab.pidFiles) {
    throw new Error(`${file} is not a lab description this test-suite understands (version ${String(lab.version)})`);
  }
  return lab;
}

export function masterZone(lab: Lab): LabZone {
  const z = lab.zones.find((zone) => zone.master);
  if (!z) throw new Error('lab.json names no master zone');
  return z;
}
export function secondaryZone(lab: Lab): LabZone {
  const z = lab.zones.find((zone) => !zone.master);
  if (!z) throw new Error('lab.json names no secondary zone');
  return z;
}

/** Every daemon of the lab is alive and is the lab's own process (a recycled pid is not). */
export function labProcessesAlive(lab: Lab): boolean {
  return Object.values(lab.pidFiles).every((pidFile) => {
    try {
      const pid = readFileSync(pidFile, 'utf8').trim();
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return false;
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').includes(`${lab.labDir}/`);
    } catch {
      return false;
    }
  });
}

/**
 * Gateways stuck in a realm reload: the last "rgw realm reloader" line of the gateway's log since it started is
 * not "Resuming ..." and is older than `stuckMs` (a healthy reload takes seconds). radosgw 16.2 can stay so for
 * good when a second reload starts while the first is still restarting sync; see client/src/remote/commitSpacing.ts.
 */
export function stuckGateways(lab: Lab, stuckMs = 60_000): { zone: LabZone; since: string; line: string }[] {
  const stuck: { zone: LabZone; since: string; line: string }[] = [];
  for (const zone of lab.zones) {
    const log = join(lab.logDir, `${zone.gateway}.log`);
    let tail: string;
    try {
      const size = statSync(log).size;
      const fd = openSync(log, 'r');
      const buf = Buffer.alloc(Math.min(size, 1 << 20));
      readSync(fd, buf, 0, buf.length, size - buf.length);
      closeSync(fd);
      tail = buf.toString('utf8');
    } catch {
      continue;
    }
    // The last reload line, or the line a (re)started gateway begins with, which ends any reload before it.
    const last = [...tail.matchAll(/^(\S+) \S+ +-?\d+ (?:rgw realm reloader: (.*)|ceph version .* process radosgw, pid \d+)$/gm)].pop();
    if (!last || last[2] === undefined || last[2].startsWith('Resuming')) continue;
    const since = Date.parse(last[1]);
    if (Date.now() - since > stuckMs) stuck.push({ zone, since: last[1], line: last[2] });
  }
  return stuck;
}

/**
 * For a wait on the lab after period commits: a check to call in its loop. At most every 5 s (a hang is declared only
 * after 60 s, and the logs can be large) it restarts the gateways stuck in a realm reload (stuckGateways), the
 * radosgw 16.2 hang that commitSpacing.ts makes rare but not impossible, and tells `report` which. A gateway that
 * hangs again within the same wait is no longer that bug alone: the check throws, naming it.
 */
export function hungGatewayWatch(lab: Lab, report: (what: string) => void): () => Promise<void> {
  let lookedAt = 0;
  let restarts = 0;
  return async () => {
    if (Date.now() - lookedAt < 5000) return;
    lookedAt = Date.now();
    const stuck = stuckGateways(lab);
    if (!stuck.length) return;
    for (const g of stuck) await restartGateway(lab, g.zone);
    const what = stuck.map((g) => `${g.zone.gateway} (zone ${g.zone.name}) hung in a realm reload: its log ends in "${g.line}" at ${g.since}`).join('; ');
    if (++restarts > 1) throw new Error(`${what}, again within the same wait. Restarted for the next user of the lab.`);
    report(what);
  };
}

/** Kills a lab gateway and starts it again with the lab's ceph.conf; resolves once it answers HTTP. */
export async function restartGateway(lab: Lab, zone: LabZone): Promise<void> {
  const only = { ...lab, pidFiles: { [zone.gateway]: lab.pidFiles[zone.gateway] } };
  if (labProcessesAlive(only)) process.kill(Number(readFileSync(lab.pidFiles[zone.gateway], 'utf8').trim()), 'SIGKILL');
  for (let i = 0; i < 100 && labProcessesAlive(only); i++) await new Promise((r) => setTimeout(r, 100));
  // radosgw daemonizes and writes its pid file; the lab lock's descriptor is not passed on (see lab-up.sh).
  const r = spawnSync('radosgw', ['-c', lab.cephConf, '-n', zone.gateway], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`radosgw -n ${zone.gateway} did not start: ${r.stderr || r.error}`);
  const t0 = Date.now();
  for (;;) {
    const res = await fetch(`${zone.endpoint}/`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
    if (res) return;
    if (Date.now() - t0 > 90_000) throw new Error(`${zone.gateway} restarted but does not answer on ${zone.endpoint}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

type LabState = { lab: Lab } | { skip: string };
let state: Promise<LabState> | undefined;
let announced = false;

// lab-up.sh exit codes that mean "this machine cannot host the lab" rather than "the lab is broken"
const CANNOT_INSTALL = 3;
const NOT_ROOT = 4;

// node --test runs test files in parallel processes, and they share one lab whose realm some of them change
// (period commits restart sync on the secondary). So a test file holds the lab exclusively, from its first
// labOrSkip/labIfAvailable to releaseLab or its exit: $LAB/test-lease names the holder's pid.
// Waiting files register in $LAB/users first: a lab that the tests started themselves ($LAB/autostarted,
// written by lab-up.sh) is stopped by the last registered user only. A lab started by hand (npm run lab:up,
// CI) is never stopped by the tests.
const LEASE_WAIT_MS = 20 * 60_000;
const usersDir = (dir: string) => join(dir, 'users');
const leaseFile = (dir: string) => join(dir, 'test-lease');
// The lab's locks and registrations name their holders as the product's apply locks do.
export { holderAlive, holderPid, holderRecord };

/**
 * Whether the process registered in $LAB/users as `pid` still runs. The file holds its start time, so a registration
 * left behind by a killed run is not taken for the unrelated process that got the same pid later.
 */
export function labUserAlive(dir: string, pid: string): boolean {
  const recorded = (() => {
    try {
      return readFileSync(join(usersDir(dir), pid), 'utf8').trim();
    } catch {
      return '';
    }
  })();
  return holderAlive(`${pid} ${recorded}`);
}

function register(dir: string): void {
  mkdirSync(usersDir(dir), { recursive: true });
  writeFileSync(join(usersDir(dir), String(process.pid)), processStart(process.pid) ?? '');
}

function tryLease(dir: string): string | undefined {
  const file = leaseFile(dir);
  try {
    const fd = openSync(file, 'wx');
    writeSync(fd, holderRecord());
    closeSync(fd);
    return undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  let holder = '';
  try {
    holder = readFileSync(file, 'utf8').trim();
  } catch {
    return 'unknown'; // released meanwhile: try again
  }
  if (holderPid(holder) === String(process.pid)) return undefined;
  // a dead holder, or a file that never got its pid (writer killed between open and write), is stale
  const stale = holder ? !holderAlive(holder) : Date.now() - statSync(file, { throwIfNoEntry: false })!.mtimeMs > 5_000;
  if (stale) {
    rmSync(file, { force: true });
    return 'stale';
  }
  return holderPid(holder);
}

async function acquireLease(dir: string): Promise<void> {
  const deadline = Date.now() + LEASE_WAIT_MS;
  let told = '';
  for (;;) {
    const holder = tryLease(dir);
    if (holder === undefined) break;
    if (holder !== 'unknown' && holder !== 'stale' && holder !== told) {
      told = holder;
      console.error(`[lab] waiting for test process ${holder} to finish with the lab`);
    }
    if (Date.now() > deadline) throw new Error(`test process ${holder} held the lab for more than ${LEASE_WAIT_MS / 60_000} min`);
    await new Promise((r) => setTimeout(r, 200));
  }
  process.once('exit', () => dropLease(dir));
}

function dropLease(dir: string): void {
  try {
    if (holderPid(readFileSync(leaseFile(dir), 'utf8')) === String(process.pid)) rmSync(leaseFile(dir), { force: true });
  } catch {
    // already gone
  }
}

async function runLabUp(): Promise<number> {
  return new Promise<number>((done, fail) => {
    const child = spawn('bash', [join(LAB_SCRIPTS, 'lab-up.sh')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CEPH_FEDERATION_LAB_AUTOSTART: '1' },
    });
    // test files talk to the runner on stdout: the script's output goes to stderr
    child.stdout.pipe(process.stderr);
    child.stderr.pipe(process.stderr);
    const timer = setTimeout(() => child.kill('SIGTERM'), 15 * 60_000);
    child.on('error', fail);
    child.on('close', (c, signal) => {
      clearTimeout(timer);
      done(c ?? (signal ? 128 : 1));
    });
  });
}

async function bringUp(): Promise<LabState> {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    return { skip: 'not running as root: the lab needs root (apt-get, sshd, ssh login as root)' };
  }
  const dir = labDir();
  mkdirSync(dir, { recursive: true });
  register(dir);
  // while it waits for the lease this process is not using the lab yet: $LAB/users-waiting says so to
  // helpers that wait for the other users of the lab to finish (test/fixtures/lab-federation/exclusive.ts)
  const waiting = join(dir, 'users-waiting', String(process.pid));
  mkdirSync(join(dir, 'users-waiting'), { recursive: true });
  closeSync(openSync(waiting, 'w'));
  try {
    await acquireLease(dir);
  } finally {
    rmSync(waiting, { force: true });
  }
  const existing = readLab(dir);
  if (existing && labProcessesAlive(existing)) return { lab: existing };
  const started = Date.now();
  console.error(`[lab] no running lab in ${dir}: starting one with test/lab/lab-up.sh (it stops again after this test file; npm run lab:up keeps one lab for all of them)`);
  const code = await runLabUp();
  if (code === CANNOT_INSTALL) return { skip: 'the lab cannot be installed here (apt-get failed, see lab-up output above)' };
  if (code === NOT_ROOT) return { skip: 'lab-up.sh refused: not root' };
  if (code !== 0) throw new Error(`test/lab/lab-up.sh failed with exit code ${code}; see its output above and ${dir}/log`);
  const lab = readLab(dir);
  if (!lab) throw new Error(`lab-up.sh succeeded but wrote no ${dir}/lab.json`);
  console.error(`[lab] ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { lab };
}

/**
 * The running lab, brought up if needed; undefined (after a loud message) only when this machine cannot host
 * it (not root, or the Debian packages cannot be installed). A lab that fails to start throws.
 */
export async function labIfAvailable(): Promise<Lab | undefined> {
  state ??= bringUp();
  const s = await state;
  if ('lab' in s) return s.lab;
  if (!announced) {
    announced = true;
    const bar = '!'.repeat(100);
    console.error(`\n${bar}\n!! SKIPPING the real-Ceph integration tests: ${s.skip}\n!! Nothing was tested against Ceph.\n${bar}\n`);
  }
  return undefined;
}

/** The running lab for a test, or undefined after skipping the test (see labIfAvailable). */
export async function labOrSkip(t: TestContext): Promise<Lab | undefined> {
  const lab = await labIfAvailable();
  if (!lab) {
    const s = await state!;
    t.skip('skip' in s ? s.skip : 'no lab');
  }
  return lab;
}

/** This process's open sockets that are connected somewhere (Node lists them only through _getActiveHandles). */
function connectedSockets(): { remoteAddress: string; remotePort: number }[] {
  return (process as unknown as { _getActiveHandles(): unknown[] })
    ._getActiveHandles()
    .filter((h): h is { remoteAddress: string; remotePort: number } => typeof (h as { remotePort?: unknown }).remotePort === 'number' && !(h as { destroyed?: boolean }).destroyed);
}

/** How many sockets of this process are connected to the lab's sshd (ssh2 connections, the tests' and the engine's). */
export function sshSocketsToLab(lab: Lab): number {
  return connectedSockets().filter((h) => h.remotePort === lab.ssh.port).length;
}

const EXIT_GRACE_MS = 60_000;
let watchdogArmed = false;

/**
 * node --test waits for each test file's process to exit, so a file that stays alive after its last test (an ssh
 * connection nobody closed, say) would hold the whole run until CI gives up. Once the file hands the lab back, a
 * timer that does not itself keep the process alive waits a minute; if the process still runs then, it names what
 * keeps it alive and fails the file.
 */
function armExitWatchdog(): void {
  if (watchdogArmed) return;
  watchdogArmed = true;
  setTimeout(() => {
    const sockets = connectedSockets().map((h) => `${h.remoteAddress}:${h.remotePort}`);
    console.error(
      `[lab] test process ${process.pid} is still alive ${EXIT_GRACE_MS / 1000} s after handing the lab back, held by: ` +
        `${process.getActiveResourcesInfo().join(', ')}${sockets.length ? `; sockets to ${sockets.join(', ')}` : ''}. Failing it rather than waiting.`,
    );
    process.exit(1);
  }, EXIT_GRACE_MS).unref();
}

/**
 * Call once when a test file is done with the lab (an `after` hook): hands the lab to the next test file, and
 * stops it only when the tests started it themselves and no other test process is registered for it.
 */
export async function releaseLab(): Promise<void> {
  armExitWatchdog();
  if (!state) return;
  const s = await state.catch(() => undefined);
  const lab = s && 'lab' in s ? s.lab : undefined;
  const dir = lab?.labDir ?? labDir();
  rmSync(join(usersDir(dir), String(process.pid)), { force: true });
  try {
    if (!lab || !existsSync(join(dir, 'autostarted'))) return;
    const others = (existsSync(usersDir(dir)) ? readdirSync(usersDir(dir)) : []).filter((p) => labUserAlive(dir, p));
    if (others.length) {
      console.error(`[lab] left running for test processes ${others.join(', ')}`);
      return;
    }
    const r = spawnSync('bash', [join(LAB_SCRIPTS, 'lab-down.sh')], { encoding: 'utf8', timeout: 120_000 });
    process.stderr.write(`[lab] stopping the lab the tests started\n${r.stdout ?? ''}${r.stderr ?? ''}`);
  } finally {
    dropLease(dir);
  }
}

// ---------------------------------------------------------------------------------------------------------
// known_hosts: OpenSSH format, plain and hashed (|1|salt|hmac) host patterns, @revoked markers.

// Parsing and matching are the engine's (client/src/remote/knownHosts.ts, unit-tested in remoteUnits.test.ts);
// the lab's own ssh2 checks below apply them independently of the engine's connection code.
export { parseKnownHosts, knownHostsName };
export type KnownHost = KnownHostEntry;

/** Accept only a presented key that a matching entry lists and no @revoked entry names. */
export function hostKeyAccepted(entries: KnownHost[], host: string, port: number, presented: Buffer): boolean {
  return verifyHostKey(entries, [knownHostsName(host, port)], presented).status === 'known';
}

/** A known_hosts line with the host name hashed the way `ssh-keygen -H` does. */
export function hashedKnownHostsLine(host: string, port: number, keyType: string, key: Buffer, salt: Buffer): string {
  const mac = createHmac('sha1', salt).update(knownHostsName(host, port)).digest();
  return `|1|${salt.toString('base64')}|${mac.toString('base64')} ${keyType} ${key.toString('base64')}`;
}

// ---------------------------------------------------------------------------------------------------------
// ssh2 against the lab's sshd

export interface SshOptions {
  knownHostsText?: string;
  /** what the host verifier saw, for assertions */
  onHostKey?: (key: Buffer, accepted: boolean) => void;
}

export function sshConnect(lab: Lab, opts: SshOptions = {}): Promise<Client> {
  const { host, port, username } = lab.ssh;
  const entries = parseKnownHosts(opts.knownHostsText ?? readFileSync(lab.ssh.knownHostsPath, 'utf8'));
  // Ask only for host key types known_hosts lists for this host: the server must present one we can check.
  const types = knownKeyTypes(entries, [knownHostsName(host, port)]);
  const config: ConnectConfig = {
    host,
    port,
    username,
    privateKey: readFileSync(lab.ssh.privateKeyPath),
    readyTimeout: 20_000,
    hostVerifier: (key: Buffer) => {
      const ok = hostKeyAccepted(entries, host, port, key);
      opts.onHostKey?.(key, ok);
      return ok;
    },
  };
  if (types.length) config.algorithms = { serverHostKey: types as NonNullable<ConnectConfig['algorithms']>['serverHostKey'] };
  return new Promise((done, fail) => {
    const conn = new Client();
    conn
      .once('ready', () => {
        conn.off('error', fail);
        // later errors surface in sshExec; without a listener an 'error' event would crash the test process
        conn.on('error', () => undefined);
        done(conn);
      })
      .once('error', fail)
      .connect(config);
  });
}

export interface ExecResult {
  code: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
}

/** Who holds the lab cluster's apply lock (clusterLock.ts), as `rados lock info` says, over a lab connection. */
export async function applyLockHolders(conn: Client): Promise<Locker[]> {
  const r = await sshExec(conn, 'rados -p .rgw.root lock info ceph-federation.apply apply');
  // Before the first apply the object does not exist: nobody holds anything.
  if (r.code !== 0 && isGone(r.stderr)) return [];
  if (r.code !== 0) throw new Error(`rados lock info: exit ${r.code}: ${r.stderr}`);
  return parseLockInfo(r.stdout);
}

export function sshExec(conn: Client, command: string, timeoutMs = 120_000): Promise<ExecResult> {
  return new Promise((done, fail) => {
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    // a dropped connection ends the command at once instead of at the timeout
    const onError = (e: Error) => finish(() => fail(new Error(`ssh connection failed during \`${command}\`: ${e.message}`)));
    const onClose = () => finish(() => fail(new Error(`ssh connection closed during \`${command}\``)));
    const finish = (then: () => void) => {
      clearTimeout(timer);
      conn.off('error', onError).off('close', onClose);
      then();
    };
    conn.on('error', onError).on('close', onClose);
    conn.exec(command, (err, stream) => {
      if (err) return finish(() => fail(err));
      timer = setTimeout(() => {
        stream.close();
        finish(() => fail(new Error(`ssh command timed out after ${timeoutMs} ms: ${command}\nstdout: ${stdout}\nstderr: ${stderr}`)));
      }, timeoutMs);
      stream.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
      stream.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      stream.on('close', (code: number | null, signal?: string) => finish(() => done({ code, signal, stdout, stderr })));
    });
  });
}

export function sftpWriteFile(conn: Client, path: string, data: string): Promise<void> {
  return new Promise((done, fail) => {
    conn.sftp((err, sftp) => {
      if (err) return fail(err);
      sftp.writeFile(path, data, (e) => {
        sftp.end();
        if (e) fail(e);
        else done();
      });
    });
  });
}

/** POSIX-shell quoting for one argument. */
export function sh(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

// ---------------------------------------------------------------------------------------------------------
// S3 with AWS Signature Version 4 (header-signed requests), enough for radosgw

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
// RFC 3986 unreserved characters stay, everything else is %-encoded (encodeURIComponent leaves !'()*)
const uriEncode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export interface S3Request {
  method: 'GET' | 'PUT' | 'DELETE' | 'HEAD';
  endpoint: string;
  /** "/bucket" or "/bucket/key" (unencoded) */
  path: string;
  query?: Record<string, string>;
  body?: Buffer;
  /** sign the payload's SHA-256 (default) or send UNSIGNED-PAYLOAD */
  unsignedPayload?: boolean;
  region: string;
  user: LabUser;
  now?: Date;
}

export function signV4(req: S3Request): { url: string; headers: Record<string, string> } {
  const u = new URL(req.endpoint);
  const amzDate = (req.now ?? new Date()).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const canonicalUri = req.path.split('/').map(uriEncode).join('/') || '/';
  const canonicalQuery = Object.entries(req.query ?? {})
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const payloadHash = req.unsignedPayload ? 'UNSIGNED-PAYLOAD' : sha256(req.body ?? Buffer.alloc(0));
  const headers: Record<string, string> = { host: u.host, 'x-amz-content-sha256': payloadHash, 'x-amz-date': amzDate };
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((n) => `${n}:${headers[n]!.trim()}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [req.method, canonicalUri, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const scope = `${day}/${req.region}/s3/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const kSigning = hmac(hmac(hmac(hmac(`AWS4${req.user.secretKey}`, day), req.region), 's3'), 'aws4_request');
  const signature = createHmac('sha256', kSigning).update(stringToSign).digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${req.user.accessKey}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  const url = `${u.origin}${canonicalUri}${canonicalQuery ? `?${canonicalQuery}` : ''}`;
  return { url, headers };
}

export async function s3(req: S3Request, timeoutMs = 15_000): Promise<{ status: number; body: Buffer }> {
  const { url, headers } = signV4(req);
  // fetch derives Host from the URL, which is exactly the signed u.host; it may not be set by hand
  const { host: _host, ...sent } = headers;
  const res = await fetch(url, { method: req.method, headers: sent, body: req.body, signal: AbortSignal.timeout(timeoutMs) });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
}
