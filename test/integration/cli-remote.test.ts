// `ceph-federation plan | apply | sync-status` as a pipeline runs them: real processes, the real lab's sshd and
// radosgw, ssh settings from a generated ssh config file. The lab is put back as it was after the file.
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { LabGuard } from '../fixtures/lab-federation/guard';
import { holdLabFederation } from '../fixtures/lab-federation/hold';
import { runCli, type CliRun } from '../fixtures/cliFromSource';
import { sshConfigText, type LabFederation } from '../fixtures/lab-federation/generate';
import { hashedKnownHostsLine, labOrSkip, parseKnownHosts, secondaryZone, type Lab } from './lab';

let lab: Lab | undefined;
let fx: LabFederation;
let guard: LabGuard;

const ssh = () => ['--ssh-config', fx.sshConfig];

function secrets(): string[] {
  return lab!.zones.flatMap((z) => {
    const j = JSON.parse(guard.original(`zone:${z.name}`));
    return [j.system_key.access_key, j.system_key.secret_key];
  });
}

function assertNoSecrets(r: CliRun): void {
  for (const s of secrets()) assert.ok(!r.stdout.includes(s) && !r.stderr.includes(s), 'a key leaked into the output');
}

holdLabFederation({
  onHold: (h) => {
    lab = h?.lab;
    if (h) ({ fx, guard } = h);
  },
});

describe('ceph-federation plan / apply / sync-status on the lab', () => {
  test('plan prints hosts, exact commands and backups; --diff shows a change made behind our back', async (t) => {
    if (!(await labOrSkip(t))) return;
    const sec = secondaryZone(lab!).name;
    const plan = await runCli(['plan', 'zone', sec, fx.dir, ...ssh()]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, new RegExp(`lab-gw -> root@127\\.0\\.0\\.1:${lab!.ssh.port}`));
    assert.match(plan.stdout, new RegExp(`\\$ radosgw-admin --name ${secondaryZone(lab!).gateway} zone set --rgw-zone=${sec} --infile \\$TMP/${sec}\\.zone\\.json`));
    assert.match(plan.stdout, /backups:\n {2}\S+\.json/);
    assertNoSecrets(plan);

    const pool = `${sec}.rgw.buckets.non-ec`;
    await guard.rgw(`zone placement modify --rgw-zone=${sec} --placement-id=default-placement --data-extra-pool=${pool}-live`);
    try {
      const diff = await runCli(['plan', 'zone', sec, fx.dir, '--diff', ...ssh()]);
      assert.equal(diff.code, 0, diff.stderr);
      assert.ok(diff.stdout.includes(`~ placement_pools.default-placement.data_extra_pool: infile "${pool}", live "${pool}-live"`), diff.stdout);
      const json = await runCli(['plan', 'zone', sec, fx.dir, '--diff', '--format', 'json', ...ssh()]);
      const parsed = JSON.parse(json.stdout);
      assert.deepEqual(parsed.diff[0].diff, [{ path: 'placement_pools.default-placement.data_extra_pool', local: pool, live: `${pool}-live` }]);
      assertNoSecrets(json);
    } finally {
      await guard.rgw(`zone placement modify --rgw-zone=${sec} --placement-id=default-placement --data-extra-pool=${pool}`);
    }
    const same = await runCli(['plan', 'zone', sec, fx.dir, '--diff', ...ssh()]);
    assert.match(same.stdout, /same as the infile/);
  });

  test('apply asks first: "n" applies nothing; --yes --format json reports what was applied where', async (t) => {
    if (!(await labOrSkip(t))) return;
    const sec = secondaryZone(lab!).name;
    const file = join(fx.dir, `${sec}.json`);
    const original = readFileSync(file, 'utf8');
    try {
      const j = JSON.parse(original);
      j.placement_pools[0].val.data_extra_pool = `${sec}.rgw.buckets.non-ec-cli`;
      writeFileSync(file, JSON.stringify(j, null, 4));
      const no = await runCli(['apply', 'zone', sec, fx.dir, ...ssh()], 'n\n');
      assert.equal(no.code, 1);
      assert.match(no.stderr, /not confirmed: nothing was applied/);
      assert.equal(JSON.stringify(await guard.zoneGet(sec)), guard.original(`zone:${sec}`));

      const yes = await runCli(['apply', 'zone', sec, fx.dir, '--yes', '--format', 'json', '--backup-dir', join(fx.work, 'cli-backups'), ...ssh()]);
      assert.equal(yes.code, 0, yes.stderr);
      const report = JSON.parse(yes.stdout);
      assert.equal(report.ok, true);
      assert.deepEqual(report.applied.map((o: { step: { description: string; host: string } }) => `${o.step.description} @ ${o.step.host}`), [`set zone ${sec} @ lab-gw`, 'commit a new period (realm-wide) @ lab-gw']);
      assert.ok(report.backups[0].startsWith(join(fx.work, 'cli-backups')));
      assert.equal((await guard.zoneGet(sec)).placement_pools[0].val.data_extra_pool, `${sec}.rgw.buckets.non-ec-cli`);
      assertNoSecrets(yes);

      // The backup puts it back: apply restore.
      const back = await runCli(['apply', 'restore', sec, report.backups[0], fx.dir, '--yes', ...ssh()]);
      assert.equal(back.code, 0, back.stderr);
      assert.equal(JSON.stringify(await guard.zoneGet(sec)), guard.original(`zone:${sec}`));
    } finally {
      writeFileSync(file, original);
    }
  });

  test('plan and apply federation: every zone, then the zonegroup, one period commit; --sudo and the remote ceph.conf are used', async (t) => {
    if (!(await labOrSkip(t))) return;
    // sudo drops the sshd's CEPH_CONF, so the remote ceph.conf is named explicitly.
    const remote = ['--sudo', '--remote-ceph-conf', lab!.cephConf];
    const plan = await runCli(['plan', 'federation', fx.dir, '--format', 'json', ...remote, ...ssh()]);
    assert.equal(plan.code, 0, plan.stderr);
    const steps = JSON.parse(plan.stdout).plan.steps as { phase: string; command?: string }[];
    const changes = steps.filter((s) => s.phase === 'apply' || s.phase === 'commit').map((s) => s.command!.replace(/^sudo -n -- radosgw-admin -c \S+ --name \S+ /, ''));
    assert.deepEqual(changes, [
      ...lab!.zones.map((z) => `zone set --rgw-zone=${z.name} --infile $TMP/${z.name}.zone.json`).sort(),
      `zonegroup set --rgw-zonegroup=${lab!.zonegroup} --infile $TMP/${lab!.zonegroup}.zonegroup.json`,
      'period update --commit',
    ]);
    assert.ok(steps.every((s) => !s.command?.includes('radosgw-admin') || s.command.startsWith(`sudo -n -- radosgw-admin -c ${lab!.cephConf} `)), 'sudo and the remote ceph.conf on every radosgw-admin');
    // The infiles are what is live: applying them all changes nothing, through every step.
    const apply = await runCli(['apply', 'federation', fx.dir, '--yes', ...remote, ...ssh()]);
    assert.equal(apply.code, 0, apply.stderr);
    assert.match(apply.stdout, /applied federation all: 4 changes/);
    for (const z of lab!.zones) assert.equal(JSON.stringify(await guard.zoneGet(z.name)), guard.original(`zone:${z.name}`));
    assert.equal(JSON.stringify(await guard.zonegroupGet()), guard.original('zonegroup'));

    const missing = await runCli(['plan', 'zone', secondaryZone(lab!).name, fx.dir, '--radosgw-admin', '/nonexistent/radosgw-admin', ...ssh()]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot tell what radosgw-admin speaks there .*\/nonexistent\/radosgw-admin.*exited 127/);
  });

  test('a federation with check errors is refused before anything connects', async (t) => {
    if (!(await labOrSkip(t))) return;
    const bad = join(fx.work, 'broken');
    cpSync(fx.dir, bad, { recursive: true });
    const zg = join(bad, `${lab!.zonegroup}.json`);
    const j = JSON.parse(readFileSync(zg, 'utf8'));
    j.default_placement = 'no-such-placement';
    writeFileSync(zg, JSON.stringify(j, null, 4));
    const r = await runCli(['apply', 'region', lab!.zonegroup, bad, '--yes', ...ssh()]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error default-placement-unknown/);
    assert.match(r.stderr, /fix them first.*nothing was planned or applied/);
    assert.doesNotMatch(r.stderr, /connecting/);
  });

  test('sync-status: parsed per zone, exit status follows the parsed health', async (t) => {
    if (!(await labOrSkip(t))) return;
    const r = await runCli(['sync-status', fx.dir, '--format', 'json', ...ssh()]);
    const list = JSON.parse(r.stdout) as { zone: string; status?: { healthy: boolean } }[];
    assert.deepEqual(list.map((z) => z.zone).sort(), lab!.zones.map((z) => z.name).sort());
    assert.equal(r.code, list.every((z) => z.status?.healthy) ? 0 : 1);
    const one = await runCli(['sync-status', secondaryZone(lab!).name, fx.dir, ...ssh()]);
    assert.match(one.stdout, new RegExp(`^${secondaryZone(lab!).name}: (OK|NOT SYNCED); metadata: `));
    assert.match(one.stdout, /data from us-east: /);
  });

  test('host keys: unknown refused without --accept-new-host-keys, accepted and recorded with it; hashed entries work; a changed key is always refused', async (t) => {
    if (!(await labOrSkip(t))) return;
    const sec = secondaryZone(lab!).name;
    const known = join(fx.work, `known_hosts-${randomBytes(3).toString('hex')}`);
    writeFileSync(known, '');
    const config = join(fx.work, 'ssh_config-unknown');
    writeFileSync(config, sshConfigText(lab!, 'lab-gw', known));
    const refused = await runCli(['plan', 'zone', sec, fx.dir, '--ssh-config', config]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /not in known_hosts/);
    assert.match(refused.stderr, /SHA256:[A-Za-z0-9+/]{43}/);
    assert.equal(readFileSync(known, 'utf8'), '', 'nothing recorded');

    const accepted = await runCli(['plan', 'zone', sec, fx.dir, '--ssh-config', config, '--accept-new-host-keys']);
    assert.equal(accepted.code, 0, accepted.stderr);
    const [entry] = parseKnownHosts(readFileSync(known, 'utf8'));
    assert.equal(`${entry.patterns[0]} ${entry.keyType} ${entry.key.toString('base64')}`, `[${lab!.ssh.host}]:${lab!.ssh.port} ${lab!.ssh.hostKey}`);
    assert.equal((await runCli(['plan', 'zone', sec, fx.dir, '--ssh-config', config])).code, 0, 'known from now on');

    writeFileSync(known, hashedKnownHostsLine(lab!.ssh.host, lab!.ssh.port, entry.keyType, entry.key, randomBytes(20)) + '\n');
    assert.equal((await runCli(['plan', 'zone', sec, fx.dir, '--ssh-config', config])).code, 0, 'hashed entry');

    const jwk = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
    const str = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
    const wrong = Buffer.concat([str(Buffer.from('ssh-ed25519')), str(Buffer.from(jwk.x!, 'base64url'))]);
    writeFileSync(known, `[${lab!.ssh.host}]:${lab!.ssh.port} ssh-ed25519 ${wrong.toString('base64')}\n`);
    const changed = await runCli(['plan', 'zone', sec, fx.dir, '--ssh-config', config, '--accept-new-host-keys']);
    assert.equal(changed.code, 1);
    assert.match(changed.stderr, /has CHANGED/);
    assert.equal(readFileSync(known, 'utf8').trim().split('\n').length, 1, 'the changed key is not recorded');
  });

  test('hostile zone names and bad usage exit 2 with nothing run', async (t) => {
    if (!(await labOrSkip(t))) return;
    const marker = `/tmp/cf-pwned-${randomBytes(4).toString('hex')}`;
    for (const zone of [`x$(touch ${marker})`, `x; touch ${marker}`]) {
      const r = await runCli(['apply', 'zone', zone, fx.dir, '--yes', ...ssh()]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /is not a usable zone name/);
      assert.match(r.stderr, /nothing was planned or applied/);
    }
    assert.equal(existsSync(marker), false);
    for (const args of [['plan'], ['plan', 'zone'], ['apply', 'bucket', 'x'], ['sync-status', 'a', 'b', 'c'], ['plan', 'federation', fx.dir, '--format', 'yaml']]) {
      const r = await runCli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    }
  });
});
