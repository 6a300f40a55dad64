// The remote engine's pure parts, no lab needed: quoting, masking, known_hosts, ssh config resolution, sync
// status parsing, normalization and diff, legacy translation, agent configs. The lab tests prove the same parts
// against the real sshd and radosgw.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import {
  diffDocs,
  fingerprint,
  generateAgentConfigs,
  Masker,
  normalizeZone,
  parseKnownHosts,
  parseSyncStatus,
  resolveHost,
  shJoin,
  shQuote,
  verifyHostKey,
} from '../../client/src/remote';
import { translateRegion, translateZone } from '../../client/src/remote/translate';
import { awaitCommitSpacing, COMMIT_SPACING_MS, recordCommit } from '../../client/src/remote/commitSpacing';
import { holderAlive, holderPid, holderRecord } from '../../client/src/remote/holder';
import { acquireLocks, LockError, stateFile } from '../../client/src/remote/lock';
import { heldMessage, isBusy, isGone, isPoolMissing, lockDurationS, parseLockInfo } from '../../client/src/remote/clusterLock';
import { RemoteSession } from '../../client/src/remote/session';
import { DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS } from '../../client/src/remote/ssh';
import { checkFiles } from '../../server/src/core/check';
import { NASTY } from '../fixtures/lab-federation/hostile';
import { readFederationDir } from '../../server/src/node/files';


describe('POSIX quoting', () => {
  test('every string reaches a real sh as one verbatim word, and nothing runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-quote-'));
    for (const s of NASTY) {
      const nasty = s.replace(/\/tmp\/pwned/g, join(dir, 'pwned'));
      // printf '%s\0' shows the word boundaries exactly.
      const r = spawnSync('sh', ['-c', shJoin(['printf', '%s\\0', nasty, 'after'])], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(r.stdout.split('\0').slice(0, -1), [nasty, 'after'], `quoting of ${JSON.stringify(nasty)}`);
    }
    assert.equal(spawnSync('ls', [dir], { encoding: 'utf8' }).stdout, '', 'no command inside an argument ran');
  });

  test('plain words stay readable; a first word with = is not an assignment', () => {
    assert.equal(shJoin(['radosgw-admin', '--name', 'client.rgw.a', 'zone', 'set', '--rgw-zone=us-east']), 'radosgw-admin --name client.rgw.a zone set --rgw-zone=us-east');
    assert.equal(shQuote(''), "''");
    assert.equal(shJoin(['A=b', 'c']), "'A=b' c");
    assert.throws(() => shQuote('a\0b'), /NUL/);
  });
});

describe('masking', () => {
  test('known keys and key-shaped fields are masked everywhere', () => {
    const m = new Masker().add('AKIAEXAMPLEKEY12345', 'secretsecretsecretsecret');
    const out = m.mask('ak AKIAEXAMPLEKEY12345 sk secretsecretsecretsecret {"secret_key": "other-unknown-secret", "access_key":"ZZZZ"} --secret=abc src_secret_key: xyz');
    assert.doesNotMatch(out, /AKIAEXAMPLEKEY12345|secretsecret|other-unknown-secret|ZZZZ|abc|xyz/);
  });
});

describe('known_hosts', () => {
  const key = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), randomBytes(32)]);
  const other = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), randomBytes(32)]);
  const hashed = (name: string) => {
    const salt = randomBytes(20);
    return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
  };
  test('plain [host]:port, hashed and wildcard entries; changed and unknown keys', () => {
    const b64 = key.toString('base64');
    for (const pattern of ['[10.0.0.1]:2222', hashed('[10.0.0.1]:2222'), '[10.0.0.*]:2222']) {
      const entries = parseKnownHosts(`# c\n${pattern} ssh-ed25519 ${b64}\n`);
      assert.equal(verifyHostKey(entries, ['[10.0.0.1]:2222'], key).status, 'known', pattern);
      assert.equal(verifyHostKey(entries, ['[10.0.0.1]:2222'], other).status, 'changed', pattern);
      assert.equal(verifyHostKey(entries, ['10.0.0.1'], key).status, 'unknown', `${pattern}: port 22 is another name`);
    }
    assert.equal(verifyHostKey(parseKnownHosts(`@revoked * ssh-ed25519 ${b64}\n`), ['h'], key).status, 'revoked');
    assert.match(fingerprint(key), /^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});

describe('ssh config resolution', () => {
  test('HostName, Port, User, IdentityFile, UserKnownHostsFile, ConnectTimeout through ssh-config; overrides win', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-sshcfg-'));
    const file = join(dir, 'config');
    writeFileSync(file, 'Host gw-*\n  User ceph\n  Port 2200\n  ConnectTimeout 7\nHost gw-us-east-1\n  HostName 10.1.2.3\n  IdentityFile ~/.ssh/fed_key\n  UserKnownHostsFile /etc/fed_known_hosts\nHost slow-gw\n  ConnectTimeout soon\n');
    const r = await resolveHost('gw-us-east-1', { sshConfigPath: file });
    assert.equal(r.hostName, '10.1.2.3');
    assert.equal(r.user, 'ceph');
    assert.equal(r.port, 2200);
    assert.match(r.identityFiles[0], /\.ssh\/fed_key$/);
    assert.deepEqual(r.knownHostsFiles, ['/etc/fed_known_hosts']);
    assert.equal(r.connectTimeoutS, 7);
    await assert.rejects(resolveHost('slow-gw', { sshConfigPath: file }), /ConnectTimeout of slow-gw is not a number of seconds: soon/);
    const o = await resolveHost('gw-us-east-1', { sshConfigPath: file, overrides: { 'gw-us-east-1': { port: 22, user: 'root' } } });
    assert.deepEqual([o.port, o.user], [22, 'root']);
  });

  test("the timeouts' defaults that the extension's settings show are the engine's own", () => {
    const settings = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).contributes.configuration.properties;
    assert.equal(settings['cephFederation.ssh.connectTimeoutSeconds'].default * 1000, DEFAULT_CONNECT_TIMEOUT_MS);
    assert.equal(settings['cephFederation.remote.commandTimeoutSeconds'].default * 1000, DEFAULT_COMMAND_TIMEOUT_MS);
  });
});

describe('sync status parsing', () => {
  test('behind, recovering and period mismatch', () => {
    const s = parseSyncStatus(`          realm 1a8f (lab)
      zonegroup 19c7 (us)
           zone 4266 (us-west)
  metadata sync syncing
                full sync: 0/64 shards
                incremental sync: 64/64 shards
                master is on a different period: master_period=p2 local_period=p1
                metadata is behind on 2 shards
                behind shards: [3,17]
                oldest incremental change not applied: 2026-01-01T00:00:00.0+0000
      data sync source: 3db4 (us-east)
                        syncing
                        full sync: 0/128 shards
                        incremental sync: 128/128 shards
                        data is behind on 5 shards
                        behind shards: [1,2,3,4,5]
                        2 shards are recovering
                        recovering shards: [7,9]
`);
    assert.deepEqual(s.zone, { id: '4266', name: 'us-west' });
    assert.equal(s.metadata.state, 'behind');
    assert.deepEqual(s.metadata.behindShardList, [3, 17]);
    assert.deepEqual(s.periodMismatch, { master: 'p2', local: 'p1' });
    assert.equal(s.data[0].name, 'us-east');
    assert.equal(s.data[0].behindShards, 5);
    assert.deepEqual(s.data[0].recoveringShardList, [7, 9]);
    assert.equal(s.healthy, false);
  });
});

describe('normalization and translation', () => {
  test('a legacy zone and its modern twin differ only where the values do', () => {
    const legacy = { domain_root: '.us-east.domain.rgw', system_key: { access_key: 'A', secret_key: 'S' }, placement_pools: [{ key: 'default-placement', val: { index_pool: 'i', data_pool: 'd' } }] };
    const modern = { id: 'x', name: 'us-east', domain_root: '.us-east.domain.rgw', system_key: { access_key: 'A', secret_key: 'T' }, placement_pools: [{ key: 'default-placement', val: { index_pool: 'i', storage_classes: { STANDARD: { data_pool: 'd' } }, data_extra_pool: '', index_type: 0 } }] };
    const d = diffDocs(normalizeZone(legacy), normalizeZone(modern), { onlyLocalKeys: true });
    assert.deepEqual(d.map((e) => e.path), ['system_key.secret_key']);
    assert.equal(d[0].local, '****', 'keys are masked in a diff');
  });

  test('a legacy region gets ids; a legacy zone gets the live id, name and realm', () => {
    const live = { id: 'zg1', name: 'us', realm_id: 'r1', master_zone: 'id-east', zones: [{ id: 'id-east', name: 'us-east', tier_type: '' }], sync_policy: { groups: [] } };
    const t = translateRegion({ name: 'us', master_zone: 'us-east', is_master: 'true', zones: [{ name: 'us-east', log_meta: 'true' }, { name: 'us-west' }] }, live, new Map([['us-west', 'id-west']]), 'r1');
    const out = JSON.parse(t.text);
    assert.equal(out.id, 'zg1');
    assert.equal(out.master_zone, 'id-east');
    assert.deepEqual(out.zones.map((z: { id: string }) => z.id), ['id-east', 'id-west']);
    assert.deepEqual(out.sync_policy, { groups: [] });
    assert.throws(() => translateRegion({ master_zone: 'nope', zones: [] }, live, new Map(), 'r1'), /does not exist/);
    const z = JSON.parse(translateZone({ domain_root: '.us-east.domain.rgw' }, 'us-east', { id: 'id-east', realm_id: 'r1', otp_pool: 'o' }, 'r1').text);
    assert.deepEqual([z.id, z.name, z.realm_id, z.otp_pool], ['id-east', 'us-east', 'r1', 'o']);
  });
});

describe('sync agent configs', () => {
  test('the seed federation: one data config per secondary zone, one metadata config per secondary region, all passing the checker', async () => {
    const root = resolve(__dirname, '..', '..', 'examples', 'seed');
    const agentless = (await readFederationDir(root)).filter((s) => !s.uri.endsWith('.conf') || s.uri.endsWith('ceph.conf'));
    const { federation } = await checkFiles(agentless);
    const configs = generateAgentConfigs(federation);
    assert.deepEqual(configs.map((c) => `${c.kind} ${c.source}->${c.destination}`).sort(), ['data eu-east->eu-west', 'data us-east->us-west', 'metadata us-east->eu-east']);
    assert.ok(configs.every((c) => c.problems.length === 0), JSON.stringify(configs.map((c) => c.problems)));
    // Generated configs beside the federation check clean: keys match the zones, sources are masters.
    const withAgents = await checkFiles([...agentless, ...configs.map((c) => ({ uri: `file:///generated/${c.file}`, text: c.text }))]);
    const agentDiags = [...withAgents.diagnostics].filter(([u]) => u.startsWith('file:///generated/')).flatMap(([, d]) => d).filter((d) => d.severity === 'error');
    assert.deepEqual(agentDiags.map((d) => `${d.code}: ${d.message}`), []);
  });
});

describe('period commit spacing', () => {
  test('a commit right after another to the same remote waits; another remote, or one never committed to, does not', async () => {
    const dest = `spacing-test-${randomBytes(4).toString('hex')}@127.0.0.1:1`;
    assert.equal(await awaitCommitSpacing(dest), 0);
    await recordCommit(dest);
    assert.equal(await awaitCommitSpacing(`${dest}0`), 0, 'another remote');
    const heard: number[] = [];
    const waited = await awaitCommitSpacing(dest, undefined, (ms) => heard.push(ms));
    assert.ok(waited > COMMIT_SPACING_MS - 2000 && waited <= COMMIT_SPACING_MS, `waited ${waited} ms`);
    assert.deepEqual(heard, [waited], 'told how long before waiting');
    assert.equal(await awaitCommitSpacing(dest), 0, 'the spacing has passed');
  });

  test('waiting on several keys is one wait, for the newest commit among them, told under its key', async () => {
    const [older, newer] = ['a', 'b'].map((k) => `spacing-test-${randomBytes(4).toString('hex')}-${k}@127.0.0.1:1`);
    await recordCommit(older);
    await new Promise((r) => setTimeout(r, 1000));
    await recordCommit(newer);
    const heardFor = async (keys: string | string[]) => {
      const heard: [number, string][] = [];
      const ac = new AbortController();
      // Cancelled once told: the test need not sit out the spacing.
      const wait = awaitCommitSpacing(keys, ac.signal, (ms, key) => {
        heard.push([ms, key]);
        setImmediate(() => ac.abort());
      });
      await assert.rejects(wait, /cancelled/);
      assert.equal(heard.length, 1, `told once: ${JSON.stringify(heard)}`);
      return heard[0];
    };
    const [both, key] = await heardFor([older, newer]);
    assert.equal(key, newer);
    const [alone] = await heardFor(older);
    assert.ok(both - alone > 800, `the wait is the newer commit's: ${both} ms against ${alone} ms for the older`);
  });

  test('cancelling the wait rejects it', async () => {
    const dest = `spacing-test-${randomBytes(4).toString('hex')}@127.0.0.1:1`;
    await recordCommit(dest);
    const ac = new AbortController();
    const wait = awaitCommitSpacing(dest, ac.signal);
    ac.abort();
    await assert.rejects(wait, /cancelled/);
  });
});

describe("clusters' apply locks", () => {
  test('a legacy plan locks each cluster it writes once, in the root pool of its first gateway, and releases it last', async () => {
    const { federation } = await checkFiles(await readFederationDir(resolve(__dirname, '..', '..', 'examples', 'seed')));
    // A legacy plan needs no connection: the dialect is given, and nothing is read from the gateways.
    const plan = await new RemoteSession({ sshConfigPath: null, dialect: 'legacy' }).planZone(federation, 'us-west', { backupDir: join(tmpdir(), 'cf-unused') });
    const locks = plan.steps.filter((st) => st.command?.startsWith('rados '));
    // The seed keeps no .rgw.root: each gateway has its own zone root pool, and the first one per cluster holds the lock.
    assert.deepEqual(
      locks.map((st) => `${st.n} ${st.phase} ${st.command!.replace(/--lock-description '[^']*'/, '--lock-description D')}`),
      [
        `1 prepare rados --name client.radosgw.eu-east-1 -p .eu-east.rgw.root lock get ceph-federation.apply apply --lock-cookie ${plan.id} --lock-duration 1800 --lock-description D`,
        `2 prepare rados --name client.radosgw.us-east-1 -p .us-east.rgw.root lock get ceph-federation.apply apply --lock-cookie ${plan.id} --lock-duration 1800 --lock-description D`,
        `21 cleanup rados --name client.radosgw.eu-east-1 -p .eu-east.rgw.root lock break ceph-federation.apply apply $LOCKER --lock-cookie ${plan.id}`,
        `22 cleanup rados --name client.radosgw.us-east-1 -p .us-east.rgw.root lock break ceph-federation.apply apply $LOCKER --lock-cookie ${plan.id}`,
      ],
    );
    assert.ok(plan.steps.filter((st) => st.phase === 'backup').every((st) => st.n > 2), 'taken before the first backup');
    assert.match(locks[0].command!, new RegExp(`--lock-description 'ceph-federation: apply zone us-west by \\S+@\\S+ \\(pid ${process.pid}\\), started \\d{4}-`));
  });

  test("rados lock info read; a busy lock told apart; the refusal names the holder and how to break its lock", () => {
    // As radosgw 16.2.15's rados prints it (the lab).
    const out = '{"name":"apply","type":"exclusive","tag":"","lockers":[{"name":"client.4174","cookie":"plan-1","description":"ceph-federation: apply zone us-west by bob@ci (pid 7), started 2026-01-01T00:00:00.000Z","expiration":"2026-11-28T11:25:53.213944+0000","addr":"127.0.0.1:0/2627482261"}]}';
    const [holder] = parseLockInfo(out);
    assert.deepEqual([holder.name, holder.cookie, holder.expiration], ['client.4174', 'plan-1', '2026-11-28T11:25:53.213944+0000']);
    assert.deepEqual(parseLockInfo('{"name":"apply","type":"exclusive","tag":"","lockers":[]}'), []);
    assert.throws(() => parseLockInfo('error 2: (2) No such file or directory'), /printed no JSON/);
    assert.ok(isBusy('ERROR: failed locking: (16) Device or resource busy\nerror 16: (16) Device or resource busy'));
    assert.ok(!isBusy('error opening pool .rgw.root: (2) No such file or directory'));
    assert.ok(isGone('ERROR: failed breaking lock: (2) No such file or directory\nerror 2: (2) No such file or directory'));
    assert.ok(!isGone('ERROR: failed locking: (16) Device or resource busy'));
    assert.ok(isPoolMissing('error opening pool .nope: (2) No such file or directory'));
    assert.ok(!isPoolMissing('ERROR: failed breaking lock: (2) No such file or directory'));
    const m = heldMessage('gw-1 (client.rgw.b)', '.rgw.root', holder, 'rados -p .rgw.root lock break ceph-federation.apply apply client.4174 --lock-cookie plan-1');
    assert.match(m, /bob@ci \(pid 7\)/);
    assert.match(m, /held by client\.4174 until 2026-11-28T11:25:53/);
    assert.match(m, /break its lock with: rados -p \.rgw\.root lock break ceph-federation\.apply apply client\.4174 --lock-cookie plan-1$/);
    // Longer than the longest command, never under half an hour.
    assert.equal(lockDurationS(600_000), 1800);
    assert.equal(lockDurationS(3_600_000), 10_800);
  });
});

describe('apply locks and their holders', () => {
  test('a holder is alive while its pid runs with the start time it recorded; a recycled or dead pid is not', () => {
    const me = holderRecord();
    assert.equal(holderPid(me), String(process.pid));
    assert.equal(holderAlive(me), true);
    assert.equal(holderAlive(String(process.pid)), true, 'a pid alone (an older file) is trusted');
    assert.equal(holderAlive(`${process.pid} 1`), false, 'the same pid started at another time is another process');
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    assert.equal(holderAlive(`${gone}`), false, 'an exited process');
    assert.equal(holderAlive(''), false);
  });

  test('a lock whose holder runs is refused, naming it; one left by a crash whose pid now runs another process is taken over', async () => {
    const key = `zone:unit-${randomBytes(4).toString('hex')}`;
    const file = stateFile(key, 'lock');
    mkdirSync(dirname(file), { recursive: true });
    // Held by a live process (this one, as another apply of the same machine would be).
    writeFileSync(file, holderRecord());
    await assert.rejects(acquireLocks([key]), (e: Error) => e instanceof LockError && e.message.includes(`pid ${process.pid}`) && e.message.includes(file));
    // The pid of a crashed apply, since given to a process that started at another time: stale, taken over.
    writeFileSync(file, `${process.pid} 1`);
    const release = await acquireLocks([key]);
    assert.equal(readFileSync(file, 'utf8'), holderRecord());
    await release();
    assert.throws(() => readFileSync(file), /ENOENT/);
  });
});
