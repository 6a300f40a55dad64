import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FederationNode } from '../federationTree';
import { backupDir, confirmPlan, createSession, loadFederation, runPlan, type CommandDeps } from './context';
import { pickZone } from './pick';

/** Restore Zone from Backup: zone set from a saved `zone get` (and the period commit on a realm). */
export async function restoreZone(deps: CommandDeps, node?: FederationNode | string, backup?: vscode.Uri): Promise<void> {
  const { federation: fed } = await loadFederation(deps);
  const zone = await pickZone(fed, node);
  if (!zone) return;
  const file =
    backup ??
    (
      await vscode.window.showOpenDialog({
        defaultUri: vscode.Uri.file(backupDir()),
        canSelectMany: false,
        filters: { 'zone backups': ['json'] },
        title: `Backup of zone ${zone} to restore`,
      })
    )?.[0];
  if (!file) return;
  const session = createSession(deps);
  try {
    const plan = await session.planRestore(fed, zone, file.fsPath, { backupDir: backupDir() });
    if (await confirmPlan(deps, plan, 'Restore')) await runPlan(deps, session, plan);
    deps.log.info(`restore of ${zone} from ${path.basename(file.fsPath)} finished`);
  } finally {
    session.close();
  }
}
