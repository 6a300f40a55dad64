// conf-port-conflict against the real radosgw 16.2 of the lab: a second gateway started on the socket of the lab's
// master gateway (the same endpoint, or every address on its port) cannot bind it and exits, the gateway already
// there keeps serving; and our check reports exactly such a pair of sections, and not the lab's own two gateways.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { checkFiles } from '../../server/src/core/check';
import { labOrSkip, masterZone, releaseLab, secondaryZone, type Lab, type LabZone } from './lab';

after(releaseLab);

/** What a radosgw started in the foreground with these frontends does: its exit status and its log. */
function secondGateway(lab: Lab, as: LabZone, frontends: string): { status: number | null; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cf-port-'));
  const log = join(dir, 'rgw.log');
  // The secondary's daemon name and key, its own pid file, socket and log. 16.2 starts its frontends before it opens
  // the store; should a release do it the other way round, no background thread touches the lab's zones meanwhile.
  const r = spawnSync(
    'radosgw',
    [
      '-f', '-c', lab.cephConf, '-n', as.gateway,
      `--rgw-frontends=${frontends}`,
      `--pid-file=${join(dir, 'rgw.pid')}`, `--admin-socket=${join(dir, 'rgw.asok')}`, `--log-file=${log}`,
      '--rgw-run-sync-thread=false', '--rgw-enable-gc-threads=false', '--rgw-enable-lc-threads=false',
      '--rgw-enable-quota-threads=false', '--rgw-dynamic-resharding=false',
      // The log is written by a thread of its own; without this, a radosgw that exits at once may leave its last
      // lines (the bind error) unwritten: 14 of 60 runs on a loaded machine, 0 of 60 with it.
      '--log-flush-on-exit=true',
    ],
    { encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (r.error) throw r.error;
  return { status: r.status, log: (existsSync(log) ? readFileSync(log, 'utf8') : '') + r.stdout + r.stderr };
}

test('a second radosgw on a gateway\'s socket cannot bind it and exits; the first keeps serving', async (t) => {
  const lab = await labOrSkip(t);
  if (!lab) return;
  const taken = masterZone(lab);
  for (const frontends of [`beast endpoint=127.0.0.1:${taken.port}`, `beast port=${taken.port}`]) {
    const second = secondGateway(lab, secondaryZone(lab), frontends);
    // radosgw exits with the frontend's error number: EADDRINUSE.
    assert.equal(second.status, 98, `radosgw with ${frontends} exited ${second.status}`);
    assert.match(second.log, /failed to bind address .*:(\d+): Address already in use/, frontends);
    const res = await fetch(`${taken.endpoint}/`, { signal: AbortSignal.timeout(10_000) });
    assert.equal(res.status, 200, `${taken.gateway} still answers`);
  }
});

test('conf-port-conflict reports such a pair of sections, and not the lab\'s two gateways on their own ports', async (t) => {
  const lab = await labOrSkip(t);
  if (!lab) return;
  const [a, b] = [masterZone(lab), secondaryZone(lab)];
  const section = (z: LabZone, frontends: string) => `[${z.gateway}]\nhost = lab-host\nrgw zone = ${z.name}\nrgw frontends = ${frontends}\n`;
  const codes = async (text: string) =>
    [...(await checkFiles([{ uri: 'file:///lab/ceph.conf', text }])).diagnostics.values()].flat().filter((d) => d.code === 'conf-port-conflict').map((d) => d.range.start.line);
  assert.deepEqual(await codes(section(a, `beast endpoint=127.0.0.1:${a.port}`) + section(b, `beast endpoint=127.0.0.1:${b.port}`)), []);
  assert.deepEqual(await codes(section(a, `beast endpoint=127.0.0.1:${a.port}`) + section(b, `beast endpoint=127.0.0.1:${a.port}`)), [3, 7]);
  assert.deepEqual(await codes(section(a, `beast endpoint=127.0.0.1:${a.port}`) + section(b, `beast port=${a.port}`)), [3, 7]);
});
