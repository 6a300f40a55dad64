import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  createConnection,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  WatchKind,
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
import { FileTooLargeError, readSource, startsWithBom, walkFederationFiles } from './node/files';
import { isCandidateName } from './core/parse/parseFile';
import { codeLensCapabilities, codeLensRefresher, featureCapabilities, registerFeatureHandlers, type ClientSupport } from './handlers/features';
import { registerTopologyHandler } from './handlers/topology';
import type { InitializationOptions } from './protocol';
import { registerDiagramHandler } from './handlers/diagram';
import { setLayoutEngine } from './core/diagram/layout';
import { elkInThread } from './node/elkThread';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const workspace = new FederationWorkspace();
const published = new Map<string, string>();
let folders: string[] = [];
let canWatch = false;
const clientSupport: ClientSupport = { changeAnnotations: false, codeLensRefresh: false, remoteCommands: false };

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
    if (e instanceof FileTooLargeError) connection.console.warn(`${what}: ${e.message}`);
    else connection.console.error(`${what} failed: ${(e as Error).stack ?? e}`);
    return fallback;
  }
}

/** Diagnostics computed and not yet sent, by URI: a newer result for a file replaces an unsent older one. */
const outbox = new Map<string, Diagnostic[]>();
let pumping = false;

async function send(uri: string, list: Diagnostic[]): Promise<void> {
  const key = JSON.stringify(list);
  const same = published.get(uri) === key;
  if (workspace.has(uri)) published.set(uri, key);
  else published.delete(uri);
  if (same) return;
  await connection.sendDiagnostics({ uri, diagnostics: list.map(toLsp) });
}

/** Files checked per slice: a few milliseconds of work between two chances to serve requests and edits. */
const CHECK_SLICE = 100;
const isOpen = (uri: string) => documents.get(uri) !== undefined;

/**
 * Checks the collected files and publishes the results, in slices: open documents are checked and sent first, the
 * closed files after them, yielding between slices so that requests (completion, hover) and new edits are served
 * while a large workspace is still being checked.
 */
async function pump(): Promise<void> {
  if (pumping) return;
  pumping = true;
  try {
    while (workspace.unchecked || outbox.size) {
      if (workspace.unchecked) {
        try {
          for (const [uri, list] of workspace.checkStale(CHECK_SLICE, isOpen)) outbox.set(uri, list);
        } catch (e) {
          connection.console.error(`validation failed: ${(e as Error).stack ?? e}`);
        }
      }
      let batch = [...outbox.keys()].filter(isOpen);
      if (!batch.length) batch = [...outbox.keys()].slice(0, CHECK_SLICE);
      for (const uri of batch) {
        const list = outbox.get(uri)!;
        outbox.delete(uri);
        await send(uri, list);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    // The lenses first: a client that sees the topology change has been asked for them already.
    await refreshLenses(documents.keys());
    topology.published(workspace.lastChecked());
  } finally {
    pumping = false;
  }
}

/** Set once the workspace folders have been read: before that, the federation is partial. */
let scanned = false;

/** Brings diagnostics up to date: only the files an edit can affect are checked again (see FederationWorkspace). */
function validate(): void {
  // A pass over a half-read federation would publish problems that the files still to come resolve.
  if (!scanned) return;
  try {
    workspace.collect();
  } catch (e) {
    connection.console.error(`validation failed: ${(e as Error).stack ?? e}`);
  }
  void pump();
}

// Validation waits until the edited document has been quiet for a moment; each document has its own timer, so
// typing in one file does not postpone the diagnostics another file's change brought.
const VALIDATION_DELAY_MS = 100;
const timers = new Map<string, NodeJS.Timeout>();
function schedule(delay = VALIDATION_DELAY_MS, uri = ''): void {
  const old = timers.get(uri);
  if (old) clearTimeout(old);
  timers.set(
    uri,
    setTimeout(() => {
      timers.delete(uri);
      publishOwnProblems(uri);
      if (workspace.pending) validate();
    }, delay),
  );
}

/** Files read at once: a large folder is read in parallel, and taken in the walk's order so the federation's is stable. */
const READ_AT_ONCE = 64;

/** Reads the federation files under a folder into the workspace; an open document keeps the editor's text. */
async function addFolder(folder: string): Promise<void> {
  const paths: string[] = [];
  for await (const file of walkFederationFiles(folder)) paths.push(file);
  for (let i = 0; i < paths.length; i += READ_AT_ONCE) {
    const sources = await Promise.all(paths.slice(i, i + READ_AT_ONCE).map((file) => runSafe(`reading ${file}`, () => readSource(file), undefined)));
    for (const source of sources) if (source && !isOpen(source.uri)) workspace.setFile(source.uri, source.text, undefined, source.bom);
  }
}

async function scanFolders(): Promise<void> {
  for (const folder of folders) await addFolder(folder);
}

connection.onInitialize((params: InitializeParams) => {
  folders = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri).fsPath);
  if (!folders.length && params.rootUri) folders = [URI.parse(params.rootUri).fsPath];
  canWatch = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  clientSupport.changeAnnotations = !!params.capabilities.workspace?.workspaceEdit?.changeAnnotationSupport;
  clientSupport.codeLensRefresh = !!params.capabilities.workspace?.codeLens?.refreshSupport;
  clientSupport.remoteCommands = (params.initializationOptions as InitializationOptions | undefined)?.remoteCommands === true;
  return { capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental, ...featureCapabilities, ...(clientSupport.remoteCommands ? codeLensCapabilities : {}) } };
});

connection.onInitialized(async () => {
  if (canWatch) {
    await connection.client.register(DidChangeWatchedFilesNotification.type, {
      // Deleting or renaming a folder is reported for the folder alone, not for the files in it.
      watchers: [{ globPattern: '**/*.{json,conf,yaml,yml}' }, { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete }],
    });
  }
  try {
    await scanFolders();
  } finally {
    scanned = true;
    schedule(0);
  }
});

/** Open documents whose file starts with a UTF-8 byte order mark: the editor leaves it out of their text. */
const bomOnDisk = new Set<string>();

/**
 * Until the folders are read no cross-file rule can run, but a document's own problems (syntax, schema,
 * placeholders) need no other file: they are published meanwhile (when the document opens, and after an edit once
 * it is quiet, as validation is), and the whole set once the federation is checked.
 */
function publishOwnProblems(uri: string): void {
  if (scanned || !documents.get(uri)) return;
  void runSafe(`checking ${uri}`, async () => {
    const list = workspace.localDiagnostics(uri);
    if (list) await send(uri, list);
  }, undefined);
}

/** Documents whose opening has not reached onDidChangeContent yet (TextDocuments fires onDidOpen first). */
const opening = new Set<string>();

documents.onDidChangeContent((e) => {
  const opened = opening.delete(e.document.uri);
  // The text is taken at once (parsing one file is cheap) so that requests see it; only validation waits.
  if (workspace.setFile(e.document.uri, e.document.getText(), e.document.languageId, bomOnDisk.has(e.document.uri))) {
    schedule(VALIDATION_DELAY_MS, e.document.uri);
    if (opened) publishOwnProblems(e.document.uri);
  }
});

/** Looks at the file of an open document again (opened, or saved: its encoding may have changed). */
async function refreshBom(uri: string): Promise<void> {
  const u = URI.parse(uri);
  if (u.scheme !== 'file') return;
  // A file not saved yet has no byte order mark.
  const bom = await startsWithBom(u.fsPath).catch(() => false);
  const doc = documents.get(uri);
  // Closed meanwhile: the file as read from disk carries its own flag.
  if (!doc || bom === bomOnDisk.has(uri)) return;
  if (bom) bomOnDisk.add(uri);
  else bomOnDisk.delete(uri);
  if (workspace.setFile(uri, doc.getText(), doc.languageId, bom)) {
    schedule(VALIDATION_DELAY_MS, uri);
    publishOwnProblems(uri);
  }
}

documents.onDidOpen((e) => {
  opening.add(e.document.uri);
  void refreshBom(e.document.uri);
});

documents.onDidClose(async (e) => {
  // A closed file stays in the federation as it is on disk; an untitled or deleted one leaves it.
  bomOnDisk.delete(e.document.uri);
  const uri = URI.parse(e.document.uri);
  const onDisk = uri.scheme === 'file' && folders.some((f) => !path.relative(f, uri.fsPath).startsWith('..'));
  if (onDisk) {
    const ok = await runSafe(`reading ${uri.fsPath}`, async () => {
      const s = await readSource(uri.fsPath);
      workspace.setFile(s.uri, s.text, undefined, s.bom);
      return true;
    }, false);
    if (!ok) workspace.removeFile(e.document.uri);
  } else workspace.removeFile(e.document.uri);
  schedule();
});

connection.onDidChangeWatchedFiles(async (params) => {
  for (const change of params.changes) {
    const uri = URI.parse(change.uri);
    if (change.type === FileChangeType.Deleted) {
      const prefix = change.uri.endsWith('/') ? change.uri : `${change.uri}/`;
      for (const u of workspace.uris) if (u.startsWith(prefix) && !documents.get(u)) workspace.removeFile(u);
    }
    if (change.type === FileChangeType.Created && !isCandidateName(uri.path) && uri.scheme === 'file') {
      // A folder moved or copied in: its files arrive with it, unannounced.
      await runSafe(`scanning ${uri.fsPath}`, async () => {
        if ((await fs.stat(uri.fsPath)).isDirectory()) await addFolder(uri.fsPath);
      }, undefined);
      continue;
    }
    if (!isCandidateName(uri.path)) continue;
    // An open document's text is the editor's; only its encoding on disk is read again (after a save).
    if (documents.get(change.uri)) {
      await refreshBom(change.uri);
      continue;
    }
    if (change.type === FileChangeType.Deleted) workspace.removeFile(change.uri);
    else {
      const ok = await runSafe(`reading ${uri.fsPath}`, async () => {
        const s = await readSource(uri.fsPath);
        workspace.setFile(change.uri, s.text, undefined, s.bom);
        return true;
      }, false);
      // What can no longer be read (grown past the size limit, made unreadable) leaves the federation, as on close.
      if (!ok) workspace.removeFile(change.uri);
    }
  }
  schedule();
});

registerFeatureHandlers(connection, workspace, clientSupport);
const refreshLenses = codeLensRefresher(connection, workspace, clientSupport);
const topology = registerTopologyHandler(connection, workspace);
setLayoutEngine(() => elkInThread());
registerDiagramHandler(connection, workspace);
process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e.stack ?? e}`));
documents.listen(connection);
connection.listen();
