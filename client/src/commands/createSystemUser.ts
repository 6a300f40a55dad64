import { applyEdits, modify } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { FederationNode } from '../federationTree';
import { backupDir, CommandError, confirmPlan, createSession, loadFederation, runPlan, type CommandDeps } from './context';
import { pickZone } from './pick';

/**
 * Create Zone System User: `user create --system` on the zone's gateway, then its keys into the infile's system_key
 * as one undoable edit, or (setting cephFederation.keys.storage = secretStorage) into the editor's secret storage
 * with `${secret:...}` references in the infile.
 */
export async function createSystemUser(deps: CommandDeps, node?: FederationNode | string, options: { confirmed?: boolean } = {}): Promise<{ zone?: string; created?: boolean; written?: string }> {
  // The missing keys are the very error being fixed, so this one plans on a federation with errors.
  const { federation: fed } = await loadFederation(deps);
  const zone = await pickZone(fed, node);
  if (!zone) return {};
  const def = fed.zonesByName.get(zone)?.[0];
  if (!def) throw new CommandError(`Zone ${zone} has no zone infile to write the keys into.`);
  const session = createSession(deps);
  try {
    const plan = await session.planSystemUser(fed, zone, { backupDir: backupDir() });
    // `confirmed` is for callers that showed the plan themselves (tasks, other extensions, tests), as the CLI's --yes.
    if (!options.confirmed && !(await confirmPlan(deps, plan, 'Create'))) return { zone };
    const report = await runPlan(deps, session, plan);
    if (!report.ok || !report.systemKey) return { zone, created: false };
    const { accessKey, secretKey } = report.systemKey;
    const toSecrets = vscode.workspace.getConfiguration('cephFederation').get<string>('keys.storage', 'infile') === 'secretStorage';
    let access = accessKey;
    let secret = secretKey;
    if (toSecrets) {
      await deps.context.secrets.store(`${zone}/access_key`, accessKey);
      await deps.context.secrets.store(`${zone}/secret_key`, secretKey);
      access = `\${secret:${zone}/access_key}`;
      secret = `\${secret:${zone}/secret_key}`;
    }
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(def.uri));
    const fmt = { formattingOptions: { insertSpaces: true, tabSize: 4 } };
    let text = doc.getText();
    text = applyEdits(text, modify(text, ['system_key', 'access_key'], access, fmt));
    text = applyEdits(text, modify(text, ['system_key', 'secret_key'], secret, fmt));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
    await vscode.workspace.applyEdit(edit);
    deps.log.info(`system user ${report.systemKey.uid} ${report.systemKey.existing ? 'existed' : 'created'} on zone ${zone}; keys written ${toSecrets ? 'to secret storage, referenced from' : 'into'} ${vscode.workspace.asRelativePath(doc.uri)} (unsaved)`);
    return { zone, created: !report.systemKey.existing, written: doc.uri.toString() };
  } finally {
    session.close();
  }
}
