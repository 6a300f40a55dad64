import * as path from 'node:path';
import type { ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // The server recognises federation files by content, so it sees every candidate file and ignores the rest.
    documentSelector: [
      { scheme: 'file', language: 'json' },
      { scheme: 'file', language: 'ceph-conf' },
      { scheme: 'file', language: 'radosgw-agent-conf' },
      { scheme: 'file', pattern: '**/*.{conf,yaml,yml}' },
    ],
  };
  client = new LanguageClient('cephFederation', 'Ceph Federation', serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push(client);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
