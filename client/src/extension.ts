import * as path from 'node:path';
import * as vscode from 'vscode';
import { CodeLensRequest, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { FederationTreeProvider } from './federationTree';
import { registerAgentConfigLanguage } from './agentConfigLanguage';
import { REMOTE_COMMAND_IDS } from './commands/ids';
import type { CommandDeps } from './commands/context';
import type { InitializationOptions } from '../../server/src/protocol';

let client: LanguageClient | undefined;

const LENS_SETTING = 'cephFederation.codeLens.enabled';
/** The lenses run remote commands, which a workspace not trusted does not offer. */
const lensesShown = (document: vscode.TextDocument) => vscode.workspace.isTrusted && vscode.workspace.getConfiguration(undefined, document).get<boolean>(LENS_SETTING, true);

export async function activate(context: vscode.ExtensionContext): Promise<{ client: LanguageClient; tree: FederationTreeProvider }> {
  // Started through the code cache (server/src/node/codeCache.ts); the debug session runs the bundle itself.
  const module = context.asAbsolutePath(path.join('bin', 'ceph-federation-ls.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module: context.asAbsolutePath(path.join('dist', 'server.js')), transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // The server recognises federation files by content, so it sees every candidate file and ignores the rest.
    documentSelector: [
      { scheme: 'file', language: 'json' },
      { scheme: 'file', language: 'ceph-conf' },
      { scheme: 'file', language: 'radosgw-agent-conf' },
      { scheme: 'file', pattern: '**/*.{conf,yaml,yml}' },
    ],
    // This client runs the remote commands, so the server offers them as code lenses.
    initializationOptions: { remoteCommands: true } satisfies InitializationOptions,
    middleware: {
      provideCodeLenses: (document, token, next) => (lensesShown(document) ? next(document, token) : []),
    },
  };
  client = new LanguageClient('cephFederation', 'Ceph Federation', serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push(client);
  const lensClient = client;
  // The editor asks for the lenses again, and the middleware above answers with the setting's new value.
  const refreshLenses = () => {
    const emitters = new Set(vscode.workspace.textDocuments.map((d) => lensClient.getFeature(CodeLensRequest.method).getProvider(d)?.onDidChangeCodeLensEmitter));
    for (const emitter of emitters) emitter?.fire();
  };
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(LENS_SETTING) && refreshLenses()),
    vscode.workspace.onDidGrantWorkspaceTrust(refreshLenses),
  );

  const tree = new FederationTreeProvider(client);
  context.subscriptions.push(
    vscode.window.createTreeView('cephFederation.tree', { treeDataProvider: tree, showCollapseAll: true }),
    vscode.commands.registerCommand('cephFederation.refreshTree', () => tree.refresh()),
    vscode.commands.registerCommand('cephFederation.openExample', () => openExample(context)),
  );
  registerAgentConfigLanguage(context);

  const log = vscode.window.createOutputChannel('Ceph Federation', { log: true });
  const deps: CommandDeps = { context, log, setSyncStates: (states) => tree.setSyncStates(states) };
  let remote: typeof import('./commands') | undefined;
  for (const id of REMOTE_COMMAND_IDS) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, (...args: unknown[]) => {
        // Loaded on first use: the engine and ssh2 stay out of activation.
        remote ??= require(context.asAbsolutePath(path.join('dist', 'commands.js'))) as typeof import('./commands');
        return remote.runRemoteCommand(id, deps, args);
      }),
    );
  }
  context.subscriptions.push(log);
  // The diagram's panel module loads on first use; it follows the same change signal as the tree.
  const diagramClient = client;
  context.subscriptions.push(
    vscode.commands.registerCommand('cephFederation.showDiagram', async () => (await import('./diagram/diagramPanel.js')).showDiagram(context, diagramClient, tree.onDidChangeTreeData)),
    vscode.commands.registerCommand('cephFederation.saveDiagramSvg', async () => (await import('./diagram/diagramPanel.js')).saveDiagramSvg(diagramClient)),
  );
  // The tree and the client are returned for the extension-host tests.
  return { client, tree };
}

/** Opens a copy of the bundled example, so that edits never touch the installed extension. */
async function openExample(context: vscode.ExtensionContext): Promise<void> {
  const target = vscode.Uri.joinPath(context.globalStorageUri, 'example-federation');
  try {
    await vscode.workspace.fs.stat(target);
  } catch {
    await vscode.workspace.fs.copy(vscode.Uri.file(context.asAbsolutePath(path.join('examples', 'seed'))), target, { overwrite: false });
  }
  await vscode.commands.executeCommand('vscode.openFolder', target, { forceNewWindow: true });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
