// The remote engine: plans (what runs where, masked, with the backups it takes) and their execution over ssh,
// with progress, cancellation, per-target locks (on this machine and in each cluster written) and a report that says
// what was applied where.
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Federation } from '../../../server/src/core/model/federation';
import { masterZoneName } from '../../../server/src/core/model/federation';
import { acquireLocks } from './lock';
import { DEFAULT_ROOT_POOL, heldMessage, isBusy, isGone, isPoolMissing, lockArgs, lockDescription, lockDurationS, parseLockInfo, type Locker } from './clusterLock';
import { awaitCommitSpacing, COMMIT_SPACING_MS, periodCommitSpacingKeys, recordCommit } from './commitSpacing';
import { Masker } from './mask';
import { diffDocs, formatDiff, maskedPair, normalizeZone, normalizeZonegroup, type DiffEntry, type Json as JsonValue } from './normalize';
import { dialectFrom, isUnrecognized, parseJsonOutput, rados, radosgwAdmin, type RemoteDialect, type RemoteSettings } from './radosgw';
import { CommandTimeoutError, ConnectionLostError, DEFAULT_COMMAND_TIMEOUT_MS, SshHost, type ConnectOptions, type ExecResult } from './ssh';
import { resolveHost, type HostOverride, type ResolvedHost } from './sshConfig';
import { parseSyncStatus, type SyncStatus } from './syncStatus';
import { assertNames, gateways, gatewaysOfZone, masterRegion, metadataMasterZone, onePerCluster, type Gateway } from './targets';
import { translateRegion, translateZone, type LiveZonegroup } from './translate';
import { shJoin } from './quote';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
/** Every message is masked before it gets here. */
export type Logger = (level: LogLevel, message: string) => void;

export interface HostSettings extends HostOverride {
  remote?: RemoteSettings;
}

export interface SessionOptions extends RemoteSettings, Omit<ConnectOptions, 'signal'> {
  /** An ssh config file; undefined means ~/.ssh/config, null means none. */
  sshConfigPath?: string | null;
  /** Per-host overrides, by the name ceph.conf uses (`host` / `rgw dns name`). */
  hosts?: Record<string, HostSettings>;
  /** Skip the probe and use these commands (default: probe each cluster with `realm list`). */
  dialect?: 'legacy' | 'modern';
  /** Longest one remote command may run (default 10 min); then it is signalled, its channel closed and its step fails. */
  commandTimeoutMs?: number;
  logger?: Logger;
}

export type Phase = 'prepare' | 'backup' | 'upload' | 'apply' | 'commit' | 'cleanup';
const PHASES: Phase[] = ['prepare', 'backup', 'upload', 'apply', 'commit', 'cleanup'];

export interface PlanStep {
  n: number;
  phase: Phase;
  /** Steps of one phase run in waves: every host in parallel within a wave, waves one after another. */
  wave: number;
  host: string;
  /** user@hostname[:port] the host resolved to. */
  destination: string;
  instance?: string;
  description: string;
  /** The exact command line, keys masked, the remote temp dir as $TMP. */
  command?: string;
}

export interface Plan {
  id: string;
  kind: 'zone' | 'region' | 'federation' | 'system-user' | 'restore';
  target: string;
  /** What each involved cluster's radosgw-admin speaks, as probed. */
  remotes: { host: string; cluster: string; dialect: 'legacy' | 'modern'; realm?: string }[];
  hosts: { host: string; destination: string; instances: string[] }[];
  steps: PlanStep[];
  /** Local files the backups will be written to. */
  backups: string[];
  /** Translations, assumptions, warnings. */
  notes: string[];
  /** What the apply locks: `zone:us-east@root@gw1:22`, `region:us@...`, per remote host. */
  locks: string[];
}

export interface StepOutcome {
  step: PlanStep;
  ok: boolean;
  /** Masked stderr/first lines on failure; what was saved for a backup. */
  message?: string;
  durationMs: number;
}

export interface ApplyReport {
  ok: boolean;
  cancelled: boolean;
  plan: { id: string; kind: Plan['kind']; target: string };
  /** Every step that completed, in completion order. */
  completed: StepOutcome[];
  /** The steps that changed the remote (phases apply and commit) and completed. */
  applied: StepOutcome[];
  failed?: StepOutcome;
  notRun: PlanStep[];
  /** Local backup files written. */
  backups: string[];
  /** Remote temp dirs that could not be removed. */
  leftovers: string[];
  /** Cluster apply locks that were lost or could not be released, and what to do about it. */
  lockWarnings: string[];
  /** A created (or existing) system user's keys: the caller writes them into the zone infile. */
  systemKey?: { uid: string; accessKey: string; secretKey: string; existing: boolean };
  durationMs: number;
  /** For people: what failed on which host, what had been applied, where the backups are. */
  summary: string;
}

export interface ApplyOptions {
  signal?: AbortSignal;
  onProgress?: (p: { step: PlanStep; state: 'start' | 'done' | 'failed'; done: number; total: number }) => void;
}

export interface PlanOptions {
  /** Local directory for backups (made if missing). */
  backupDir: string;
  signal?: AbortSignal;
}

export interface Comparison {
  kind: 'zone' | 'zonegroup';
  name: string;
  host: string;
  instance: string;
  /** The remote has no such zone/zonegroup. */
  absent: boolean;
  diff: DiffEntry[];
  /** One line per difference, keys masked. */
  lines: string[];
  /** Both sides, normalized and with keys masked, for a side-by-side diff; absent when the remote has none. */
  local?: Record<string, JsonValue>;
  live?: Record<string, JsonValue>;
}

export interface ZoneSyncStatus {
  zone: string;
  host: string;
  instance: string;
  status?: SyncStatus;
  error?: string;
}

interface InternalStep extends PlanStep {
  argv?: string[];
  upload?: { file: string; content: string };
  backup?: { file: string; absentOk: boolean };
  userCreate?: { uid: string; infoArgv: string[] };
  /** On a period commit: the realm whose gateways it reloads, in every cluster that holds one of its zones. */
  realmId?: string;
  /** The gateway a radosgw-admin step runs as: its cluster is one the plan reads or writes. */
  gateway?: Gateway;
  /** A step of a cluster's apply lock (clusterLock.ts): the cluster (its ceph.conf) and the pool holding the lock. */
  lock?: { key: string; pool: string; role: 'take' | 'release' };
}

/** The keys a step is spaced under (commitSpacing.ts): none unless it is a period commit. */
function spacingKeys(s: InternalStep): string[] {
  const periodCommit = s.phase === 'commit' && !!s.argv?.includes('period') && s.argv.includes('--commit');
  return periodCommit ? periodCommitSpacingKeys(s.destination, s.realmId) : [];
}

/** Every key the plan's period commits are spaced under: what a caller waits out to time an apply without that wait. */
export function commitSpacingKeys(plan: Plan): string[] {
  return [...new Set((internals.get(plan) ?? []).flatMap(spacingKeys))];
}

const TMP = '@@TMP@@';
/** The client that holds a cluster lock, known once `rados lock info` names it: shown as $LOCKER. */
const LOCKER = '@@LOCKER@@';
const internals = new WeakMap<Plan, InternalStep[]>();

export class RemoteError extends Error {}

/** Where an ssh alias really leads, `user@host[:port]`: what locks and commit spacing are keyed by. */
export function destinationOf(user: string, hostName: string, port: number): string {
  return `${user}@${hostName}${port === 22 ? '' : `:${port}`}`;
}

type Json = Record<string, unknown>;

/** Builds the steps of a plan; commit steps and temp dirs are added once per host however many parts ask. */
class PlanBuilder {
  steps: InternalStep[] = [];
  notes: string[] = [];
  locks: string[] = [];
  backups: string[] = [];
  private keys = new Set<string>();
  private uploads = new Map<string, number>();

  constructor(
    readonly session: RemoteSession,
    readonly backupRoot: string,
  ) {}

  add(step: Omit<InternalStep, 'n' | 'command' | 'destination'>, dedupeKey?: string): void {
    if (dedupeKey) {
      if (this.keys.has(dedupeKey)) return;
      this.keys.add(dedupeKey);
    }
    const command = step.argv ? this.session.display(step.argv) : undefined;
    this.steps.push({ ...step, n: 0, destination: '', ...(command ? { command } : {}) });
  }

  /** A remote file name in the host's temp dir, unique per host. */
  remoteFile(host: string, base: string): string {
    const k = `${host}\0${base}`;
    const n = (this.uploads.get(k) ?? 0) + 1;
    this.uploads.set(k, n);
    return `${TMP}/${n === 1 ? base : base.replace(/\.json$/, `.${n}.json`)}`;
  }

  backupFile(host: string, what: string): string {
    const f = path.join(this.backupRoot, `${host}--${what}.json`);
    this.backups.push(f);
    return f;
  }
}

export class RemoteSession {
  readonly masker = new Masker();
  private readonly conns = new Map<string, Promise<SshHost>>();
  /** Set by close(): a connection opened later would keep the process alive with nobody to close it. */
  private closed = false;
  private readonly resolved = new Map<string, Promise<ResolvedHost>>();
  private readonly dialects = new Map<string, Promise<RemoteDialect>>();

  constructor(readonly options: SessionOptions = {}) {}

  private log(level: LogLevel, message: string): void {
    this.options.logger?.(level, this.masker.mask(message));
  }

  display(argv: string[]): string {
    return this.masker.mask(shJoin(argv).split(TMP).join('$TMP').split(LOCKER).join('$LOCKER'));
  }

  settingsFor(host: string): RemoteSettings {
    const o = this.options;
    return { radosgwAdmin: o.radosgwAdmin, rados: o.rados, sudo: o.sudo, cephConf: o.cephConf, cluster: o.cluster, ...(o.hosts?.[host]?.remote ?? {}) };
  }

  rgw(g: Gateway, args: string[]): string[] {
    return radosgwAdmin(this.settingsFor(g.host), g.instance, args);
  }

  rados(g: Gateway, args: string[]): string[] {
    return rados(this.settingsFor(g.host), g.instance, args);
  }

  resolve(host: string): Promise<ResolvedHost> {
    let r = this.resolved.get(host);
    if (!r) {
      r = resolveHost(host, { sshConfigPath: this.options.sshConfigPath, overrides: this.options.hosts });
      this.resolved.set(host, r);
    }
    return r;
  }

  async destination(host: string): Promise<string> {
    const r = await this.resolve(host);
    return destinationOf(r.user, r.hostName, r.port);
  }

  /** How long one remote command or upload may run: the lock's duration is derived from it too. */
  private get commandTimeoutMs(): number {
    return this.options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  }

  /** The host's connection, opened on first use and reused for every later command. */
  async connection(host: string, signal?: AbortSignal): Promise<SshHost> {
    for (;;) {
      if (this.closed) throw new RemoteError(`cannot connect to ${host}: this session is closed`);
      const existing = this.conns.get(host);
      if (!existing) break;
      const c = await existing.catch(() => undefined);
      // Another caller replaced a lost connection meanwhile: share the new one rather than open a second, which
      // nothing would close (the lock release and the temp-dir removal reconnect at once after a drop).
      if (this.conns.get(host) !== existing) continue;
      if (c && !c.isClosed) return c;
      break;
    }
    const p = (async () => {
      const resolved = await this.resolve(host);
      this.log('info', `connecting to ${host} (${resolved.user}@${resolved.hostName}:${resolved.port})`);
      const t0 = Date.now();
      const c = await SshHost.connect(resolved, { ...this.options, signal });
      this.log('debug', `connected to ${host} in ${Date.now() - t0} ms`);
      return c;
    })();
    this.conns.set(host, p);
    // A failed connection is forgotten (the next call retries), unless a newer attempt already replaced it.
    p.catch(() => this.conns.get(host) === p && this.conns.delete(host));
    return p;
  }

  async run(host: string, argv: string[], signal?: AbortSignal): Promise<ExecResult> {
    const c = await this.connection(host, signal);
    this.log('debug', `${host}: ${this.display(argv)}`);
    const r = await c.exec(argv, { signal, timeoutMs: this.commandTimeoutMs });
    this.masker.add(...secretsIn(r.stdout));
    return r;
  }

  /** What the cluster behind a gateway speaks (probed once per cluster and host). */
  dialect(g: Gateway, signal?: AbortSignal): Promise<RemoteDialect> {
    const key = `${g.host}\0${g.cluster}`;
    let d = this.dialects.get(key);
    if (!d) {
      d = (async () => {
        if (this.options.dialect === 'legacy') return { kind: 'legacy' } as const;
        const r = await this.run(g.host, this.rgw(g, ['realm', 'list']), signal);
        if (this.options.dialect === 'modern' && r.code !== 0) return { kind: 'modern' } as const;
        const found = dialectFrom(r.code, r.stdout, r.stderr);
        if (!found) throw new RemoteError(`${g.host}: cannot tell what radosgw-admin speaks there (${this.display(this.rgw(g, ['realm', 'list']))} exited ${r.code}: ${firstLines(this.masker.mask(r.stderr || r.stdout))})`);
        this.log('info', `${g.host} (${g.instance}): ${found.kind === 'legacy' ? 'legacy region/regionmap radosgw-admin' : `realm/period radosgw-admin${found.realm ? `, realm ${found.realm.name ?? found.realm.id}` : ', no realm'}`}`);
        return found;
      })();
      this.dialects.set(key, d);
      const probe = d;
      probe.catch(() => this.dialects.get(key) === probe && this.dialects.delete(key));
    }
    return d;
  }

  private async readJson(g: Gateway, args: string[], what: string, signal?: AbortSignal): Promise<Json | undefined> {
    const r = await this.run(g.host, this.rgw(g, args), signal);
    if (r.code === 0) return parseJsonOutput<Json>(r.stdout, what);
    if (/No such file or directory|\(2\)/.test(r.stderr)) return undefined;
    throw new RemoteError(`${g.host} (${g.instance}): ${what} failed (exit ${r.code}): ${firstLines(this.masker.mask(r.stderr || r.stdout))}`);
  }

  private remember(fed: Federation): void {
    for (const z of fed.zones) this.masker.add(z.systemKey?.accessKey?.value, z.systemKey?.secretKey?.value);
    for (const a of fed.agents) for (const [k, v] of a.entries) if (/_key$/.test(k)) this.masker.add(String(v.entry.value ?? ''));
  }

  // ------------------------------------------------------------------------------------------------ planning

  private builder(kind: Plan['kind'], target: string, opts: PlanOptions): PlanBuilder {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return new PlanBuilder(this, path.join(opts.backupDir, `${stamp}-${kind}-${target}`));
  }

  private zoneInfile(fed: Federation, zone: string): { text: string; json: Json; legacy: boolean } {
    const defs = fed.zonesByName.get(zone) ?? [];
    if (defs.length === 0) throw new RemoteError(`zone ${zone} has no zone infile in the federation`);
    if (defs.length > 1) throw new RemoteError(`zone ${zone} is defined by ${defs.length} infiles: ${defs.map((d) => d.uri).join(', ')}`);
    const file = fed.files.find((f) => f.uri === defs[0].uri);
    if (!file) throw new RemoteError(`the infile of zone ${zone} is not among the federation's files`);
    return { text: file.text, json: JSON.parse(file.text) as Json, legacy: defs[0].dialect === 'legacy' };
  }

  private regionInfile(fed: Federation, region: string): { text: string; json: Json; legacy: boolean } {
    const def = (fed.regionsByName.get(region) ?? []).find((r) => !r.embedded);
    if (!def) throw new RemoteError(`region ${region} has no region/zonegroup infile in the federation (a period or region map only embeds it)`);
    const file = fed.files.find((f) => f.uri === def.uri)!;
    const json = JSON.parse(file.text) as Json;
    // Name-keyed even in a zonegroup file when its zones carry no ids.
    const legacy = def.dialect === 'legacy' || (Array.isArray(json.zones) && (json.zones as Json[]).some((z) => !z.id));
    return { text: file.text, json, legacy };
  }

  /** The gateway where realm-wide commands run: one of the metadata master zone's, else the given fallback. */
  private commitGateway(fed: Federation, all: Gateway[], fallback: Gateway, notes: string[]): Gateway {
    const mm = metadataMasterZone(fed);
    const g = mm ? gatewaysOfZone(all, mm)[0] : undefined;
    if (!g) notes.push(`no gateway instance of the metadata master zone${mm ? ` ${mm}` : ''} in the federation's ceph.conf files: period commands run on ${fallback.instance} (${fallback.host})`);
    return g ?? fallback;
  }

  private async addZone(b: PlanBuilder, fed: Federation, all: Gateway[], zone: string, wave: number, signal?: AbortSignal): Promise<void> {
    const infile = this.zoneInfile(fed, zone);
    const own = gatewaysOfZone(all, zone);
    if (!own.length) throw new RemoteError(`no gateway instance of zone ${zone} in the federation's ceph.conf files: nowhere to run radosgw-admin for it`);
    const dialect = await this.dialect(own[0], signal);
    b.locks.push(`zone:${zone}`);
    let targets: Gateway[];
    if (dialect.kind === 'legacy') {
      // The seed procedure sets every zone on every instance: each may keep zone info in its own root pool.
      const seen = new Set<string>();
      targets = all.filter((g) => {
        const k = `${g.cluster}\0${g.zoneRootPool ?? g.instance}`;
        return !seen.has(k) && seen.add(k);
      });
    } else targets = onePerCluster(own);
    for (const g of targets) {
      const d = await this.dialect(g, signal);
      let content = infile.text;
      if (d.kind === 'modern') {
        const live = await this.readJson(g, ['zone', 'get', `--rgw-zone=${zone}`], `zone get ${zone}`, signal);
        if (infile.legacy) {
          const t = translateZone(infile.json, zone, live, d.realm?.id);
          content = t.text;
          b.notes.push(...t.notes.map((n) => `zone ${zone} on ${g.host}: ${n}`));
        } else if (live?.id && infile.json.id && live.id !== infile.json.id) {
          throw new RemoteError(`zone ${zone}: the infile's id ${String(infile.json.id)} is not the live zone's id ${String(live.id)} on ${g.host}: zone set would not update the live zone`);
        }
      }
      const remote = b.remoteFile(g.host, `${zone}.zone.json`);
      b.add({ phase: 'backup', wave: 0, host: g.host, instance: g.instance, gateway: g, description: `save zone ${zone} as it is now`, argv: this.rgw(g, ['zone', 'get', `--rgw-zone=${zone}`]), backup: { file: b.backupFile(g.host, `zone-${zone}-${path.basename(g.instance)}`), absentOk: true } });
      b.add({ phase: 'upload', wave: 0, host: g.host, description: `upload the zone infile of ${zone} to ${remote.replace(TMP, '$TMP')}`, upload: { file: remote, content } });
      b.add({ phase: 'apply', wave, host: g.host, instance: g.instance, gateway: g, description: `set zone ${zone}`, argv: this.rgw(g, ['zone', 'set', `--rgw-zone=${zone}`, '--infile', remote]) });
    }
    await this.addMapUpdate(b, fed, all, targets, own[0], signal);
  }

  private async addMapUpdate(b: PlanBuilder, fed: Federation, all: Gateway[], targets: Gateway[], fallback: Gateway, signal?: AbortSignal): Promise<void> {
    const d = await this.dialect(fallback, signal);
    if (d.kind === 'modern') {
      if (!d.realm) {
        b.notes.push(`${fallback.host}: no realm, so no period to commit`);
        return;
      }
      const g = this.commitGateway(fed, all, fallback, b.notes);
      const cd = await this.dialect(g, signal);
      const realmId = cd.kind === 'modern' ? cd.realm?.id : undefined;
      b.add({ phase: 'commit', wave: 0, host: g.host, instance: g.instance, gateway: g, description: 'commit a new period (realm-wide)', argv: this.rgw(g, ['period', 'update', '--commit']), realmId }, `commit:${g.host}:${g.instance}`);
    } else {
      for (const g of onePerCluster(targets)) {
        b.add({ phase: 'commit', wave: 0, host: g.host, instance: g.instance, gateway: g, description: 'update the region map', argv: this.rgw(g, ['regionmap', 'update']) }, `regionmap:${g.cluster}`);
      }
    }
  }

  private async addRegion(b: PlanBuilder, fed: Federation, all: Gateway[], region: string, wave: number, signal?: AbortSignal): Promise<void> {
    const infile = this.regionInfile(fed, region);
    const def = fed.regionsByName.get(region)![0];
    const ownZone = masterZoneName(fed, def);
    const fallback = (ownZone && gatewaysOfZone(all, ownZone)[0]) || all.find((g) => g.region === region) || all[0];
    if (!fallback) throw new RemoteError(`no gateway instance in the federation's ceph.conf files: nowhere to run radosgw-admin`);
    const dialect = await this.dialect(fallback, signal);
    b.locks.push(`region:${region}`);
    if (dialect.kind === 'modern') {
      // Zonegroups are realm-wide: set where the period is committed.
      const g = dialect.realm ? this.commitGateway(fed, all, fallback, b.notes) : fallback;
      const d = await this.dialect(g, signal);
      let content = infile.text;
      const live = await this.readJson(g, ['zonegroup', 'get', `--rgw-zonegroup=${region}`], `zonegroup get ${region}`, signal);
      if (infile.legacy && d.kind === 'modern' && d.realm) {
        const names = [infile.json.master_zone, ...((infile.json.zones as Json[] | undefined) ?? []).map((z) => z.name)].filter((n): n is string => typeof n === 'string');
        const ids = new Map<string, string>();
        for (const n of new Set(names)) {
          if ((live?.zones as Json[] | undefined)?.some((z) => z.name === n)) continue;
          const z = await this.readJson(g, ['zone', 'get', `--rgw-zone=${n}`], `zone get ${n}`, signal);
          if (typeof z?.id === 'string') ids.set(n, z.id);
        }
        const t = translateRegion(infile.json, live as LiveZonegroup | undefined, ids, d.realm.id);
        content = t.text;
        b.notes.push(`region ${region} is name-keyed (legacy); translated to ids for the realm: ${t.notes.join('; ')}`);
      }
      const remote = b.remoteFile(g.host, `${region}.zonegroup.json`);
      b.add({ phase: 'backup', wave: 0, host: g.host, instance: g.instance, gateway: g, description: `save zonegroup ${region} as it is now`, argv: this.rgw(g, ['zonegroup', 'get', `--rgw-zonegroup=${region}`]), backup: { file: b.backupFile(g.host, `zonegroup-${region}`), absentOk: true } });
      b.add({ phase: 'upload', wave: 0, host: g.host, description: `upload the zonegroup infile of ${region} to ${remote.replace(TMP, '$TMP')}`, upload: { file: remote, content } });
      b.add({ phase: 'apply', wave, host: g.host, instance: g.instance, gateway: g, description: `set zonegroup ${region}`, argv: this.rgw(g, ['zonegroup', 'set', `--rgw-zonegroup=${region}`, '--infile', remote]) });
      await this.addMapUpdate(b, fed, all, [g], g, signal);
      return;
    }
    // Legacy: the region is set on every cluster of the federation; the default region only where it is served.
    const clusters = onePerCluster(all);
    for (const g of clusters) {
      const remote = b.remoteFile(g.host, `${region}.region.json`);
      b.add({ phase: 'backup', wave: 0, host: g.host, instance: g.instance, gateway: g, description: `save region ${region} as it is now`, argv: this.rgw(g, ['region', 'get', `--rgw-region=${region}`]), backup: { file: b.backupFile(g.host, `region-${region}-${path.basename(g.instance)}`), absentOk: true } });
      b.add({ phase: 'upload', wave: 0, host: g.host, description: `upload the region infile of ${region} to ${remote.replace(TMP, '$TMP')}`, upload: { file: remote, content: infile.text } });
      b.add({ phase: 'apply', wave, host: g.host, instance: g.instance, gateway: g, description: `set region ${region}`, argv: this.rgw(g, ['region', 'set', '--infile', remote]) });
      const serves = all.some((x) => x.cluster === g.cluster && x.region === region);
      if (serves) b.add({ phase: 'apply', wave, host: g.host, instance: g.instance, gateway: g, description: `make ${region} the cluster's default region`, argv: this.rgw(g, ['region', 'default', `--rgw-region=${region}`]) });
    }
    await this.addMapUpdate(b, fed, all, clusters, fallback, signal);
  }

  private async finish(b: PlanBuilder, kind: Plan['kind'], target: string, all: Gateway[]): Promise<Plan> {
    const id = randomUUID();
    this.addClusterLocks(b, id, `${kind} ${target}`, all);
    const hostsWithUploads = [...new Set(b.steps.filter((s) => s.upload).map((s) => s.host))];
    for (const h of hostsWithUploads) {
      b.steps.push({ n: 0, phase: 'prepare', wave: 0, host: h, destination: '', description: 'make a private temp dir (0700)', command: 'mktemp -d -t ceph-federation.XXXXXXXX' });
      b.steps.push({ n: 0, phase: 'cleanup', wave: 0, host: h, destination: '', description: 'remove the temp dir, also after a failure', command: 'rm -rf -- $TMP' });
    }
    const order = (s: InternalStep) => PHASES.indexOf(s.phase) * 1000 + s.wave;
    const steps = b.steps.map((s, i) => ({ s, i })).sort((x, y) => order(x.s) - order(y.s) || x.i - y.i).map((x) => x.s);
    const hosts = new Map<string, Set<string>>();
    for (const s of steps) {
      s.destination = await this.destination(s.host);
      const set = hosts.get(s.host) ?? new Set<string>();
      if (s.instance) set.add(s.instance);
      hosts.set(s.host, set);
    }
    steps.forEach((s, i) => (s.n = i + 1));
    const remotes: Plan['remotes'] = [];
    for (const [key, d] of this.dialects) {
      const v = await d.catch(() => undefined);
      if (!v) continue;
      const [host, cluster] = key.split('\0');
      if (!hosts.has(host)) continue;
      remotes.push({ host, cluster, dialect: v.kind, ...(v.kind === 'modern' && v.realm ? { realm: v.realm.name ?? v.realm.id } : {}) });
    }
    const plan: Plan = {
      id,
      kind,
      target,
      remotes,
      hosts: await Promise.all([...hosts].map(async ([host, inst]) => ({ host, destination: await this.destination(host), instances: [...inst] }))),
      steps: steps.map(pub),
      backups: [...new Set(b.backups)],
      notes: [...new Set(b.notes.map((n) => this.masker.mask(n)))],
      // Per target and remote: the same zone on another cluster (another lab, another site) is another thing.
      locks: [...new Set(b.locks)].flatMap((l) => [...new Set(steps.map((x) => x.destination))].map((d) => `${l}@${d}`)),
    };
    internals.set(plan, steps);
    return plan;
  }

  /**
   * The apply lock of every cluster the plan changes, taken before the first backup and released after the last
   * step, with the plan's id as the lock's cookie. A cluster's lock lives in the root pool of its first gateway
   * instance (legacy clusters may have no `.rgw.root`), so every apply of the federation finds it in the same place.
   * Two ceph.conf files of one cluster lead to the same lock: the second take finds it held by this very apply.
   */
  private addClusterLocks(b: PlanBuilder, cookie: string, what: string, all: Gateway[]): void {
    const lockPool = new Map<string, string>();
    for (const g of all) if (!lockPool.has(g.cluster)) lockPool.set(g.cluster, g.zoneRootPool || DEFAULT_ROOT_POOL);
    const written = new Map<string, { g: Gateway; pool: string }>();
    for (const s of b.steps) {
      if ((s.phase !== 'apply' && s.phase !== 'commit') || !s.gateway) continue;
      const key = s.gateway.cluster;
      if (!written.has(key)) written.set(key, { g: s.gateway, pool: lockPool.get(key) ?? DEFAULT_ROOT_POOL });
    }
    const durationS = lockDurationS(this.commandTimeoutMs);
    const description = lockDescription(what);
    for (const [key, { g, pool }] of written) {
      const base = { wave: 0, host: g.host, instance: g.instance, gateway: g };
      b.add({ ...base, phase: 'prepare', description: `take this cluster's apply lock in pool ${pool} (expires after ${durationS / 60} min if never released)`, argv: this.rados(g, lockArgs.take(pool, cookie, durationS, description)), lock: { key, pool, role: 'take' } });
      b.add({ ...base, phase: 'cleanup', description: "release this cluster's apply lock, also after a failure ($LOCKER: its holder, as rados lock info names it)", argv: this.rados(g, lockArgs.release(pool, LOCKER, cookie)), lock: { key, pool, role: 'release' } });
    }
  }

  /** Apply Zone: backup, upload, `zone set` where the zone must be known, then the map update. Read-only until applied. */
  async planZone(fed: Federation, zone: string, opts: PlanOptions): Promise<Plan> {
    assertNames([{ kind: 'zone', name: zone }]);
    const all = gateways(fed);
    this.remember(fed);
    const b = this.builder('zone', zone, opts);
    await this.addZone(b, fed, all, zone, 0, opts.signal);
    return this.finish(b, 'zone', zone, all);
  }

  /** Apply Region / Zonegroup. */
  async planRegion(fed: Federation, region: string, opts: PlanOptions): Promise<Plan> {
    assertNames([{ kind: 'region', name: region }]);
    const all = gateways(fed);
    this.remember(fed);
    const b = this.builder('region', region, opts);
    await this.addRegion(b, fed, all, region, 0, opts.signal);
    return this.finish(b, 'region', region, all);
  }

  /** Every region and zone that has an infile, with one map update at the end. */
  async planFederation(fed: Federation, opts: PlanOptions): Promise<Plan> {
    const regions = [...fed.regionsByName.values()].map((l) => l[0]).filter((r) => !r.embedded && r.name).map((r) => r.name!.value);
    const zones = [...fed.zonesByName.keys()];
    assertNames([...regions.map((name) => ({ kind: 'region' as const, name })), ...zones.map((name) => ({ kind: 'zone' as const, name }))]);
    const all = gateways(fed);
    if (!all.length) throw new RemoteError('no gateway instance in the federation\'s ceph.conf files: nowhere to run radosgw-admin');
    this.remember(fed);
    const b = this.builder('federation', 'all', opts);
    const master = masterRegion(fed)?.name?.value;
    regions.sort((x, y) => Number(y === master) - Number(x === master) || x.localeCompare(y));
    const d = await this.dialect(all[0], opts.signal);
    // Legacy: regions first, then zones (the seed's order). Modern: zones first, so that zonegroups can name them by id.
    const [regionWave, zoneWave] = d.kind === 'legacy' ? [0, 1] : [1, 0];
    for (const z of zones) await this.addZone(b, fed, all, z, zoneWave, opts.signal);
    for (const r of regions) await this.addRegion(b, fed, all, r, regionWave, opts.signal);
    return this.finish(b, 'federation', 'all', all);
  }

  /** Create Zone System User on the zone's gateway; the report's systemKey carries the keys. */
  async planSystemUser(fed: Federation, zone: string, opts: PlanOptions & { uid?: string; displayName?: string }): Promise<Plan> {
    const uid = opts.uid ?? zone;
    assertNames([{ kind: 'zone', name: zone }, { kind: 'zone', name: uid, where: 'user id' }]);
    const all = gateways(fed);
    this.remember(fed);
    const g = gatewaysOfZone(all, zone)[0];
    if (!g) throw new RemoteError(`no gateway instance of zone ${zone} in the federation's ceph.conf files`);
    const d = await this.dialect(g, opts.signal);
    const b = this.builder('system-user', zone, opts);
    b.locks.push(`zone:${zone}`);
    let nonMaster = false;
    if (d.kind === 'modern' && d.realm) {
      const zg = await this.readJson(g, ['zonegroup', 'get'], 'zonegroup get', opts.signal);
      const z = await this.readJson(g, ['zone', 'get', `--rgw-zone=${zone}`], `zone get ${zone}`, opts.signal);
      const realmMaster = await this.readJson(g, ['period', 'get'], 'period get', opts.signal);
      nonMaster = !!z && realmMaster?.master_zone !== z.id;
      if (nonMaster) b.notes.push(`zone ${zone} is not the realm's metadata master${zg?.name ? ` (zonegroup ${String(zg.name)})` : ''}: radosgw-admin needs --yes-i-really-mean-it, and the user reaches the master only through metadata sync`);
    }
    const display = opts.displayName ?? `${zone} system user`;
    b.add({
      phase: 'apply',
      wave: 0,
      host: g.host,
      instance: g.instance,
      gateway: g,
      description: `create system user ${uid}`,
      argv: this.rgw(g, ['user', 'create', `--uid=${uid}`, `--display-name=${display}`, '--system', `--rgw-zone=${zone}`, ...(nonMaster ? ['--yes-i-really-mean-it'] : [])]),
      userCreate: { uid, infoArgv: this.rgw(g, ['user', 'info', `--uid=${uid}`, `--rgw-zone=${zone}`]) },
    });
    return this.finish(b, 'system-user', zone, all);
  }

  /** Restore Zone from Backup: `zone set` from a backup file, then the period commit (modern). */
  async planRestore(fed: Federation, zone: string, backupFile: string, opts: PlanOptions): Promise<Plan> {
    assertNames([{ kind: 'zone', name: zone }]);
    const text = await fs.readFile(backupFile, 'utf8');
    const json = parseJsonOutput<Json>(text, backupFile);
    if (json.name !== undefined && json.name !== zone) throw new RemoteError(`${backupFile} is a backup of zone ${String(json.name)}, not ${zone}`);
    this.masker.add(...secretsIn(text));
    const all = gateways(fed);
    this.remember(fed);
    const own = gatewaysOfZone(all, zone);
    if (!own.length) throw new RemoteError(`no gateway instance of zone ${zone} in the federation's ceph.conf files`);
    const b = this.builder('restore', zone, opts);
    b.locks.push(`zone:${zone}`);
    const g = own[0];
    await this.dialect(g, opts.signal);
    const remote = b.remoteFile(g.host, `${zone}.backup.json`);
    b.add({ phase: 'backup', wave: 0, host: g.host, instance: g.instance, gateway: g, description: `save zone ${zone} as it is now`, argv: this.rgw(g, ['zone', 'get', `--rgw-zone=${zone}`]), backup: { file: b.backupFile(g.host, `zone-${zone}`), absentOk: true } });
    b.add({ phase: 'upload', wave: 0, host: g.host, description: `upload ${path.basename(backupFile)} to ${remote.replace(TMP, '$TMP')}`, upload: { file: remote, content: text } });
    b.add({ phase: 'apply', wave: 0, host: g.host, instance: g.instance, gateway: g, description: `restore zone ${zone} from ${backupFile}`, argv: this.rgw(g, ['zone', 'set', `--rgw-zone=${zone}`, '--infile', remote]) });
    await this.addMapUpdate(b, fed, all, [g], g, opts.signal);
    return this.finish(b, 'restore', zone, all);
  }

  // ------------------------------------------------------------------------------------------------ read-only

  /** Compare Zone with Live: the live `zone get` against the infile, both normalized. */
  async compareZone(fed: Federation, zone: string, signal?: AbortSignal): Promise<Comparison> {
    assertNames([{ kind: 'zone', name: zone }]);
    this.remember(fed);
    const infile = this.zoneInfile(fed, zone);
    const g = gatewaysOfZone(gateways(fed), zone)[0];
    if (!g) throw new RemoteError(`no gateway instance of zone ${zone} in the federation's ceph.conf files`);
    const live = await this.readJson(g, ['zone', 'get', `--rgw-zone=${zone}`], `zone get ${zone}`, signal);
    const diff = live ? diffDocs(normalizeZone(infile.json), normalizeZone(live), { onlyLocalKeys: infile.legacy }) : [];
    const sides = live ? maskedPair(normalizeZone(infile.json), normalizeZone(live)) : {};
    return { kind: 'zone', name: zone, host: g.host, instance: g.instance, absent: !live, diff, lines: live ? formatDiff(diff) : [`zone ${zone} does not exist on ${g.host}`], ...sides };
  }

  async compareRegion(fed: Federation, region: string, signal?: AbortSignal): Promise<Comparison> {
    assertNames([{ kind: 'region', name: region }]);
    this.remember(fed);
    const infile = this.regionInfile(fed, region);
    const all = gateways(fed);
    const def = fed.regionsByName.get(region)![0];
    const mz = masterZoneName(fed, def);
    const g = this.commitGateway(fed, all, (mz && gatewaysOfZone(all, mz)[0]) || all[0], []);
    if (!g) throw new RemoteError('no gateway instance in the federation\'s ceph.conf files');
    const d = await this.dialect(g, signal);
    const args = d.kind === 'legacy' ? ['region', 'get', `--rgw-region=${region}`] : ['zonegroup', 'get', `--rgw-zonegroup=${region}`];
    const live = await this.readJson(g, args, `${args[0]} get ${region}`, signal);
    let local = infile.json;
    if (live && infile.legacy && d.kind === 'modern') {
      // Compare names with names: the live zonegroup's ids mapped back to zone names.
      const nameOf = new Map(((live.zones as Json[] | undefined) ?? []).map((z) => [z.id as string, z.name as string]));
      live.master_zone = nameOf.get(live.master_zone as string) ?? live.master_zone;
      for (const z of (live.zones as Json[] | undefined) ?? []) delete z.id;
      delete live.id;
      delete live.realm_id;
      local = { ...local };
    }
    const diff = live ? diffDocs(normalizeZonegroup(local), normalizeZonegroup(live), { onlyLocalKeys: infile.legacy }) : [];
    const sides = live ? maskedPair(normalizeZonegroup(local), normalizeZonegroup(live)) : {};
    return { kind: 'zonegroup', name: region, host: g.host, instance: g.instance, absent: !live, diff, lines: live ? formatDiff(diff) : [`${args[0]} ${region} does not exist on ${g.host}`], ...sides };
  }

  /** Show Sync Status for one zone or every zone that has a gateway. */
  async syncStatus(fed: Federation, zone?: string, signal?: AbortSignal): Promise<ZoneSyncStatus[]> {
    if (zone) assertNames([{ kind: 'zone', name: zone }]);
    this.remember(fed);
    const all = gateways(fed);
    const zones = zone ? [zone] : [...new Set(all.map((g) => g.zone).filter((z): z is string => !!z))];
    if (zone && !gatewaysOfZone(all, zone).length) throw new RemoteError(`no gateway instance of zone ${zone} in the federation's ceph.conf files`);
    return Promise.all(
      zones.map(async (z): Promise<ZoneSyncStatus> => {
        const g = gatewaysOfZone(all, z)[0];
        try {
          const r = await this.run(g.host, this.rgw(g, ['sync', 'status', `--rgw-zone=${z}`]), signal);
          if (r.code !== 0) return { zone: z, host: g.host, instance: g.instance, error: `sync status exited ${r.code}: ${firstLines(this.masker.mask(r.stderr || r.stdout))}` };
          return { zone: z, host: g.host, instance: g.instance, status: parseSyncStatus(r.stdout) };
        } catch (e) {
          return { zone: z, host: g.host, instance: g.instance, error: this.masker.mask((e as Error).message) };
        }
      }),
    );
  }

  // ------------------------------------------------------------------------------------------------ apply

  /** Runs a plan. Never throws for a remote failure: the report says what happened; a held lock throws LockError. */
  async apply(plan: Plan, opts: ApplyOptions = {}): Promise<ApplyReport> {
    const steps = internals.get(plan);
    if (!steps) throw new RemoteError('not a plan made by this session');
    const t0 = Date.now();
    const release = await acquireLocks(plan.locks);
    const completed: StepOutcome[] = [];
    const backups: string[] = [];
    const leftovers: string[] = [];
    const lockWarnings: string[] = [];
    const tmp = new Map<string, string>();
    /**
     * The cluster locks this apply took, by lock key, each with the question which client holds it (`lock break`
     * needs it), asked right after the take and answered while the apply goes on: each is released in the end.
     */
    const taken = new Map<string, Promise<Locker | undefined>>();
    let failed: StepOutcome | undefined;
    let cancelled = false;
    let systemKey: ApplyReport['systemKey'];
    const ran = new Set<number>();
    let done = 0;
    const work = steps.filter((s) => s.phase !== 'cleanup');
    const total = steps.length;

    const runStep = async (s: InternalStep): Promise<void> => {
      const started = Date.now();
      opts.onProgress?.({ step: pub(s), state: 'start', done, total });
      this.log('info', `[${s.n}/${total}] ${s.host}: ${s.description}${s.command ? `: ${s.command}` : ''}`);
      ran.add(s.n);
      const fail = (message: string) => {
        failed ??= { step: pub(s), ok: false, message: this.masker.mask(message), durationMs: Date.now() - started };
        this.log('error', `[${s.n}/${total}] ${s.host}: FAILED: ${message}`);
        opts.onProgress?.({ step: pub(s), state: 'failed', done, total });
      };
      try {
        let message: string | undefined;
        if (s.lock) {
          const r = await this.run(s.host, s.argv!, opts.signal);
          if (r.code === 0) {
            const asked = this.lockHolders(s).then((hs) => hs.find((h) => h.cookie === plan.id));
            asked.catch(() => undefined);
            taken.set(s.lock.key, asked);
            message = 'taken';
          } else if (isBusy(r.stderr)) {
            const holders = await this.lockHolders(s, opts.signal);
            const other = holders.find((h) => h.cookie !== plan.id);
            if (!other && holders.length) message = 'already held by this apply (through another ceph.conf of the same cluster)';
            else if (other) return fail(heldMessage(`${s.host} (${s.instance})`, s.lock.pool, other, this.display(this.rados(s.gateway!, lockArgs.release(s.lock.pool, other.name, other.cookie)))));
            else return fail('the apply lock was held a moment ago and now has no holder: try again');
          } else if (isPoolMissing(r.stderr)) {
            message = `pool ${s.lock.pool} does not exist yet: nothing to lock`;
          } else return fail(`cannot take the apply lock: exit ${r.code}: ${firstLines(r.stderr || r.stdout)}`);
        } else if (s.phase === 'prepare') {
          const c = await this.connection(s.host, opts.signal);
          tmp.set(s.host, await c.mktempDir(opts.signal));
          message = tmp.get(s.host);
        } else if (s.upload) {
          const c = await this.connection(s.host, opts.signal);
          await c.writeFile(this.tmpPath(s.upload.file, tmp, s.host), s.upload.content, { signal: opts.signal, timeoutMs: this.commandTimeoutMs });
        } else if (s.argv) {
          const argv = s.argv.map((a) => this.tmpPath(a, tmp, s.host));
          const spacing = spacingKeys(s);
          await awaitCommitSpacing(spacing, opts.signal, (ms, key) =>
            this.log('info', `[${s.n}/${total}] ${s.host}: waiting ${(ms / 1000).toFixed(1)} s: a period commit ${key === s.destination ? 'there' : 'to its realm'} is under ${COMMIT_SPACING_MS / 1000} s old and gateways may still be reloading`),
          );
          let r: ExecResult;
          try {
            r = await this.run(s.host, argv, opts.signal);
          } finally {
            // Also when it failed, timed out or lost its connection: the commit may have reached the realm anyway.
            await recordCommit(spacing).catch((e: Error) => this.log('warn', `${s.host}: could not record the period commit's time (${e.message}): the next commit is not held back`));
          }
          if (s.userCreate) {
            let out = r;
            let existing = false;
            if (r.code !== 0 && /exists/i.test(r.stderr)) {
              existing = true;
              out = await this.run(s.host, s.userCreate.infoArgv, opts.signal);
            }
            if (out.code !== 0) return fail(`exit ${out.code}: ${firstLines(out.stderr || out.stdout)}`);
            const user = parseJsonOutput<{ keys?: { user?: string; access_key?: string; secret_key?: string }[] }>(out.stdout, 'user create');
            const key = user.keys?.find((k) => k.access_key && k.secret_key);
            if (!key) return fail('radosgw-admin printed no S3 key for the user');
            this.masker.add(key.access_key, key.secret_key);
            systemKey = { uid: s.userCreate.uid, accessKey: key.access_key!, secretKey: key.secret_key!, existing };
            message = existing ? `user ${s.userCreate.uid} already existed: its keys are returned` : `user ${s.userCreate.uid} created`;
          } else if (s.backup) {
            if (r.code === 0) {
              parseJsonOutput<Json>(r.stdout, s.description);
              await fs.mkdir(path.dirname(s.backup.file), { recursive: true, mode: 0o700 });
              await fs.writeFile(s.backup.file, r.stdout, { mode: 0o600 });
              backups.push(s.backup.file);
              message = `saved to ${s.backup.file}`;
            } else if (s.backup.absentOk && /No such file or directory|\(2\)/.test(r.stderr)) {
              message = 'nothing to save: it does not exist there yet';
            } else return fail(`exit ${r.code}: ${firstLines(r.stderr || r.stdout)}${modernHint(s, r)}`);
          } else if (r.code !== 0) return fail(`exit ${r.code}: ${firstLines(r.stderr || r.stdout)}${modernHint(s, r)}`);
        }
        done++;
        const outcome: StepOutcome = { step: pub(s), ok: true, ...(message ? { message: this.masker.mask(message) } : {}), durationMs: Date.now() - started };
        completed.push(outcome);
        opts.onProgress?.({ step: pub(s), state: 'done', done, total });
      } catch (e) {
        if (opts.signal?.aborted) cancelled = true;
        // These messages name the host but not the step: the step is what the reader needs next.
        const during = e instanceof CommandTimeoutError || e instanceof ConnectionLostError ? ` during ${s.description}` : '';
        fail(`${(e as Error).message}${during}`);
        // sshd signals the command only if it honours signal requests (OpenSSH refuses them for root sessions).
        if (s.argv && (e instanceof CommandTimeoutError || e instanceof ConnectionLostError)) this.log('warn', `${s.host}: ${s.command ?? 'the command'} may still be running there and finish later`);
      }
    };

    try {
      const groups = new Map<string, InternalStep[]>();
      for (const s of work) {
        const k = `${String(PHASES.indexOf(s.phase)).padStart(2, '0')}:${String(s.wave).padStart(4, '0')}`;
        groups.set(k, [...(groups.get(k) ?? []), s]);
      }
      for (const k of [...groups.keys()].sort()) {
        if (failed) break;
        if (opts.signal?.aborted) {
          cancelled = true;
          break;
        }
        // Hosts in parallel; one host's steps in order, on its one connection.
        const byHost = new Map<string, InternalStep[]>();
        for (const s of groups.get(k)!) byHost.set(s.host, [...(byHost.get(s.host) ?? []), s]);
        await Promise.all(
          [...byHost.values()].map(async (list) => {
            for (const s of list) {
              if (failed || opts.signal?.aborted) return;
              await runStep(s);
            }
          }),
        );
        if (opts.signal?.aborted && !failed) cancelled = true;
      }
    } finally {
      // Whatever happened: the cluster locks this apply took and every host's temp dir, all at once; reported in
      // plan order.
      const releasing = Promise.all(steps.filter((x) => x.lock?.role === 'release' && taken.has(x.lock.key)).map((x) => this.releaseLock(x, plan.id, taken.get(x.lock!.key)!)));
      const cleaning = Promise.all(
        steps
          .filter((x) => x.phase === 'cleanup' && !x.lock && tmp.has(x.host))
          .map(async (s) => {
            const dir = tmp.get(s.host)!;
            const started = Date.now();
            try {
              const c = await this.connection(s.host);
              await c.removeDir(dir);
              return { s, dir, ok: true as const, durationMs: Date.now() - started };
            } catch (e) {
              return { s, dir, ok: false as const, error: (e as Error).message };
            }
          }),
      );
      const [releases, cleanups] = await Promise.all([releasing, cleaning]);
      for (const r of releases) {
        if ('warning' in r) {
          lockWarnings.push(r.warning);
          this.log('warn', r.warning);
        } else {
          completed.push(r.outcome);
          ran.add(r.outcome.step.n);
        }
      }
      for (const r of cleanups) {
        if (r.ok) {
          completed.push({ step: pub(r.s), ok: true, message: `removed ${r.dir}`, durationMs: r.durationMs });
          ran.add(r.s.n);
        } else {
          leftovers.push(`${r.s.host}:${r.dir}`);
          this.log('warn', `${r.s.host}: could not remove ${r.dir}: ${r.error}`);
        }
      }
      await release();
    }
    const applied = completed.filter((o) => o.step.phase === 'apply' || o.step.phase === 'commit');
    const notRun = steps.filter((s) => !ran.has(s.n)).map(pub);
    const report: ApplyReport = {
      ok: !failed && !cancelled,
      cancelled,
      plan: { id: plan.id, kind: plan.kind, target: plan.target },
      completed,
      applied,
      ...(failed ? { failed } : {}),
      notRun,
      backups,
      leftovers,
      lockWarnings,
      ...(systemKey ? { systemKey } : {}),
      durationMs: Date.now() - t0,
      summary: '',
    };
    report.summary = this.masker.mask(summarize(plan, report));
    this.log(report.ok ? 'info' : 'error', report.summary);
    return report;
  }

  /** Who holds the lock a step takes, as `rados lock info` says. */
  private async lockHolders(s: InternalStep, signal?: AbortSignal) {
    const r = await this.run(s.host, this.rados(s.gateway!, lockArgs.info(s.lock!.pool)), signal);
    if (r.code !== 0) throw new RemoteError(`rados lock info exited ${r.code}: ${firstLines(r.stderr || r.stdout)}`);
    return parseLockInfo(r.stdout);
  }

  /**
   * Breaks the lock an apply took (its cookie is the plan's id; its holder as asked after the take, else asked now),
   * or says why it could not. Never throws.
   */
  private async releaseLock(s: InternalStep, cookie: string, holder: Promise<Locker | undefined>): Promise<{ outcome: StepOutcome } | { warning: string }> {
    const started = Date.now();
    const byHand = this.display(s.argv!);
    const expired = { warning: `${s.host} (${s.instance}): this cluster's apply lock expired before the apply ended: another apply may have changed the cluster meanwhile` };
    try {
      // No signal: a cancelled apply releases its locks too.
      const mine = (await holder.catch(() => undefined)) ?? (await this.lockHolders(s)).find((h) => h.cookie === cookie);
      if (!mine) return expired;
      const r = await this.run(s.host, s.argv!.map((a) => (a === LOCKER ? mine.name : a)));
      if (r.code !== 0 && isGone(r.stderr)) return expired;
      if (r.code !== 0) throw new RemoteError(`exit ${r.code}: ${firstLines(r.stderr || r.stdout)}`);
      return { outcome: { step: pub(s), ok: true, message: `released (${mine.name})`, durationMs: Date.now() - started } };
    } catch (e) {
      const info = this.display(this.rados(s.gateway!, lockArgs.info(s.lock!.pool)));
      return { warning: this.masker.mask(`${s.host} (${s.instance}): could not release this cluster's apply lock (${(e as Error).message}): other applies are refused until it expires; if no apply is running, break it with: ${byHand} ($LOCKER: the holder whose cookie is ${cookie} in ${info})`) };
    }
  }

  private tmpPath(s: string, tmp: Map<string, string>, host: string): string {
    if (!s.includes(TMP)) return s;
    const dir = tmp.get(host);
    if (!dir) throw new Error(`no temp dir on ${host}`);
    return s.split(TMP).join(dir);
  }

  /** Closes every connection. */
  close(): void {
    this.closed = true;
    for (const p of this.conns.values()) p.then((c) => c.close(), () => undefined);
    this.conns.clear();
  }
}

/** Legacy commands on a Jewel-or-later radosgw-admin: say that the remote is modern, not just "unrecognized". */
function modernHint(s: InternalStep, r: ExecResult): string {
  const word = s.argv?.find((a) => a === 'region' || a === 'regionmap');
  return word && isUnrecognized(r.stderr)
    ? ` (${s.host} runs a realm/period radosgw-admin (Jewel or later), which has no "${word}" command: the remote is modern; apply with zonegroup set and period update --commit instead, i.e. without forcing the legacy dialect)`
    : '';
}

function pub(s: InternalStep): PlanStep {
  const { argv: _a, upload: _u, backup: _b, userCreate: _c, gateway: _g, lock: _l, ...rest } = s;
  return rest;
}

/** The start of what a failing command printed (radosgw-admin prints some errors on stdout). */
function firstLines(text: string, n = 6): string {
  const lines = text.trim().split('\n').filter((l) => l.trim());
  return lines.slice(0, n).join(' | ') + (lines.length > n ? ' | ...' : '') || '(no message)';
}

/** Keys radosgw-admin printed (zone get, user create), so they can be masked from then on. */
function secretsIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/"(?:access_key|secret_key)"\s*:\s*"([^"]+)"/g)) out.push(m[1]);
  return out;
}

function summarize(plan: Plan, r: ApplyReport): string {
  const lines: string[] = [];
  const what = `${plan.kind} ${plan.target}`;
  const where = (o: StepOutcome) => `${o.step.description} on ${o.step.host}${o.step.instance ? ` (${o.step.instance})` : ''}`;
  if (r.ok) lines.push(`applied ${what}: ${r.applied.length} change${r.applied.length === 1 ? '' : 's'} in ${(r.durationMs / 1000).toFixed(1)} s`);
  else if (r.failed) lines.push(`FAILED to apply ${what}: step ${r.failed.step.n} (${where(r.failed)}) failed: ${r.failed.message}`);
  else lines.push(`CANCELLED applying ${what}`);
  if (!r.ok) {
    lines.push(r.applied.length ? 'already applied:' : 'nothing was applied (no change reached the remote).');
    for (const o of r.applied) lines.push(`  - ${where(o)}`);
    const pending = r.notRun.filter((s) => s.phase === 'apply' || s.phase === 'commit');
    if (pending.length) {
      lines.push('not applied:');
      for (const s of pending) lines.push(`  - ${s.description} on ${s.host}${s.instance ? ` (${s.instance})` : ''}`);
    }
  } else for (const o of r.applied) lines.push(`  - ${where(o)}`);
  if (r.backups.length) lines.push(`backups: ${r.backups.join(', ')}`);
  else if (plan.backups.length) lines.push(`backups: none written${r.ok ? ' (nothing existed yet)' : ''}; planned at ${path.dirname(plan.backups[0])}`);
  if (r.leftovers.length) lines.push(`temp dirs left behind: ${r.leftovers.join(', ')}`);
  for (const w of r.lockWarnings) lines.push(`apply lock: ${w}`);
  return lines.join('\n');
}
