// `ceph-federation plan | apply | sync-status`: the Apply commands as pipeline steps, on the remote engine
// (client/src/remote). Loaded only for these commands, so `check` does not pay for it.
import { existsSync, promises as fs, statSync } from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import {
  DEFAULT_COMMAND_TIMEOUT_MS,
  describeSyncStatus,
  formatComparison,
  formatPlan,
  HostKeyError,
  LockError,
  RemoteSession,
  ValidationError,
  type Comparison,
  type Plan,
  type SessionOptions,
} from '../../client/src/remote';
import { checkFiles } from './core/check';
import { resolveSourceKeys } from './core/ceph/keyReferences';
import type { Federation } from './core/model/federation';
import { readFederationDir, skippedNotice, uriToPath } from './node/files';

const USAGE = `usage: ceph-federation plan zone <name> [DIR] | plan region <name> [DIR] | plan federation [DIR]
       ceph-federation apply zone <name> [DIR] | apply region <name> [DIR] | apply federation [DIR]
       ceph-federation apply restore <zone> <backup.json> [DIR]
       ceph-federation sync-status [zone] [DIR]

Plans and applies a federation's infiles on its gateways over ssh, the way the seed procedure does by hand:
backups of what is live, zone set / zonegroup set (region set on legacy radosgw), then the period commit (or the
region map update). The federation is checked first: nothing is planned while it has errors.

  --diff                   (plan) also compare the live zone get / zonegroup get with the infiles
  --yes                    (apply) do not ask for confirmation
  --backup-dir DIR         (apply) where backups go (default <DIR>/.ceph-federation/backups)
  --format text|json       output (default text)
  --ssh-config FILE        ssh config resolving ceph.conf hosts (default ~/.ssh/config); ssh-agent via SSH_AUTH_SOCK
  --accept-new-host-keys   accept (and record) unknown host keys; changed keys are always refused
  --sudo                   run radosgw-admin (and rados) through sudo -n
  --radosgw-admin PATH     radosgw-admin on the gateways
  --rados PATH             rados on the gateways (takes each cluster's apply lock)
  --remote-ceph-conf PATH  ceph.conf on the gateways (-c)
  --cluster NAME           cluster name on the gateways (--cluster)
  --command-timeout SECONDS  longest one remote command or upload may run (default ${DEFAULT_COMMAND_TIMEOUT_MS / 1000}); then its step fails
  --verbose                log every remote command (keys masked) to stderr

Exit status: 0 done (sync-status: every zone caught up on the master's period), 1 failed (the report says what was
and was not applied, and where the backups are) or not caught up, 2 bad usage.`;

class UsageError extends Error {}

interface RemoteArgs {
  command: 'plan' | 'apply' | 'sync-status';
  what?: 'zone' | 'region' | 'federation' | 'restore';
  name?: string;
  backupFile?: string;
  dir: string;
  diff: boolean;
  yes: boolean;
  backupDir?: string;
  format: 'text' | 'json';
  verbose: boolean;
  session: SessionOptions;
}

function parse(argv: string[]): RemoteArgs {
  const [command, ...rest] = argv as [RemoteArgs['command'], ...string[]];
  const positional: string[] = [];
  const a: RemoteArgs = { command, dir: '.', diff: false, yes: false, format: 'text', verbose: false, session: {} };
  const value = (i: number, flag: string): string => {
    const v = rest[i];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < rest.length; i++) {
    let arg = rest[i];
    let inline: string | undefined;
    if (arg.startsWith('--') && arg.includes('=')) [arg, inline] = [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)];
    const take = () => inline ?? value(++i, arg);
    switch (arg) {
      case '--diff': a.diff = true; break;
      case '--yes': case '-y': a.yes = true; break;
      case '--verbose': a.verbose = true; break;
      case '--backup-dir': a.backupDir = take(); break;
      case '--format': {
        const v = take();
        if (v !== 'text' && v !== 'json') throw new UsageError(`--format must be text or json, not ${JSON.stringify(v)}`);
        a.format = v;
        break;
      }
      case '--ssh-config': a.session.sshConfigPath = take(); break;
      case '--accept-new-host-keys': a.session.onUnknownHostKey = () => true; break;
      case '--sudo': a.session.sudo = true; break;
      case '--radosgw-admin': a.session.radosgwAdmin = take(); break;
      case '--rados': a.session.rados = take(); break;
      case '--remote-ceph-conf': a.session.cephConf = take(); break;
      case '--cluster': a.session.cluster = take(); break;
      case '--command-timeout': {
        const v = take();
        const n = Number(v);
        if (!/^\d+(\.\d+)?$/.test(v) || !(n > 0)) throw new UsageError(`--command-timeout needs a number of seconds above 0, not ${JSON.stringify(v)}`);
        a.session.commandTimeoutMs = n * 1000;
        break;
      }
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
        positional.push(arg);
    }
  }
  if (command === 'sync-status') {
    if (positional.length > 2) throw new UsageError('sync-status takes at most a zone and a directory');
    // One argument: a directory that exists is the federation, anything else a zone.
    if (positional.length === 1 && existsSync(positional[0]) && statSync(positional[0]).isDirectory()) return { ...a, dir: positional[0] };
    return { ...a, name: positional[0], dir: positional[1] ?? '.' };
  }
  const what = positional.shift();
  if (what !== 'zone' && what !== 'region' && what !== 'federation' && !(what === 'restore' && command === 'apply')) {
    throw new UsageError(`${command} needs zone <name>, region <name>${command === 'apply' ? ', restore <zone> <backup.json>' : ''} or federation`);
  }
  if (what !== 'federation') {
    const name = positional.shift();
    if (!name) throw new UsageError(`${command} ${what} needs a name`);
    a.name = name;
  }
  if (what === 'restore') {
    a.backupFile = positional.shift();
    if (!a.backupFile) throw new UsageError('apply restore needs a backup file');
  }
  if (positional.length > 1) throw new UsageError(`unexpected ${positional.slice(1).join(' ')}`);
  return { ...a, what, dir: positional[0] ?? '.' };
}

async function load(dir: string): Promise<{ federation: Federation; errors: string[] }> {
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) throw new UsageError(`${dir} is not a directory`);
  // Keys kept out of the infiles (`${env:NAME}`) are filled in here, for the copies uploaded to the gateways.
  const { sources, missing } = await resolveSourceKeys(await readFederationDir(dir, (f, e) => process.stderr.write(skippedNotice(f, e))), (ref) => (ref.source === 'env' ? process.env[ref.name] : undefined));
  if (missing.length) throw new UsageError(`key references that resolve to nothing: ${missing.join(', ')} (\${env:NAME} reads the environment; \${secret:NAME} lives in VS Code's secret storage, which the command line cannot read)`);
  const result = await checkFiles(sources);
  const errors: string[] = [];
  for (const list of result.diagnostics.values()) {
    for (const d of list) {
      if (d.severity !== 'error') continue;
      errors.push(`${path.relative(process.cwd(), uriToPath(d.uri)) || '.'}:${d.range.start.line + 1}:${d.range.start.character + 1}: error ${d.code}: ${d.message}`);
    }
  }
  return { federation: result.federation, errors };
}

/** Explicit confirmation: a TTY question, or a line on stdin in a pipeline. */
async function confirm(question: string): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
  try {
    const answer = await new Promise<string | undefined>((resolve) => {
      rl.question(question, resolve);
      rl.once('close', () => resolve(undefined));
    });
    return /^y(es)?$/i.test((answer ?? '').trim());
  } finally {
    rl.close();
  }
}

export async function remoteMain(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  let args: RemoteArgs;
  let loaded;
  try {
    args = parse(argv);
    loaded = await load(args.dir);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`ceph-federation: ${e.message}\n${USAGE.split('\n').slice(0, 4).join('\n')}\n`);
      return 2;
    }
    throw e;
  }
  const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : s + '\n');
  const err = (s: string) => process.stderr.write(s.endsWith('\n') ? s : s + '\n');
  if (loaded.errors.length && args.command !== 'sync-status') {
    err(loaded.errors.join('\n'));
    err(`ceph-federation: the federation in ${args.dir} has ${loaded.errors.length} error${loaded.errors.length === 1 ? '' : 's'}: fix them first (ceph-federation check ${args.dir}); nothing was planned or applied`);
    return 1;
  }
  const fed = loaded.federation;
  const controller = new AbortController();
  const onSigint = () => {
    err('ceph-federation: interrupted: stopping after the running step');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  const session = new RemoteSession({
    ...args.session,
    logger: (level, message) => {
      if (level !== 'debug' || args.verbose) err(`[${level}] ${message}`);
    },
  });
  const backupDir = path.resolve(args.backupDir ?? path.join(args.dir, '.ceph-federation', 'backups'));
  try {
    if (args.command === 'sync-status') {
      const list = await session.syncStatus(fed, args.name, controller.signal);
      if (args.format === 'json') out(JSON.stringify(list, null, 2));
      else for (const s of list) out(s.status ? describeSyncStatus(s.zone, s.status).join('\n') : `${s.zone}: ERROR on ${s.host}: ${s.error}`);
      return list.every((s) => s.status?.healthy) ? 0 : 1;
    }
    const opts = { backupDir, signal: controller.signal };
    let plan: Plan;
    if (args.what === 'zone') plan = await session.planZone(fed, args.name!, opts);
    else if (args.what === 'region') plan = await session.planRegion(fed, args.name!, opts);
    else if (args.what === 'restore') plan = await session.planRestore(fed, args.name!, path.resolve(args.backupFile!), opts);
    else plan = await session.planFederation(fed, opts);

    if (args.command === 'plan') {
      const comparisons: Comparison[] = [];
      if (args.diff) {
        if (args.what === 'zone') comparisons.push(await session.compareZone(fed, args.name!, controller.signal));
        else if (args.what === 'region') comparisons.push(await session.compareRegion(fed, args.name!, controller.signal));
        else {
          for (const z of fed.zonesByName.keys()) comparisons.push(await session.compareZone(fed, z, controller.signal));
          for (const [r, defs] of fed.regionsByName) if (defs.some((d) => !d.embedded)) comparisons.push(await session.compareRegion(fed, r, controller.signal));
        }
      }
      if (args.format === 'json') out(JSON.stringify({ plan, ...(args.diff ? { diff: comparisons } : {}) }, null, 2));
      else {
        out(formatPlan(plan));
        for (const c of comparisons) out(formatComparison(c));
      }
      return 0;
    }

    if (args.format === 'text') out(formatPlan(plan));
    else err(formatPlan(plan));
    if (!args.yes && !(await confirm(`apply ${plan.kind} ${plan.target} on ${plan.hosts.map((h) => h.host).join(', ')}? [y/N] `))) {
      err('ceph-federation: not confirmed: nothing was applied');
      return 1;
    }
    const report = await session.apply(plan, {
      signal: controller.signal,
      onProgress: ({ step, state }) => {
        if (state !== 'start') err(`[${state}] ${step.n}. ${step.host}: ${step.description}`);
      },
    });
    if (args.format === 'json') out(JSON.stringify(report, null, 2));
    else out(report.summary);
    return report.ok ? 0 : 1;
  } catch (e) {
    if (e instanceof ValidationError) {
      err(`ceph-federation: ${e.message}\nnothing was planned or applied`);
      return 2;
    }
    const known = e instanceof HostKeyError || e instanceof LockError || (e as Error).name === 'RemoteError' || e instanceof Error;
    err(`ceph-federation: ${session.masker.mask(known ? (e as Error).message : String(e))}\nnothing was applied`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
    session.close();
  }
}
