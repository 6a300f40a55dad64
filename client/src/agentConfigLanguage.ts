// `cephFederation.agentConfigPatterns`: files whose names match open as radosgw-agent configs, as a
// files.associations entry would, without the user having to write one.
import * as vscode from 'vscode';

function patterns(): string[] {
  return vscode.workspace.getConfiguration('cephFederation').get<string[]>('agentConfigPatterns', []);
}

async function apply(doc: vscode.TextDocument): Promise<void> {
  if (doc.uri.scheme !== 'file' || doc.languageId === 'radosgw-agent-conf') return;
  // Only plain text or a guess from the extension is overridden; a language the user picked stays.
  if (!['plaintext', 'properties', 'ini', 'yaml', 'ceph-conf'].includes(doc.languageId)) return;
  if (patterns().some((p) => vscode.languages.match({ pattern: p }, doc) > 0)) {
    await vscode.languages.setTextDocumentLanguage(doc, 'radosgw-agent-conf');
  }
}

export function registerAgentConfigLanguage(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument((d) => void apply(d)));
  for (const d of vscode.workspace.textDocuments) void apply(d);
}
