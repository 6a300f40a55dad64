import * as vscode from 'vscode';
import { generateAgentConfigs as generate } from '../remote';
import { CommandError, loadFederation, type CommandDeps } from './context';

/** Generate Sync Agent Configs: one data-sync config per secondary zone, one metadata-sync config per secondary region. */
export async function generateAgentConfigs(deps: CommandDeps): Promise<void> {
  const { federation: fed } = await loadFederation(deps);
  const configs = generate(fed);
  if (!configs.length) throw new CommandError('The federation has no secondary zone or region to sync.');
  const folder = vscode.workspace.workspaceFolders![0].uri;
  const picked = await vscode.window.showQuickPick(
    configs.map((c) => ({ label: c.file, description: `${c.kind} sync ${c.source} → ${c.destination}`, picked: true, config: c })),
    { canPickMany: true, placeHolder: `Files to write into ${vscode.workspace.asRelativePath(folder)} (existing ones are replaced)` },
  );
  if (!picked?.length) return;
  const edit = new vscode.WorkspaceEdit();
  for (const p of picked) {
    const uri = vscode.Uri.joinPath(folder, p.config.file);
    edit.createFile(uri, { overwrite: true, contents: Buffer.from(p.config.text, 'utf8') });
  }
  await vscode.workspace.applyEdit(edit);
  deps.log.info(`wrote ${picked.map((p) => p.label).join(', ')}`);
}
