// Apply Zone through the command, as the palette runs it, in the real extension host. With the lab up, the
// workspace is switched to a federation describing the lab (its zonegroup and zones as radosgw-admin prints them,
// a ceph.conf naming its sshd) and the plan is built over real SSH; without it, the example's hosts do not
// resolve and the command says which one.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { labProcessesAlive, readLab, sshConnect, sshExec } from '../../integration/lab';
import { generateLabFederation } from '../../fixtures/lab-federation/generate';

interface PlanResult {
  plan?: { kind: string; target: string; hosts: { host: string }[]; steps: { command?: string; phase: string }[] };
  error?: string;
}

const folder = () => vscode.workspace.workspaceFolders![0].uri.fsPath;

/** Runs `fn` with the workspace holding a federation that describes the lab, then puts the example back. */
async function withLabFederation(lab: NonNullable<ReturnType<typeof readLab>>, fn: (fed: Awaited<ReturnType<typeof generateLabFederation>>) => Promise<void>): Promise<void> {
  const fed = await generateLabFederation(lab);
  const aside = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-seed-aside-'));
  const moved = fs.readdirSync(folder()).filter((n) => n !== '.vscode');
  for (const n of moved) fs.renameSync(path.join(folder(), n), path.join(aside, n));
  const config = vscode.workspace.getConfiguration('cephFederation');
  try {
    for (const n of fs.readdirSync(fed.dir)) fs.copyFileSync(path.join(fed.dir, n), path.join(folder(), n));
    await config.update('ssh.configFile', fed.sshConfig, vscode.ConfigurationTarget.Workspace);
    await fn(fed);
  } finally {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await config.update('ssh.configFile', undefined, vscode.ConfigurationTarget.Workspace);
    for (const n of fs.readdirSync(folder()).filter((n) => n !== '.vscode')) fs.rmSync(path.join(folder(), n), { recursive: true, force: true });
    for (const n of moved) fs.renameSync(path.join(aside, n), path.join(folder(), n));
    fs.rmSync(fed.work, { recursive: true, force: true });
    await untilServerSees('client.radosgw.us-east-1', 'client.rgw.a');
  }
}

/** Waits until the language server has the example back (its file watcher reports the swap asynchronously). */
async function untilServerSees(present: string, gone: string): Promise<void> {
  const names = async (q: string) => ((await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', q)) ?? []).map((s) => s.name);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if ((await names(present)).includes(present) && !(await names(gone)).includes(gone)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the language server did not see the example again (${present} back, ${gone} gone)`);
}

const labUp = () => {
  const lab = readLab();
  return lab && labProcessesAlive(lab) ? lab : undefined;
};

suite('Apply Zone', () => {

  test('the remote commands are registered', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of ['cephFederation.applyZone', 'cephFederation.planZone', 'cephFederation.applyRegion', 'cephFederation.createSystemUser', 'cephFederation.compareZoneWithLive', 'cephFederation.showSyncStatus', 'cephFederation.generateSyncAgentConfigs', 'cephFederation.restoreZoneFromBackup', 'cephFederation.storeZoneKeys']) {
      assert.ok(all.includes(id), id);
    }
  });

  test('produces its plan (against the lab when it is up)', async function () {
    this.timeout(180_000);
    const lab = labUp();
    if (!lab) {
      // The example names gw-us-east-1, which resolves nowhere here: the command reports that host.
      const r = await vscode.commands.executeCommand<PlanResult>('cephFederation.planZone', 'us-east');
      assert.ok(r?.error && /gw-us-east-1|gw-us-west-1|gw-eu-east-1|gw-eu-west-1/.test(r.error), JSON.stringify(r));
      console.log('Apply Zone plan checked without the lab (npm run lab:up to plan over SSH)');
      return;
    }
    await withLabFederation(lab, async (fed) => {
      const secondary = lab.zones.find((z) => !z.master)!.name;
      const r = await vscode.commands.executeCommand<PlanResult>('cephFederation.planZone', secondary);
      assert.ok(r?.plan, JSON.stringify(r));
      const commands = r.plan.steps.map((s) => s.command ?? '').join('\n');
      assert.match(commands, new RegExp(`zone set .*--rgw-zone=${secondary}`));
      assert.match(commands, /period update --commit/);
      assert.deepEqual(r.plan.hosts.map((h) => h.host), [fed.alias]);
      for (const key of [lab.systemUser.accessKey, lab.systemUser.secretKey]) assert.ok(!JSON.stringify(r.plan).includes(key), 'no key in the plan');
    });
  });
});

suite('Create Zone System User', () => {
  test('creates the user on the zone\'s gateway and writes its keys into the infile as one undoable edit', async function () {
    this.timeout(180_000);
    const lab = labUp();
    if (!lab) {
      console.log('Create Zone System User needs the lab (npm run lab:up): checked only that it is registered');
      assert.ok((await vscode.commands.getCommands(true)).includes('cephFederation.createSystemUser'));
      return;
    }
    await withLabFederation(lab, async () => {
      const secondary = lab.zones.find((z) => !z.master)!.name;
      const infile = vscode.Uri.file(path.join(folder(), `${secondary}.json`));
      const before = JSON.parse(fs.readFileSync(infile.fsPath, 'utf8')).system_key;
      const r = await vscode.commands.executeCommand<{ zone?: string; written?: string; error?: string }>('cephFederation.createSystemUser', secondary, { confirmed: true });
      assert.equal(r?.written, infile.toString(), JSON.stringify(r));
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === infile.toString())!;
      assert.ok(doc.isDirty, 'an unsaved edit, undoable');
      const after = JSON.parse(doc.getText()).system_key;
      assert.match(after.access_key, /^[A-Z0-9]{20}$/);
      assert.ok(after.secret_key.length >= 40);
      assert.notDeepEqual(after, before);
      await doc.save();
      // The lab keeps its own system user: the one created here (uid = the zone's name) goes again.
      const conn = await sshConnect(lab);
      try {
        // Read on the zone it was created on: the master learns of it only after the next metadata sync.
        const info = await sshExec(conn, `radosgw-admin user info --uid=${secondary} --rgw-zone=${secondary}`);
        assert.equal(info.code, 0, info.stderr);
        assert.equal(JSON.parse(info.stdout).keys[0].access_key, after.access_key);
        await sshExec(conn, `radosgw-admin user rm --uid=${secondary} --rgw-zone=${secondary} --yes-i-really-mean-it`);
      } finally {
        conn.end();
      }
    });
  });
});
