// The lab's real keys (the system user's, every zone's system_key, the test user's) never appear in anything the
// tool shows: CLI stdout and stderr, the engine's log (what the VS Code output channel gets), plans, reports and
// their JSON, error messages of failures that echo an infile, comparisons, sync status, hovers, completion labels,
// diagnostics, and the committed test artifacts. Everything is captured and searched for the keys.
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { formatComparison, formatPlan, formatReport, RemoteSession } from '../../client/src/remote';
import { checkFiles } from '../../server/src/core/check';
import { complete } from '../../server/src/core/features/completion';
import { hover } from '../../server/src/core/features/hover';
import type { Federation } from '../../server/src/core/model/federation';
import { readFederationDir } from '../../server/src/node/files';
import type { LabFederation } from '../fixtures/lab-federation/generate';
import { LabGuard } from '../fixtures/lab-federation/guard';
import { holdLabFederation } from '../fixtures/lab-federation/hold';
import { runCli, type CliRun } from '../fixtures/cliFromSource';
import { labOrSkip, secondaryZone, sftpWriteFile, sshExec, type Lab } from './lab';

const ROOT = resolve(__dirname, '..', '..');

let lab: Lab | undefined;
let fx: LabFederation;
let guard: LabGuard;
let remoteDir = '';
/** Everything the tool showed, labelled by where it came from. */
const captured: { where: string; text: string }[] = [];
const keep = (where: string, text: string) => captured.push({ where, text });

function secrets(): string[] {
  const zoneKeys = lab!.zones.flatMap((z) => {
    const k = JSON.parse(guard.original(`zone:${z.name}`)).system_key;
    return [k.access_key, k.secret_key];
  });
  const all = [...new Set([lab!.systemUser.accessKey, lab!.systemUser.secretKey, lab!.testUser.accessKey, lab!.testUser.secretKey, ...zoneKeys])];
  for (const s of all) assert.ok(typeof s === 'string' && s.length >= 16, 'the lab has real keys to look for');
  return all;
}

function leaks(): string[] {
  const out: string[] = [];
  for (const s of secrets()) for (const c of captured) if (c.text.includes(s)) out.push(`${c.where} contains ${s.slice(0, 4)}…`);
  return out;
}

async function loadFederation(dir: string): Promise<Federation> {
  return (await checkFiles(await readFederationDir(dir))).federation;
}

async function cli(args: string[]): Promise<CliRun> {
  const r = await runCli(args);
  keep(`cli ${args.slice(0, 3).join(' ')} stdout`, r.stdout);
  keep(`cli ${args.slice(0, 3).join(' ')} stderr`, r.stderr);
  return r;
}

const onLab = async (cmd: string) => {
  const r = await sshExec(guard.conn, cmd);
  if (r.code !== 0) throw new Error(`${cmd}: exit ${r.code}: ${r.stderr}`);
  return r.stdout.trim();
};

holdLabFederation({
  onHold: (h) => {
    lab = h?.lab;
    if (h) ({ fx, guard } = h);
  },
  setUp: async () => {
    // A radosgw-admin that fails the way a careless tool would: echoing the uploaded infile, keys and all.
    remoteDir = await onLab('mktemp -d /tmp/cf-secrets.XXXXXXXX');
    await sftpWriteFile(
      guard.conn,
      `${remoteDir}/radosgw-admin`,
      '#!/bin/sh\ncase " $* " in *" zone set "*) ;; *) exec radosgw-admin "$@" ;; esac\nprev=\nfor a; do [ "$prev" = --infile ] && f=$a; prev=$a; done\nprintf "cannot set zone from: " >&2; tr -d "\\n" < "$f" >&2; exit 22\n',
    );
    await onLab(`chmod 700 ${remoteDir}/radosgw-admin`);
  },
  cleanUp: async () => {
    await sshExec(guard.conn, `rm -rf ${remoteDir}`);
  },
  settleOnlyIfRestored: true,
});

describe('no key in anything shown', () => {
  test('CLI: plan, plan --diff, apply, a failing apply that echoes the infile, restore, sync-status', async (t) => {
    if (!(await labOrSkip(t))) return;
    const sec = secondaryZone(lab!).name;
    const ssh = ['--ssh-config', fx.sshConfig];
    const file = join(fx.dir, `${sec}.json`);
    const original = readFileSync(file, 'utf8');
    try {
      assert.equal((await cli(['plan', 'zone', sec, fx.dir, '--diff', '--verbose', ...ssh])).code, 0);
      assert.equal((await cli(['plan', 'federation', fx.dir, '--diff', '--format', 'json', '--verbose', ...ssh])).code, 0);
      const j = JSON.parse(original);
      j.placement_pools[0].val.data_extra_pool = `${sec}.rgw.buckets.non-ec-secrets`;
      writeFileSync(file, JSON.stringify(j, null, 4));
      const failing = await cli(['apply', 'zone', sec, fx.dir, '--yes', '--verbose', '--radosgw-admin', `${remoteDir}/radosgw-admin`, ...ssh]);
      assert.equal(failing.code, 1);
      // The echoed infile did reach the output, masked: the test would see the keys if masking failed.
      assert.match(failing.stdout, /failed: exit 22: cannot set zone from: \{.*"access_key": "\*\*\*\*"/);
      const applied = await cli(['apply', 'zone', sec, fx.dir, '--yes', '--verbose', '--format', 'json', '--backup-dir', join(fx.work, 'cli-backups'), ...ssh]);
      assert.equal(applied.code, 0, applied.stderr);
      const report = JSON.parse(applied.stdout);
      assert.equal((await cli(['apply', 'restore', sec, report.backups[0], fx.dir, '--yes', '--verbose', ...ssh])).code, 0);
      assert.equal(JSON.stringify(await guard.zoneGet(sec)), guard.original(`zone:${sec}`));
      await cli(['sync-status', fx.dir, '--format', 'json', '--verbose', ...ssh]);
      await cli(['sync-status', fx.dir, ...ssh]);
    } finally {
      writeFileSync(file, original);
    }
    assert.deepEqual(leaks(), []);
  });

  test('engine: log lines, plans, reports (text and JSON), failure messages, comparisons, sync status', async (t) => {
    if (!(await labOrSkip(t))) return;
    const sec = secondaryZone(lab!).name;
    const logs: string[] = [];
    const logger = (l: string, m: string) => logs.push(`${l} ${m}`);
    const s = new RemoteSession({ sshConfigPath: fx.sshConfig, logger });
    const careless = new RemoteSession({ sshConfigPath: fx.sshConfig, logger, radosgwAdmin: `${remoteDir}/radosgw-admin` });
    const file = join(fx.dir, `${sec}.json`);
    const original = readFileSync(file, 'utf8');
    try {
      const fed = await loadFederation(fx.dir);
      for (const z of lab!.zones) {
        const c = await s.compareZone(fed, z.name);
        keep(`compareZone ${z.name}`, formatComparison(c) + JSON.stringify(c));
      }
      const cr = await s.compareRegion(fed, lab!.zonegroup);
      keep('compareRegion', formatComparison(cr) + JSON.stringify(cr));
      keep('syncStatus', JSON.stringify(await s.syncStatus(fed)));
      const fedPlan = await s.planFederation(fed, { backupDir: join(fx.work, 'backups') });
      keep('planFederation', formatPlan(fedPlan) + JSON.stringify(fedPlan));

      const j = JSON.parse(original);
      j.placement_pools[0].val.data_extra_pool = `${sec}.rgw.buckets.non-ec-engine`;
      writeFileSync(file, JSON.stringify(j, null, 4));
      const changed = await loadFederation(fx.dir);
      const bad = await careless.apply(await careless.planZone(changed, sec, { backupDir: join(fx.work, 'backups') }));
      assert.equal(bad.ok, false);
      assert.match(bad.failed!.message!, /exit 22: cannot set zone from:.*"secret_key": "\*\*\*\*"/);
      keep('failed report', formatReport(bad) + JSON.stringify(bad));

      const plan = await s.planZone(changed, sec, { backupDir: join(fx.work, 'backups') });
      keep('planZone', formatPlan(plan) + JSON.stringify(plan));
      const report = await s.apply(plan);
      assert.ok(report.ok, report.summary);
      keep('report', formatReport(report) + JSON.stringify(report));
      const back = await s.apply(await s.planRestore(changed, sec, report.backups[0], { backupDir: join(fx.work, 'backups') }));
      assert.ok(back.ok, back.summary);
      keep('restore report', formatReport(back) + JSON.stringify(back));
      // A backup holds the keys (it is what zone set needs to put the zone back), so it is private to its owner.
      assert.equal(statSync(report.backups[0]).mode & 0o777, 0o600);
    } finally {
      writeFileSync(file, original);
      s.close();
      careless.close();
    }
    keep('engine log', logs.join('\n'));
    assert.ok(logs.length > 20, 'the log was captured');
    assert.equal(JSON.stringify(await guard.zoneGet(sec)), guard.original(`zone:${sec}`));
    assert.deepEqual(leaks(), []);
  });

  test('editor: hover on the zone, completion labels of agent keys, diagnostics', async (t) => {
    if (!(await labOrSkip(t))) return;
    const sec = secondaryZone(lab!);
    const dir = join(fx.work, 'editor');
    cpSync(fx.dir, dir, { recursive: true });
    const agent = `destination: ${sec.endpoint}\nsrc_zone: ${lab!.zones.find((z) => z.master)!.name}\nsrc_access_key: \nsrc_secret_key: \ndest_access_key: \ndest_secret_key: \n`;
    writeFileSync(join(dir, `${sec.name}-data-sync.conf`), agent);
    const result = await checkFiles(await readFederationDir(dir));
    keep('diagnostics', JSON.stringify([...result.diagnostics.values()].flat().map((d) => d.message)));
    const ctx = { federation: result.federation };
    const uriOf = (name: string) => result.federation.files.find((f) => f.uri.endsWith(`/${name}`))!.uri;
    const pos = (text: string, needle: string, into: number) => {
      const at = text.indexOf(needle) + into;
      const before = text.slice(0, at).split('\n');
      return { line: before.length - 1, character: before[before.length - 1].length };
    };
    // The zone's name in the zonegroup and in its own infile.
    const zgText = readFileSync(join(dir, `${lab!.zonegroup}.json`), 'utf8');
    const hovers: string[] = [];
    for (const [name, text, needle] of [[`${lab!.zonegroup}.json`, zgText, `"name": "${sec.name}"`], [`${sec.name}.json`, readFileSync(join(dir, `${sec.name}.json`), 'utf8'), `"name": "${sec.name}"`]] as const) {
      const h = await hover(ctx, uriOf(name), pos(text, needle, 11));
      const parts = h ? (Array.isArray(h.contents) ? h.contents : [h.contents]) : [];
      hovers.push(parts.map((p) => (typeof p === 'string' ? p : p.value)).join('\n'));
    }
    assert.ok(hovers.some((h) => /system key: access key \w{4}…/.test(h)), `the hover shows the key, shortened: ${hovers.join('\n---\n')}`);
    keep('hovers', hovers.join('\n'));
    const labels: string[] = [];
    for (const key of ['src_access_key', 'src_secret_key', 'dest_access_key', 'dest_secret_key']) {
      const list = await complete(ctx, uriOf(`${sec.name}-data-sync.conf`), pos(agent, `${key}: `, key.length + 2));
      assert.ok(list.items.length >= 1, `${key} offers the zone's key`);
      // The inserted text is the key itself (that is the point of the completion); what is shown is not.
      assert.ok(secrets().includes((list.items[0].textEdit as { newText: string }).newText));
      labels.push(...list.items.map((i) => `${i.label} ${i.detail ?? ''} ${JSON.stringify(i.labelDetails ?? '')} ${typeof i.documentation === 'string' ? i.documentation : (i.documentation?.value ?? '')}`));
    }
    keep('completion labels', labels.join('\n'));
    assert.deepEqual(leaks(), []);
  });

  test('committed test artifacts hold no lab key', async (t) => {
    if (!(await labOrSkip(t))) return;
    const walk = (d: string): string[] =>
      existsSync(d) ? readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : e.isFile() && statSync(join(d, e.name)).size < 5_000_000 ? [join(d, e.name)] : [])) : [];
    const files = [...walk(join(ROOT, 'test-artifacts')), ...walk(join(ROOT, 'test')).filter((f) => !f.endsWith('.ts'))];
    for (const f of files) keep(f.slice(ROOT.length + 1), readFileSync(f, 'latin1'));
    const bytes = captured.reduce((n, c) => n + c.text.length, 0);
    t.diagnostic(`${captured.length} captured texts, ${bytes} characters, searched for ${secrets().length} keys`);
    console.error(`[secrets] ${captured.length} captured texts (${(bytes / 1024).toFixed(0)} KiB) searched for ${secrets().length} real keys: ${leaks().length} hits`);
    assert.deepEqual(leaks(), []);
  });
});
