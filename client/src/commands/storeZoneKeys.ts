import { applyEdits, modify } from 'jsonc-parser';
import * as vscode from 'vscode';
import { parseKeyReference } from '../../../server/src/core/ceph/keyReferences';
import type { FederationNode } from '../federationTree';
import { CommandError, loadFederation, type CommandDeps } from './context';
import { pickZone } from './pick';

/**
 * Store Zone Keys: moves a zone's system_key out of its infile into the editor's secret storage and leaves
 * `${secret:<zone>/access_key}` references behind; they are filled in only in the copy uploaded by Apply Zone.
 */
export async function storeZoneKeys(deps: CommandDeps, node?: FederationNode | string): Promise<void> {
  const { federation: fed } = await loadFederation(deps);
  const zone = await pickZone(fed, node);
  if (!zone) return;
  const def = fed.zonesByName.get(zone)?.[0];
  const doc = def && (await vscode.workspace.openTextDocument(vscode.Uri.parse(def.uri)));
  if (!def || !doc) throw new CommandError(`Zone ${zone} has no zone infile.`);
  // The workspace copy, not the resolved one: references already in place stay as they are.
  let text = doc.getText();
  const fmt = { formattingOptions: { insertSpaces: true, tabSize: 4 } };
  let moved = 0;
  for (const field of ['access_key', 'secret_key'] as const) {
    const value = field === 'access_key' ? def.systemKey?.accessKey?.value : def.systemKey?.secretKey?.value;
    const current = (JSON.parse(text).system_key ?? {})[field] as string | undefined;
    if (!value || !current || parseKeyReference(current)) continue;
    await deps.context.secrets.store(`${zone}/${field}`, value);
    text = applyEdits(text, modify(text, ['system_key', field], `\${secret:${zone}/${field}}`, fmt));
    moved++;
  }
  if (!moved) throw new CommandError(`Zone ${zone}'s system_key holds no key to move.`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  await vscode.workspace.applyEdit(edit);
  deps.log.info(`zone ${zone}: ${moved} key(s) moved to secret storage; ${vscode.workspace.asRelativePath(doc.uri)} now references them (unsaved)`);
}
