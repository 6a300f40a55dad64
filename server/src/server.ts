import * as path from 'node:path';
import {
  createConnection,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Diagnostic as LspDiagnostic,
  type InitializeParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { FederationWorkspace } from './core/workspace';
import type { Diagnostic } from './core/types';
import { readSource, walkFederationFiles } from './node/files';
import { isCandidateName } from './core/parse/parseFile';
import { featureCapabilities, registerFeatureHandlers } from './handlers/features';
import { registerTopologyHandler } from './handlers/topology';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const workspace = new FederationWorkspace();
const published = new Map<string, string>();
let folders: string[] = [];
let canWatch = false;

const severity: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

function toLsp(d: Diagnostic): LspDiagnostic {
  return {
    range: d.range,
    severity: severity[d.severity],
    code: d.code,
    source: 'ceph-federation',
    message: d.message,
    relatedInformation: d.related?.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message })),
  };
}

/** Logs instead of crashing: one bad file or a bug in a rule must never take the server down. */
async function runSafe<T>(what: string, fn: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    connection.console.error(`${what} failed: ${(e as Error).stack ?? e}`);
    return fallback;
  }
}

async function publishAll(): Promise<void> {
  const byUri = await runSafe('validation', () => workspace.diagnostics(), new Map<string, Diagnostic[]>());
  for (const [uri, list] of byUri) {
    const key = JSON.stringify(list);
    if (published.get(uri) === key) continue;
    published.set(uri, key);
    await connection.sendDiagnostics({ uri, diagnostics: list.map(toLsp) });
  }
  for (const uri of [...published.keys()]) {
    if (byUri.has(uri)) continue;
    published.delete(uri);
    await connection.sendDiagnostics({ uri, diagnostics: [] });
  }
  topology.published(byUri);
}

// Cross-file rules make every edit potentially relevant to every file, so edits are coalesced into one pass.
let timer: NodeJS.Timeout | undefined;
let running: Promise<void> = Promise.resolve();
function schedule(delay = 150): void {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = undefined;
    running = running.then(publishAll);
  }, delay);
}

async function scanFolders(): Promise<void> {
  for (const folder of folders) {
    for await (const file of walkFederationFiles(folder)) {
      await runSafe(`reading ${file}`, async () => {
        const source = await readSource(file);
        if (!documents.get(source.uri)) workspace.setFile(source.uri, source.text);
      }, undefined);
    }
  }
}

connection.onInitialize((params: InitializeParams) => {
  folders = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri).fsPath);
  if (!folders.length && params.rootUri) folders = [URI.parse(params.rootUri).fsPath];
  canWatch = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  return { capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental, ...featureCapabilities } };
});

connection.onInitialized(async () => {
  if (canWatch) {
    await connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/*.{json,conf,yaml,yml}' }],
    });
  }
  await scanFolders();
  schedule(0);
});

documents.onDidChangeContent((e) => {
  if (workspace.setFile(e.document.uri, e.document.getText(), e.document.languageId)) schedule();
});

documents.onDidClose(async (e) => {
  // A closed file stays in the federation as it is on disk; an untitled or deleted one leaves it.
  const uri = URI.parse(e.document.uri);
  const onDisk = uri.scheme === 'file' && folders.some((f) => !path.relative(f, uri.fsPath).startsWith('..'));
  if (onDisk) {
    const ok = await runSafe(`reading ${uri.fsPath}`, async () => {
      const s = await readSource(uri.fsPath);
      workspace.setFile(s.uri, s.text);
      return true;
    }, false);
    if (!ok) workspace.removeFile(e.document.uri);
  } else workspace.removeFile(e.document.uri);
  schedule();
});

connection.onDidChangeWatchedFiles(async (params) => {
  for (const change of params.changes) {
    const uri = URI.parse(change.uri);
    if (documents.get(change.uri) || !isCandidateName(uri.path)) continue;
    if (change.type === FileChangeType.Deleted) workspace.removeFile(change.uri);
    else {
      await runSafe(`reading ${uri.fsPath}`, async () => {
        const s = await readSource(uri.fsPath);
        workspace.setFile(change.uri, s.text);
      }, undefined);
    }
  }
  schedule();
});

registerFeatureHandlers(connection, workspace);
const topology = registerTopologyHandler(connection, workspace);
process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e.stack ?? e}`));
documents.listen(connection);
connection.listen();
