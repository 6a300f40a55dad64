// The LSP adapter for the editor features of core/features: each handler converts nothing but the call shape.
import { CodeLensRefreshRequest, ResponseError, type Connection, type ServerCapabilities } from 'vscode-languageserver/node';
import { codeActions } from '../core/features/codeActions';
import { codeLenses } from '../core/features/codeLens';
import { complete } from '../core/features/completion';
import { hover } from '../core/features/hover';
import { definition, documentHighlights, prepareRename, references, rename } from '../core/features/navigation';
import { documentSymbols, foldingRanges, workspaceSymbols } from '../core/features/outline';
import type { FeatureContext } from '../core/features/context';
import type { FederationWorkspace } from '../core/workspace';
import { runSafe } from './runSafe';

export const featureCapabilities: ServerCapabilities = {
  completionProvider: { triggerCharacters: ['"', '=', ':', '[', ' ', '.'] },
  hoverProvider: true,
  definitionProvider: true,
  referencesProvider: true,
  renameProvider: { prepareProvider: true },
  codeActionProvider: { codeActionKinds: ['quickfix'] },
  documentSymbolProvider: true,
  workspaceSymbolProvider: true,
  documentHighlightProvider: true,
  foldingRangeProvider: true,
};

/** What the features read: the federation as it is now, and the workspace's lookup of a file by URI. */
function featureContext(workspace: FederationWorkspace): FeatureContext {
  return { federation: workspace.federation, file: (uri) => workspace.file(uri) };
}

/** Offered to a client that runs the remote commands its lenses name (InitializationOptions.remoteCommands). */
export const codeLensCapabilities: ServerCapabilities = { codeLensProvider: { resolveProvider: false } };

/** What the client said it supports, filled in when it initializes. */
export interface ClientSupport {
  changeAnnotations: boolean;
  /** The client fetches code lenses again when asked (workspace/codeLens/refresh). */
  codeLensRefresh: boolean;
  /** The client runs the remote commands (InitializationOptions.remoteCommands): code lenses are offered. */
  remoteCommands: boolean;
}

/**
 * Called after each validation pass with the open documents: asks the client to fetch the code lenses again when
 * those of an open document changed. A document opened while the workspace was still being read got none, and a
 * renamed zone's lens names the old zone until then; a client asks on its own only when the document is edited.
 */
export function codeLensRefresher(connection: Connection, workspace: FederationWorkspace, client: ClientSupport): (openUris: string[]) => Promise<void> {
  let shown = '';
  return async (openUris) => {
    if (!client.codeLensRefresh || !client.remoteCommands) return;
    // Called at the end of every validation pass: a fault here is logged, nothing is refreshed, and the pass finishes.
    const now = await runSafe(connection, 'code lenses', () => {
      const ctx = featureContext(workspace);
      return JSON.stringify(openUris.map((uri) => codeLenses(ctx, uri)));
    }, shown);
    if (now === shown) return;
    shown = now;
    connection.sendRequest(CodeLensRefreshRequest.type).catch(() => {
      // a client that declared support and then refused: its lenses stay as they were
    });
  };
}

export function registerFeatureHandlers(connection: Connection, workspace: FederationWorkspace, client: ClientSupport): void {
  const ctx = () => featureContext(workspace);
  connection.onCompletion((p, token) => runSafe(connection, 'completion', () => complete(ctx(), p.textDocument.uri, p.position), null, token));
  connection.onHover((p, token) => runSafe(connection, 'hover', () => hover(ctx(), p.textDocument.uri, p.position), null, token));
  connection.onDefinition((p, token) => runSafe(connection, 'definition', () => definition(ctx(), p.textDocument.uri, p.position), [], token));
  connection.onReferences((p, token) => runSafe(connection, 'references', () => references(ctx(), p.textDocument.uri, p.position, p.context.includeDeclaration), [], token));
  connection.onPrepareRename((p, token) =>
    runSafe(connection, 'prepareRename', () => {
      const r = prepareRename(ctx(), p.textDocument.uri, p.position);
      if ('reason' in r) throw new ResponseError(0, r.reason);
      return r;
    }, null, token),
  );
  connection.onRenameRequest((p, token) =>
    runSafe(connection, 'rename', () => {
      const r = rename(ctx(), p.textDocument.uri, p.position, p.newName, client.changeAnnotations);
      // The reason reaches the user as the editor's rename error.
      if (!r.ok) throw new ResponseError(0, r.reason);
      return r.edit;
    }, null, token),
  );
  // A fix that runs one of the extension's commands goes only to a client that runs them, as the lenses do.
  connection.onCodeAction((p, token) =>
    runSafe(connection, 'codeAction', () => codeActions(ctx(), p.textDocument.uri, p.context.diagnostics).filter((a) => client.remoteCommands || !a.command), [], token),
  );
  connection.onDocumentSymbol((p, token) => runSafe(connection, 'documentSymbol', () => documentSymbols(ctx(), p.textDocument.uri), [], token));
  connection.onWorkspaceSymbol((p, token) => runSafe(connection, 'workspaceSymbol', () => workspaceSymbols(ctx(), p.query), [], token));
  connection.onDocumentHighlight((p, token) => runSafe(connection, 'documentHighlight', () => documentHighlights(ctx(), p.textDocument.uri, p.position), [], token));
  connection.onCodeLens((p, token) => runSafe(connection, 'codeLens', () => (client.remoteCommands ? codeLenses(ctx(), p.textDocument.uri) : []), [], token));
  connection.onFoldingRanges((p, token) => runSafe(connection, 'foldingRange', () => foldingRanges(ctx(), p.textDocument.uri), [], token));
}
