// Faults injected into the remote engine against the real lab: its sshd, its radosgw-admin. The federation has
// two clusters (ssh aliases lab-gw and lab-gw-1, both the lab host), so one zone set can succeed while the other
// meets the fault. radosgw-admin on lab-gw-1 is a wrapper in a private directory on the lab host that passes
// everything through except `zone set`, which it fails, hangs or holds as the test says. The lab is put back.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { basename, join } from 'node:path';
import { describe, test } from 'node:test';
import { CommandTimeoutError, commitSpacingKeys, HostKeyError, normalizeZone, RemoteSession, ValidationError, type ApplyReport, type SessionOptions } from '../../client/src/remote';
import { awaitCommitSpacing, COMMIT_SPACING_MS } from '../../client/src/remote/commitSpacing';
import { NASTY } from '../fixtures/lab-federation/hostile';
import { sshConfigText, type LabFederation } from '../fixtures/lab-federation/generate';
import { LabGuard } from '../fixtures/lab-federation/guard';
import { holdLabFederation } from '../fixtures/lab-federation/hold';
import { runCli } from '../fixtures/cliFromSource';
import { applyLockHolders, labOrSkip, secondaryZone, sftpWriteFile, sshExec, type Lab } from './lab';
import { checkFiles } from '../../server/src/core/check';
import type { Federation } from '../../server/src/core/model/federation';
import { readFederationDir } from '../../server/src/node/files';

type Json = Record<string, any>;
const FAULTY = 'lab-gw-1';

let lab: Lab | undefined;
let fx: LabFederation;
let guard: LabGuard;
/** The wrapper's directory on the lab host (mktemp -d, 0700). */
let remoteDir = '';
let injected = 0;

const WRAPPER = `#!/bin/sh
# Fault injection around the real radosgw-admin: only zone set is affected, as the file "mode" says, and in mode
# commit-then-fail the period commit, which is made and then reported as failed.
d=$(dirname "$0")
case " $* " in *" period update --commit "*) if [ "$(cat "$d/mode")" = commit-then-fail ]; then
  radosgw-admin "$@" >/dev/null 2>&1; echo "injected failure after the commit was made" >&2; exit 5; fi ;; esac
case " $* " in *" zone set "*) ;; *) exec radosgw-admin "$@" ;; esac
echo $$ > "$d/pid"; echo $$ >> "$d/pids"
prev=
for a; do [ "$prev" = --infile ] && infile=$a; prev=$a; done
stat -c '%a %n' "$(dirname "$infile")" "$infile" > "$d/tmpmode"
case "$(cat "$d/mode")" in
  fail) echo "injected failure: radosgw-admin could not write the zone" >&2; exit 5 ;;
  hang) exec sleep 120 ;;
  hold) i=0; while [ ! -e "$d/go" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done; exec radosgw-admin "$@" ;;
  *) exec radosgw-admin "$@" ;;
esac
`;

/** Around the real rados: `lock break` fails while the file "rados-mode" says break-fails. */
const RADOS_WRAPPER = `#!/bin/sh
d=$(dirname "$0")
case " $* " in *" lock break "*) if [ "$(cat "$d/rados-mode" 2>/dev/null)" = break-fails ]; then
  echo "injected failure: could not break the lock" >&2; exit 5; fi ;; esac
exec rados "$@"
`;

async function loadFederation(dir: string): Promise<Federation> {
  return (await checkFiles(await readFederationDir(dir))).federation;
}

const onLab = async (cmd: string) => {
  const r = await sshExec(guard.conn, cmd);
  if (r.code !== 0) throw new Error(`${cmd}: exit ${r.code}: ${r.stderr}`);
  return r.stdout.trim();
};

/** The per-session sshd (`sshd: root@notty`) a process on the lab host runs under: killing it drops that connection. */
async function sshdOf(pid: string): Promise<string> {
  const sshd = await onLab(
    `p=${pid}; while [ "$p" -gt 1 ]; do [ "$(cat /proc/$p/comm)" = sshd ] && { echo $p; exit 0; }; p=$(awk '/^PPid:/{print $2}' /proc/$p/status); done; exit 1`,
  );
  assert.match(await onLab(`tr '\\0' ' ' < /proc/${sshd}/cmdline`), /^sshd: root@notty/, 'the per-session sshd, not the listener');
  return sshd;
}

async function arm(mode: 'fail' | 'hang' | 'hold' | 'pass' | 'commit-then-fail'): Promise<void> {
  await onLab(`rm -f ${remoteDir}/pid ${remoteDir}/go ${remoteDir}/tmpmode && echo ${mode} > ${remoteDir}/mode`);
}

async function waitFor(cmd: string, timeoutMs = 30_000): Promise<string> {
  const t0 = Date.now();
  for (;;) {
    const r = await sshExec(guard.conn, cmd);
    if (r.code === 0 && r.stdout.trim()) return r.stdout.trim();
    if (Date.now() - t0 > timeoutMs) throw new Error(`gave up waiting for: ${cmd}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function session(extra: SessionOptions = {}, logs: string[] = []): RemoteSession {
  return new RemoteSession({
    sshConfigPath: fx.sshConfig,
    hosts: { [FAULTY]: { remote: { radosgwAdmin: `${remoteDir}/radosgw-admin` } } },
    logger: (l, m) => logs.push(`${l} ${m}`),
    ...extra,
  });
}

const sec = () => secondaryZone(lab!).name;
const infile = () => join(fx.dir, `${sec()}.json`);
const backupDir = () => join(fx.work, 'backups');

/** Makes the infile differ from the live zone, so that an applied zone set is visible in zone get. */
function changeInfile(tag: string): string {
  const original = readFileSync(infile(), 'utf8');
  const j = JSON.parse(original) as Json;
  j.placement_pools[0].val.data_extra_pool = `${sec()}.rgw.buckets.non-ec-${tag}`;
  writeFileSync(infile(), JSON.stringify(j, null, 4) + '\n');
  return original;
}

/**
 * What every fault must leave behind: the failed step named with its host, the healthy cluster's zone set listed
 * as applied and the faulty one's not, both backups written, no temp dir left, and the restore from the healthy
 * cluster's backup putting the zone back (zone get, normalized, equal to the backup).
 */
async function assertPartial(report: ApplyReport, failure: RegExp): Promise<void> {
  assert.equal(report.ok, false);
  assert.equal(report.failed?.step.host, FAULTY, report.summary);
  assert.equal(report.failed?.step.description, `set zone ${sec()}`);
  assert.match(report.failed!.message!, failure);
  assert.match(report.summary, new RegExp(`^FAILED to apply zone ${sec()}: step \\d+ \\(set zone ${sec()} on ${FAULTY} \\(client\\.rgw\\.b\\)\\) failed: `));
  assert.deepEqual(report.applied.map((o) => `${o.step.description} @ ${o.step.host}`), [`set zone ${sec()} @ lab-gw`]);
  assert.match(report.summary, new RegExp(`already applied:\\n  - set zone ${sec()} on lab-gw \\(client\\.rgw\\.b\\)\\nnot applied:\\n  - commit a new period \\(realm-wide\\) on lab-gw`));
  assert.equal(report.backups.length, 2, 'a backup per cluster');
  for (const b of report.backups) assert.equal(JSON.stringify(JSON.parse(readFileSync(b, 'utf8'))), guard.original(`zone:${sec()}`), `${b} holds the zone as it was`);
  assert.deepEqual(report.leftovers, []);
  const dirs = report.completed.filter((o) => o.step.phase === 'prepare' && o.step.description.startsWith('make a private temp dir')).map((o) => o.message!);
  assert.equal(dirs.length, 2);
  for (const d of dirs) assert.equal(await onLab(`test -e ${d}; echo $?`), '1', `${d} removed after the failure`);
  assert.notEqual(JSON.stringify(await guard.zoneGet(sec())), guard.original(`zone:${sec()}`), 'lab-gw really applied the change');

  // Restore Zone from Backup, as the command does it: planRestore + apply, then zone get. In a session of its own, as
  // an operator would run it: the fault's session may have a command timeout shorter than a period commit.
  const backup = report.backups.find((b) => basename(b).startsWith('lab-gw--'))!;
  const restorer = session();
  const back = await restorer.apply(await restorer.planRestore(await loadFederation(fx.dir), sec(), backup, { backupDir: backupDir() })).finally(() => restorer.close());
  assert.ok(back.ok, back.summary);
  assert.deepEqual(normalizeZone(await guard.zoneGet(sec())), normalizeZone(JSON.parse(readFileSync(backup, 'utf8'))));
}

holdLabFederation({
  onHold: (h) => {
    lab = h?.lab;
    if (h) ({ fx, guard } = h);
  },
  generate: { extraClusters: 1 },
  setUp: async ({ lab }) => {
    // A run killed in the middle of the upload fault leaves the sftp subsystem hanging: it would hold the uploads below.
    await onLab(`rm -f ${lab.labDir}/ssh/sftp-hang`);
    remoteDir = await onLab('mktemp -d /tmp/cf-faults.XXXXXXXX');
    await sftpWriteFile(guard.conn, `${remoteDir}/radosgw-admin`, WRAPPER);
    await sftpWriteFile(guard.conn, `${remoteDir}/rados`, RADOS_WRAPPER);
    await onLab(`chmod 700 ${remoteDir}/radosgw-admin ${remoteDir}/rados`);
  },
  cleanUp: async () => {
    // A hung wrapper the test could not end would otherwise sleep on.
    await sshExec(guard.conn, `for p in $(cat ${remoteDir}/pids 2>/dev/null); do kill $p 2>/dev/null; done; rm -rf ${remoteDir}`);
  },
  settledLine: (seconds) => `[faults] ${injected} faults injected; metadata sync picks up new buckets again after ${seconds} s`,
});

describe('ssh and radosgw-admin faults on the lab', () => {
  test('connection faults: refused before anything runs, one message naming the host and the failed step', async (t) => {
    if (!(await labOrSkip(t))) return;
    const work = mkdtempSync(join(fx.work, 'conn-'));
    const free = await new Promise<number>((done) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as { port: number };
        srv.close(() => done(port));
      });
    });
    // A server that accepts the connection and never says a word (a wedged sshd, a firewall that half-opens)
    const silentSockets: Socket[] = [];
    const silent = createServer((c) => silentSockets.push(c)).listen(0, '127.0.0.1');
    await new Promise((r) => silent.once('listening', r));
    t.after(() => {
      silent.close();
      for (const c of silentSockets) c.destroy();
    });
    const silentPort = (silent.address() as { port: number }).port;
    const strangerKey = join(work, 'stranger_ed25519');
    assert.equal(spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'not-authorized', '-f', strangerKey]).status, 0);
    const emptyKnown = join(work, 'known_hosts-empty');
    writeFileSync(emptyKnown, '');
    const otherKey = join(work, 'other_host_key');
    assert.equal(spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', otherKey]).status, 0);
    const changedKnown = join(work, 'known_hosts-changed');
    writeFileSync(changedKnown, `[${lab!.ssh.host}]:${lab!.ssh.port} ${readFileSync(`${otherKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`);

    const good = sshConfigText(lab!, 'lab-gw');
    const faulty = (lines: string[]) => [good, `Host ${FAULTY}`, ...lines.map((l) => `  ${l}`), ''].join('\n');
    const base = [`User ${lab!.ssh.username}`, `IdentityFile ${lab!.ssh.privateKeyPath}`];
    const cases: { name: string; config: string; expect: RegExp; hostKey?: HostKeyError['reason'] }[] = [
      { name: 'port closed', config: faulty([`HostName 127.0.0.1`, `Port ${free}`, ...base, `UserKnownHostsFile ${lab!.ssh.knownHostsPath}`]), expect: new RegExp(`ssh to ${FAULTY} \\(root@127\\.0\\.0\\.1:${free}\\) failed: connect ECONNREFUSED`) },
      { name: 'a server that never answers (ssh_config ConnectTimeout 2)', config: faulty([`HostName 127.0.0.1`, `Port ${silentPort}`, 'ConnectTimeout 2', ...base, `UserKnownHostsFile ${lab!.ssh.knownHostsPath}`]), expect: new RegExp(`ssh to ${FAULTY} \\(root@127\\.0\\.0\\.1:${silentPort}\\) failed: no answer within 2 s`) },
      { name: 'DNS name that does not resolve', config: faulty(['HostName no-such-host.invalid', `Port ${lab!.ssh.port}`, ...base]), expect: new RegExp(`ssh to ${FAULTY} \\(root@no-such-host\\.invalid:${lab!.ssh.port}\\) failed: getaddrinfo (ENOTFOUND|EAI_AGAIN) no-such-host\\.invalid`) },
      { name: 'wrong user key', config: faulty([`HostName ${lab!.ssh.host}`, `Port ${lab!.ssh.port}`, `User ${lab!.ssh.username}`, `IdentityFile ${strangerKey}`, `UserKnownHostsFile ${lab!.ssh.knownHostsPath}`]), expect: new RegExp(`ssh to ${FAULTY} \\(root@127\\.0\\.0\\.1:${lab!.ssh.port}\\) failed: authentication failed`) },
      { name: 'unknown host key, nobody to ask', config: faulty([`HostName ${lab!.ssh.host}`, `Port ${lab!.ssh.port}`, ...base, `UserKnownHostsFile ${emptyKnown}`]), expect: new RegExp(`host ${FAULTY} \\(\\[127\\.0\\.0\\.1\\]:${lab!.ssh.port}\\) is not in known_hosts .* SHA256:`), hostKey: 'unknown-refused' },
      { name: 'changed host key', config: faulty([`HostName ${lab!.ssh.host}`, `Port ${lab!.ssh.port}`, ...base, `UserKnownHostsFile ${changedKnown}`]), expect: new RegExp(`host key of ${FAULTY} .* has CHANGED`), hostKey: 'changed' },
    ];
    for (const c of cases) {
      await t.test(c.name, async () => {
        const config = join(work, `ssh_config-${c.name.replace(/\W+/g, '-')}`);
        writeFileSync(config, c.config);
        const logs: string[] = [];
        const s = new RemoteSession({ sshConfigPath: config, agent: '', logger: (l, m) => logs.push(`${l} ${m}`) });
        injected++;
        try {
          await assert.rejects(s.planZone(await loadFederation(fx.dir), sec(), { backupDir: backupDir() }), (e: Error) => {
            assert.match(e.message, c.expect);
            if (c.hostKey) assert.equal((e as HostKeyError).reason, c.hostKey);
            return true;
          });
          // The healthy cluster was probed, the faulty one refused while connecting: nothing was planned to run.
          assert.ok(logs.some((l) => l.includes(`connecting to ${FAULTY}`)), logs.join('\n'));
        } finally {
          s.close();
        }
        // The same through the CLI: one message, exit 1, nothing applied.
        injected++;
        const r = await runCli(['apply', 'zone', sec(), fx.dir, '--yes', '--ssh-config', config]);
        assert.equal(r.code, 1, r.stderr);
        const message = r.stderr.split('\n').filter((l) => l.startsWith('ceph-federation: '));
        assert.equal(message.length, 1, r.stderr);
        assert.match(message[0], c.expect);
        assert.match(r.stderr, /nothing was applied/);
        assert.equal(JSON.stringify(await guard.zoneGet(sec())), guard.original(`zone:${sec()}`));
      });
    }
  });

  test('an unknown host key confirmed after longer than the connect timeout: the timeout waits for the person; the key is recorded', async (t) => {
    if (!(await labOrSkip(t))) return;
    const work = mkdtempSync(join(fx.work, 'ask-'));
    const known = join(work, 'known_hosts');
    writeFileSync(known, '');
    const config = join(work, 'ssh_config');
    const host = [`HostName ${lab!.ssh.host}`, `Port ${lab!.ssh.port}`, `User ${lab!.ssh.username}`, `IdentityFile ${lab!.ssh.privateKeyPath}`, `UserKnownHostsFile ${known}`];
    writeFileSync(config, [`Host ${FAULTY}`, ...host.map((l) => `  ${l}`), ''].join('\n'));
    const asked: string[] = [];
    const s = new RemoteSession({
      sshConfigPath: config,
      agent: '',
      connectTimeoutMs: 1000,
      onUnknownHostKey: async (q) => {
        asked.push(`${q.keyType} ${q.fingerprint}`);
        await new Promise((r) => setTimeout(r, 2500)); // a person reading the fingerprint
        return true;
      },
    });
    try {
      const r = await s.run(FAULTY, ['true']);
      assert.equal(r.code, 0);
      assert.deepEqual(asked.map((a) => a.split(' ')[0]), ['ssh-ed25519']);
      assert.match(readFileSync(known, 'utf8'), new RegExp(`^\\[127\\.0\\.0\\.1\\]:${lab!.ssh.port} ssh-ed25519 \\S+\\n$`));
    } finally {
      s.close();
    }
  });

  test('radosgw-admin fails on one of two clusters: which was applied and which was not; restore puts it back', async (t) => {
    if (!(await labOrSkip(t))) return;
    const original = changeInfile('fail');
    const logs: string[] = [];
    const s = session({}, logs);
    try {
      await arm('fail');
      injected++;
      const report = await s.apply(await s.planZone(await loadFederation(fx.dir), sec(), { backupDir: backupDir() }));
      await assertPartial(report, /^exit 5: injected failure: radosgw-admin could not write the zone$/);
      assert.ok(logs.some((l) => l.startsWith(`error [`) && l.includes(`${FAULTY}: FAILED: exit 5`)), logs.join('\n'));
    } finally {
      writeFileSync(infile(), original);
      s.close();
      await guard.restore();
    }
  });

  test('a command that exceeds the timeout: "timed out after 3 s on lab-gw-1 during set zone", the channel closed', async (t) => {
    if (!(await labOrSkip(t))) return;
    const original = changeInfile('timeout');
    const logs: string[] = [];
    const s = session({ commandTimeoutMs: 3000 }, logs);
    try {
      await arm('hang');
      injected++;
      const t0 = Date.now();
      const report = await s.apply(await s.planZone(await loadFederation(fx.dir), sec(), { backupDir: backupDir() }));
      assert.ok(Date.now() - t0 < 60_000, 'the timeout ended the step, not the hung command');
      const took = report.failed?.durationMs ?? 0;
      assert.ok(took >= 3000 && took < 10_000, `the step took ${took} ms`);
      await assertPartial(report, new RegExp(`^timed out after 3 s on ${FAULTY} during set zone ${sec()}$`));
      // The engine asks sshd to signal the command before closing the channel; OpenSSH 9.2 refuses that for a
      // root session ("session signalling requires privilege separation"), so there it sleeps on: ended here.
      const pid = await onLab(`cat ${remoteDir}/pid`);
      const alive = (await sshExec(guard.conn, `test -e /proc/${pid}`)).code === 0;
      t.diagnostic(`after the timeout the hung command was ${alive ? 'still running (sshd did not signal it)' : 'gone'}`);
      if (alive) await onLab(`kill ${pid}`);
      assert.ok(logs.some((l) => l.startsWith(`warn ${FAULTY}: `) && l.includes('may still be running there')), 'the log says the command may still finish');
      // It ran in the engine's private temp dir: mode 0700, the uploaded infile 0600.
      const [dirLine, fileLine] = (await onLab(`cat ${remoteDir}/tmpmode`)).split('\n');
      assert.match(dirLine, /^700 \/tmp\/ceph-federation\.\w{8}$/);
      assert.match(fileLine, new RegExp(`^600 /tmp/ceph-federation\\.\\w{8}/${sec()}\\.zone\\.json$`));
      assert.equal(await onLab(`test -e ${dirLine.split(' ')[1]}; echo $?`), '1', 'and it is gone');
    } finally {
      writeFileSync(infile(), original);
      s.close();
      await guard.restore();
    }
  });

  test('an upload that never ends (the sftp subsystem does not answer): "upload timed out after 3 s", nothing applied, nothing left', async (t) => {
    if (!(await labOrSkip(t))) return;
    const original = changeInfile('sftp');
    const hang = `${lab!.labDir}/ssh/sftp-hang`;
    const s = session({ commandTimeoutMs: 3000 });
    try {
      const plan = await s.planZone(await loadFederation(fx.dir), sec(), { backupDir: backupDir() });
      await onLab(`touch ${hang}`);
      injected++;
      const t0 = Date.now();
      const report = await s.apply(plan);
      assert.ok(Date.now() - t0 < 60_000, 'the timeout ended the upload');
      assert.equal(report.ok, false);
      assert.equal(report.failed?.step.phase, 'upload', report.summary);
      assert.match(report.failed!.message!, new RegExp(`^upload timed out after 3 s on (lab-gw|${FAULTY}) during upload the zone infile of ${sec()} to \\$TMP/`));
      assert.deepEqual(report.applied, []);
      assert.deepEqual(report.leftovers, [], 'the temp dirs are removed over the same connections');
      assert.deepEqual(report.lockWarnings, []);
      assert.deepEqual(await applyLockHolders(guard.conn), []);
      assert.equal(JSON.stringify(await guard.zoneGet(sec())), guard.original(`zone:${sec()}`), 'the zone is as it was');
    } finally {
      await onLab(`for p in $(cat ${hang} 2>/dev/null); do kill $p 2>/dev/null; done; rm -f ${hang}`);
      writeFileSync(infile(), original);
      s.close();
    }
  });

  test('the connection dropped in the middle of an apply (the session\'s sshd killed): reported, cleaned up, restorable', async (t) => {
    if (!(await labOrSkip(t))) return;
    const original = changeInfile('drop');
    const s = session();
    try {
      await arm('hang');
      const plan = await s.planZone(await loadFederation(fx.dir), sec(), { backupDir: backupDir() });
      const running = s.apply(plan);
      // The zone set on lab-gw-1 is running: find the sshd process serving that session and kill it.
      const pid = await waitFor(`cat ${remoteDir}/pid 2>/dev/null`);
      await onLab(`kill -9 ${await sshdOf(pid)}`);
      injected++;
      const report = await running;
      await assertPartial(report, new RegExp(`^connection to ${FAULTY} \\(root@127\\.0\\.0\\.1:${lab!.ssh.port}\\) lost while the command ran.* during set zone ${sec()}$`));
      await onLab(`kill ${pid} 2>/dev/null; true`);
    } finally {
      writeFileSync(infile(), original);
      s.close();
      await guard.restore();
    }
  });

  test('after a lost connection, commands that start at once share one new connection; a closed session opens none', async (t) => {
    if (!(await labOrSkip(t))) return;
    const logs: string[] = [];
    const s = session({}, logs);
    const connects = () => logs.filter((l) => l.startsWith(`info connecting to ${FAULTY} `)).length;
    try {
      const first = await s.connection(FAULTY);
      const lost = first.exec(['sh', '-c', `echo $$ > ${remoteDir}/drop-pid; exec sleep 60`]).catch((e: Error) => e);
      await onLab(`kill -9 ${await sshdOf(await waitFor(`cat ${remoteDir}/drop-pid 2>/dev/null`))}`);
      injected++;
      assert.match(String(await lost), /connection to lab-gw-1 .* lost while the command ran/);
      for (let i = 0; i < 100 && !first.isClosed; i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(first.isClosed, 'the client saw its connection end');
      // What an apply's end does after a drop: the lock release and the temp-dir removal reconnect together.
      const [a, b] = await Promise.all([s.run(FAULTY, ['true']), s.run(FAULTY, ['true'])]);
      assert.deepEqual([a.code, b.code], [0, 0]);
      assert.equal(connects(), 2, logs.join('\n'));
    } finally {
      s.close();
    }
    await assert.rejects(s.run(FAULTY, ['true']), /cannot connect to lab-gw-1: this session is closed/);
    assert.equal(connects(), 2);
  });

  test('a gateway whose sshd stops answering after login (SIGSTOP): a command fails at its timeout or its cancel instead of waiting for a channel', async (t) => {
    if (!(await labOrSkip(t))) return;
    const s = session({ commandTimeoutMs: 2000 });
    let sshd: string | undefined;
    try {
      const conn = await s.connection(FAULTY);
      await onLab(`rm -f ${remoteDir}/stop-pid`);
      const holding = conn.exec(['sh', '-c', `echo $$ > ${remoteDir}/stop-pid; exec sleep 60`], { timeoutMs: 120_000 }).catch((e: Error) => e);
      sshd = await sshdOf(await waitFor(`cat ${remoteDir}/stop-pid 2>/dev/null`));
      await onLab(`kill -STOP ${sshd}`);
      injected++;
      // The server never answers the request for a channel: the timer runs from the request.
      let t0 = Date.now();
      await assert.rejects(s.run(FAULTY, ['true']), (e: Error) => e instanceof CommandTimeoutError && e.message === `timed out after 2 s on ${FAULTY}`);
      const took = Date.now() - t0;
      assert.ok(took >= 2000 && took < 10_000, `the command took ${took} ms`);
      const cancel = new AbortController();
      t0 = Date.now();
      setTimeout(() => cancel.abort(), 300);
      await assert.rejects(conn.exec(['true'], { signal: cancel.signal, timeoutMs: 60_000 }), /^Error: cancelled/);
      assert.ok(Date.now() - t0 < 5000, 'the cancel ended the wait');
      await onLab(`kill -CONT ${sshd}`);
      sshd = undefined;
      // Once the server answers again, the channels it opens late are closed at once and the connection serves on.
      assert.equal((await s.run(FAULTY, ['echo', 'still here'])).stdout.trim(), 'still here');
      // The command that was running when the server stopped ends normally once it is killed.
      await onLab(`kill $(cat ${remoteDir}/stop-pid)`);
      const held = await holding;
      assert.ok(!(held instanceof Error), String(held));
      assert.equal(held.signal, 'SIGTERM');
    } finally {
      if (sshd) await onLab(`kill -CONT ${sshd}`);
      s.close();
    }
  });

  test("the cluster's apply lock cannot be released: the apply says so with the command that frees it, and the next apply is refused until then", async (t) => {
    if (!(await labOrSkip(t))) return;
    await arm('pass');
    await onLab(`echo break-fails > ${remoteDir}/rados-mode`);
    const s = session({ rados: `${remoteDir}/rados` });
    const holders = () => applyLockHolders(guard.conn);
    try {
      const plan = await s.planZone(await loadFederation(fx.dir), sec(), { backupDir: backupDir() });
      const report = await s.apply(plan);
      injected++;
      assert.ok(report.ok, report.summary);
      assert.equal(report.lockWarnings.length, 1, report.summary);
      const [warning] = report.lockWarnings;
      assert.match(warning, /could not release this cluster's apply lock \(exit 5: injected failure: could not break the lock\): other applies are refused until it expires/);
      assert.ok(report.summary.includes(`apply lock: ${warning}`), report.summary);
      const byHand = /break it with: (\S+rados .* --lock-cookie \S+) \(\$LOCKER/.exec(warning)?.[1];
      assert.match(byHand ?? '', new RegExp(`lock break ceph-federation\\.apply apply \\$LOCKER --lock-cookie ${plan.id}$`));
      assert.deepEqual((await holders()).map((h) => h.cookie), [plan.id], 'still held, as the warning says');

      const next = await s.apply(await s.planZone(await loadFederation(fx.dir), sec(), { backupDir: backupDir() }));
      assert.equal(next.ok, false);
      assert.match(next.failed!.message!, new RegExp(`another apply holds the apply lock of this cluster .*ceph-federation: apply zone ${sec()} by `));
      assert.deepEqual(next.applied, []);

      // The warning's command, $LOCKER filled in from lock info, frees it (the real rados, as the lab's admin).
      const locker = (await holders())[0].name;
      await onLab(byHand!.replace('$LOCKER', locker).replace(/^\S+rados --name \S+/, 'rados'));
      assert.deepEqual(await holders(), []);
    } finally {
      await onLab(`rm -f ${remoteDir}/rados-mode`);
      for (const h of await holders().catch(() => [])) await onLab(`rados -p .rgw.root lock break ceph-federation.apply apply ${h.name} --lock-cookie ${h.cookie}`);
      s.close();
    }
  });

  test('two applies of the same zone at once, in two processes: the second is refused, never interleaved', async (t) => {
    if (!(await labOrSkip(t))) return;
    const s = session();
    try {
      await arm('hold');
      const plan = await s.planZone(await loadFederation(fx.dir), sec(), { backupDir: backupDir() });
      const running = s.apply(plan);
      // The first apply is inside its zone set on lab-gw-1, holding its locks.
      await waitFor(`cat ${remoteDir}/pid 2>/dev/null`);
      injected++;
      const second = await runCli(['apply', 'zone', sec(), fx.dir, '--yes', '--ssh-config', fx.sshConfig, '--radosgw-admin', `${remoteDir}/radosgw-admin`]);
      assert.equal(second.code, 1, second.stderr);
      assert.match(second.stderr, new RegExp(`ceph-federation: another apply of zone ${sec()} on root@127\\.0\\.0\\.1:${lab!.ssh.port} is running \\(pid ${process.pid}, `));
      assert.match(second.stderr, /nothing was applied/);
      assert.doesNotMatch(second.stderr, /\[done\]|\[failed\]/, 'not one step of the second apply ran');
      await onLab(`touch ${remoteDir}/go`);
      const report = await running;
      assert.ok(report.ok, report.summary);
      // Once the first is done, the same command goes through.
      await arm('pass');
      const third = await runCli(['apply', 'zone', sec(), fx.dir, '--yes', '--ssh-config', fx.sshConfig, '--radosgw-admin', `${remoteDir}/radosgw-admin`]);
      assert.equal(third.code, 0, third.stderr);
    } finally {
      s.close();
    }
    assert.equal(JSON.stringify(await guard.zoneGet(sec())), guard.original(`zone:${sec()}`));
  });

  test('a period commit that reports failure still holds the next commit back: it may have reached the realm', async (t) => {
    if (!(await labOrSkip(t))) return;
    const original = changeInfile('commit-fail');
    const wrapper = { remote: { radosgwAdmin: `${remoteDir}/radosgw-admin` } };
    const s = session({ hosts: { 'lab-gw': wrapper, [FAULTY]: wrapper } });
    try {
      const plan = await s.planZone(await loadFederation(fx.dir), sec(), { backupDir: backupDir() });
      const keys = commitSpacingKeys(plan);
      assert.equal(keys.length, 2, 'the commit host and the realm');
      await awaitCommitSpacing(keys);
      await arm('commit-then-fail');
      injected++;
      const report = await s.apply(plan);
      assert.equal(report.ok, false);
      assert.equal(report.failed?.step.phase, 'commit', report.summary);
      assert.match(report.failed!.message!, /^exit 5: injected failure after the commit was made$/);
      for (const key of keys) {
        const heard: number[] = [];
        const ac = new AbortController();
        const wait = awaitCommitSpacing(key, ac.signal, (ms) => heard.push(ms));
        // Told how long it would wait, it is cancelled: the test need not sit out the spacing.
        await new Promise((r) => setTimeout(r, 300));
        ac.abort();
        await assert.rejects(wait, /cancelled/);
        assert.ok(heard.length === 1 && heard[0] > COMMIT_SPACING_MS - 5000, `${key}: the next commit waits (${heard.join()} ms)`);
      }
    } finally {
      writeFileSync(infile(), original);
      await arm('pass');
      s.close();
      await guard.restore();
    }
  });

  test('names that reach a shell: hostile strings through the apply path on the lab\'s sshd, and no file appears', async (t) => {
    if (!(await labOrSkip(t))) return;
    const marker = `/tmp/cf-pwned-${randomBytes(4).toString('hex')}`;
    const named = ['x$(touch /tmp/pwned)', 'x; touch /tmp/pwned'].map((n) => n.replace('/tmp/pwned', marker));
    const nasty = NASTY.map((n) => n.replace(/\/tmp\/pwned/g, marker));
    const fed = await loadFederation(fx.dir);
    const s = new RemoteSession({ sshConfigPath: fx.sshConfig });
    let tries = 0;
    try {
      for (const zone of named) {
        // The engine refuses such a zone name before it connects...
        await assert.rejects(s.planZone(fed, zone, { backupDir: backupDir() }), ValidationError);
        // ...and had one slipped through, the zone set it would build arrives as one inert word.
        const argv = s.rgw({ instance: secondaryZone(lab!).gateway, host: 'lab-gw', cluster: 'lab' }, ['zone', 'set', `--rgw-zone=${zone}`, '--infile', `/nonexistent/${zone}.json`]);
        const r = await s.run('lab-gw', argv);
        assert.notEqual(r.code, 0, 'radosgw-admin refused the file, nothing else ran');
        tries++;

        // A display name is free text: it goes all the way through planSystemUser and apply, and is stored verbatim.
        const uid = `cf-inj-${randomBytes(3).toString('hex')}`;
        try {
          const report = await s.apply(await s.planSystemUser(fed, sec(), { uid, displayName: zone, backupDir: backupDir() }));
          assert.ok(report.ok, report.summary);
          assert.equal(JSON.parse(await guard.rgw(`user info --uid=${uid} --rgw-zone=${sec()}`)).display_name, zone);
        } finally {
          await sshExec(guard.conn, `radosgw-admin user rm --uid=${uid} --rgw-zone=${sec()} --yes-i-really-mean-it`);
        }
        tries++;

        // A backup file name is free too: Restore Zone from Backup with one named like the zone above.
        const backup = join(mkdtempSync(join(fx.work, 'inj-')), `${zone.replace(/\//g, '_')}.json`);
        writeFileSync(backup, guard.original(`zone:${sec()}`));
        const restored = await s.apply(await s.planRestore(fed, sec(), backup, { backupDir: backupDir() }));
        assert.ok(restored.ok, restored.summary);
        tries++;
      }
      // Remote settings are free text as well: every hostile string as the remote ceph.conf and cluster name.
      for (const n of nasty) {
        for (const remote of [{ cephConf: n }, { cluster: n }]) {
          const probe = new RemoteSession({ sshConfigPath: fx.sshConfig, ...remote });
          try {
            await probe.planZone(fed, sec(), { backupDir: backupDir() }).catch(() => undefined);
          } finally {
            probe.close();
          }
          tries++;
        }
      }
    } finally {
      s.close();
    }
    assert.equal(existsSync(marker), false, 'no file appeared');
    assert.equal(await onLab(`test -e ${marker}; echo $?`), '1', 'no file appeared on the lab host');
    assert.equal(JSON.stringify(await guard.zoneGet(sec())), guard.original(`zone:${sec()}`));
    console.error(`[faults] ${tries} hostile strings through remote command lines: 0 injections`);
  });

  test('--command-timeout on the command line: checked, and a hung zone set fails its step after that many seconds', async (t) => {
    if (!(await labOrSkip(t))) return;
    const bad = await runCli(['plan', 'zone', sec(), fx.dir, '--command-timeout', '0', '--ssh-config', fx.sshConfig]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--command-timeout needs a number of seconds above 0, not "0"/);
    const original = changeInfile('cli-timeout');
    try {
      await arm('hang');
      injected++;
      const r = await runCli(['apply', 'zone', sec(), fx.dir, '--yes', '--command-timeout', '2', '--ssh-config', fx.sshConfig, '--radosgw-admin', `${remoteDir}/radosgw-admin`]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, new RegExp(`failed: timed out after 2 s on lab-gw(-1)? during set zone ${sec()}\n`));
      assert.match(r.stdout, /nothing was applied/);
      const backups = /^backups: (.*)$/m.exec(r.stdout)?.[1].split(', ') ?? [];
      assert.deepEqual(backups.map((b) => basename(b).replace(/--.*/, '')).sort(), ['lab-gw', FAULTY], r.stdout);
    } finally {
      writeFileSync(infile(), original);
      await sshExec(guard.conn, `for p in $(cat ${remoteDir}/pids); do kill $p 2>/dev/null; done; true`);
    }
    assert.equal(JSON.stringify(await guard.zoneGet(sec())), guard.original(`zone:${sec()}`));
  });
});
