// Apply Zone fan-out against the lab (npm run lab:up): the lab's secondary zone applied through 1 and through 8
// clusters, each cluster a ceph.conf whose gateway host is another ssh alias of the lab host (one connection per
// host), timed end to end (prepare, backup, upload, zone set on every host, commit, cleanup). The lab is taken
// exclusively, as the remote tests take it, and its zones and zonegroup are put back afterwards.
// Usage: node --import tsx bench/fanout.ts [runs]; prints one JSON object.
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { commitSpacingKeys, RemoteSession } from '../client/src/remote';
import { awaitCommitSpacing } from '../client/src/remote/commitSpacing';
import { checkFiles } from '../server/src/core/check';
import type { Federation } from '../server/src/core/model/federation';
import { readFederationDir } from '../server/src/node/files';
import { takeLabExclusively } from '../test/fixtures/lab-federation/exclusive';
import { generateLabFederation } from '../test/fixtures/lab-federation/generate';
import { LabGuard } from '../test/fixtures/lab-federation/guard';
import { labIfAvailable, releaseLab, secondaryZone } from '../test/integration/lab';
import { median } from './stats';


/** Busy CPU time of the whole machine so far, in ms (the lab's hosts are this machine: its sshd, radosgw-admin, the cluster). */
function machineBusyMs(): number {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
  return ((user + nice + system + irq + softirq + steal) * 1000) / 100; // USER_HZ is 100 on Linux
}

async function load(dir: string): Promise<Federation> {
  return (await checkFiles(await readFederationDir(dir))).federation;
}

async function measure(runs: number): Promise<Record<string, unknown>> {
  const dir = process.env.CEPH_FEDERATION_LAB ?? '/tmp/ceph-federation-lab';
  // The benchmark measures a lab someone started; it does not install one.
  if (!existsSync(join(dir, 'lab.json'))) return { ratio: null, note: `no lab in ${dir} (npm run lab:up)` };
  const lab = await labIfAvailable();
  if (!lab) return { ratio: null, note: 'the lab is not available here' };
  // Other lab users (integration tests) finish first; a benchmark waits for them a few minutes at most.
  const release = await takeLabExclusively(lab, 3 * 60_000);
  const guard = await LabGuard.take(lab);
  try {
    const zone = secondaryZone(lab).name;
    const feds = { 1: await generateLabFederation(lab), 8: await generateLabFederation(lab, { extraClusters: 7 }) };
    const times: Record<1 | 8, number[]> = { 1: [], 8: [] };
    const busy: Record<1 | 8, number[]> = { 1: [], 8: [] };
    // The cluster's apply lock, taken and released by rados (clusterLock.ts), as the report times those steps.
    const lockMs1: number[] = [];
    for (let i = 0; i < runs; i++) {
      for (const n of [1, 8] as const) {
        const f = feds[n];
        const s = new RemoteSession({ sshConfigPath: f.sshConfig });
        try {
          const plan = await s.planZone(await load(f.dir), zone, { backupDir: join(f.work, 'backups') });
          const hosts = new Set(plan.steps.filter((x) => x.phase === 'apply').map((x) => x.host)).size;
          if (hosts !== n) throw new Error(`the plan sets the zone on ${hosts} hosts, not ${n}`);
          // The engine keeps period commits to one remote a few seconds apart; that wait is not the apply's.
          await awaitCommitSpacing(commitSpacingKeys(plan));
          const busyBefore = machineBusyMs();
          const start = performance.now();
          const report = await s.apply(plan);
          const ms = performance.now() - start;
          busy[n].push(machineBusyMs() - busyBefore);
          if (!report.ok) throw new Error(report.summary);
          times[n].push(ms);
          if (n === 1) lockMs1.push(report.completed.filter((o) => /(^|\s)rados\s.*\block (get|break)\b/.test(o.step.command ?? '')).reduce((sum, o) => sum + o.durationMs, 0));
        } finally {
          s.close();
        }
      }
    }
    const [ms1, ms8] = [median(times[1]), median(times[8])];
    // The CPU work of 8 hosts spread over this machine's cores: no schedule of the 8 applies finishes sooner.
    const cores = cpus().length;
    const floorMs8 = Math.max(ms1, (median(busy[8]) / cores));
    return {
      ratio: ms8 / ms1,
      ms1,
      ms8,
      lockMs1: median(lockMs1),
      cpuMs1: median(busy[1]),
      cpuMs8: median(busy[8]),
      cores,
      floorRatio: floorMs8 / ms1,
      note: `zone ${zone} applied through 1 and 8 gateway hosts, medians of ${runs}; the 8 hosts are ssh aliases of this ${cores}-core machine`,
    };
  } finally {
    await guard.restore().finally(() => {
      guard.close();
      release();
    });
  }
}

measure(Number(process.argv[2] ?? 3))
  .then(
    (r) => process.stdout.write(JSON.stringify(r) + '\n'),
    (e) => process.stdout.write(JSON.stringify({ ratio: null, note: `failed: ${(e as Error).message.split('\n')[0]}` }) + '\n'),
  )
  .finally(() => releaseLab().finally(() => process.exit(0)));
