// Helpers for tests that run inside the extension host, against the real `vscode` API. Every wait is on an event,
// bounded by a timeout that only turns a hang into a readable failure.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'ceph-federation.ceph-federation';
/** The `source` of every diagnostic the language server publishes. */
export const SOURCE = 'ceph-federation';

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed in this VS Code`);
  return ext;
}

/** A file of the workspace: the scratch copy of examples/seed the launcher opened. */
export function workspaceFile(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export function codeOf(d: vscode.Diagnostic): string {
  return String(typeof d.code === 'object' ? d.code.value : d.code);
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function describe(list: vscode.Diagnostic[]): string {
  return JSON.stringify(list.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${codeOf(d)}: ${d.message}`));
}

/** Resolves with our diagnostics of `uri` once `predicate` holds for them: now, or at a later diagnostics change. */
export function waitForDiagnostics(uri: vscode.Uri, predicate: (list: vscode.Diagnostic[]) => boolean, what: string,
  timeoutMs = 30_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const key = uri.toString();
    let timer: NodeJS.Timeout | undefined;
    const done = (list: vscode.Diagnostic[]): void => {
      clearTimeout(timer);
      sub.dispose();
      resolve(list);
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === key)) return;
      const list = ours(uri);
      if (predicate(list)) done(list);
    });
    timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} in ${vscode.workspace.asRelativePath(uri)}; now: ${describe(ours(uri))}`));
    }, timeoutMs);
    const now = ours(uri);
    if (predicate(now)) done(now);
  });
}

export const withCode = (code: string) => (list: vscode.Diagnostic[]): boolean => list.some((d) => codeOf(d) === code);
export const none = (list: vscode.Diagnostic[]): boolean => list.length === 0;

export async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc);
}

/** The position of the `at`-th character of the first occurrence of `text` in the document. */
export function positionOf(doc: vscode.TextDocument, text: string, at = 0): vscode.Position {
  const offset = doc.getText().indexOf(text);
  assert.ok(offset >= 0, `"${text}" not found in ${vscode.workspace.asRelativePath(doc.uri)}`);
  return doc.positionAt(offset + at);
}

/** Replaces the first occurrence of `from` by `to` as typing would (unsaved), and returns the new text's range. */
export async function replace(doc: vscode.TextDocument, from: string, to: string): Promise<vscode.Range> {
  const start = positionOf(doc, from);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(start, doc.positionAt(doc.offsetAt(start) + from.length)), to);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the edit was not applied');
  return new vscode.Range(start, doc.positionAt(doc.offsetAt(start) + to.length));
}

/** Drops unsaved changes and closes every editor, so each test starts from the files as they are on disk. */
export async function closeAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty) continue;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}

export function relative(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

/** Opens a file of the workspace and resolves once the language server holds its current text. */
export async function openFile(...segments: string[]): Promise<vscode.TextDocument> {
  const { document } = await open(workspaceFile(...segments));
  return document;
}
