// What every remote command shares: the federation as the editor holds it, a session built from the settings,
// the plan shown and confirmed, progress with cancellation, and one log channel. No secret reaches any of them.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkFiles } from '../../../server/src/core/check';
import { resolveSourceKeys } from '../../../server/src/core/ceph/keyReferences';
import type { Federation } from '../../../server/src/core/model/federation';
import type { Diagnostic, SourceFile } from '../../../server/src/core/types';
import { readSource, walkFederationFiles } from '../../../server/src/node/files';
import { RemoteSession, formatPlan, type ApplyReport, type HostSettings, type Plan } from '../remote';

export interface CommandDeps {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  /** Sync states shown in the tree after "Show Sync Status". */
  setSyncStates(states: Map<string, string>): void;
}

export class CommandError extends Error {}

function settings() {
  return vscode.workspace.getConfiguration('cephFederation');
}

/** The federation of the workspace folders, with unsaved editor contents and key references resolved. */
export async function loadFederation(deps: CommandDeps): Promise<{ federation: Federation; errors: Diagnostic[] }> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (!folders.length) throw new CommandError('Open the folder that holds the federation first.');
  const open = new Map(vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file').map((d) => [d.uri.toString(), d.getText()]));
  const sources: SourceFile[] = [];
  for (const folder of folders) {
    for await (const file of walkFederationFiles(folder.uri.fsPath)) {
      const s = await readSource(file);
      sources.push({ uri: s.uri, text: open.get(s.uri) ?? s.text });
    }
  }
  const { sources: resolved, missing } = await resolveSourceKeys(sources, async (ref) =>
    ref.source === 'env' ? process.env[ref.name] : await deps.context.secrets.get(ref.name),
  );
  if (missing.length) throw new CommandError(`These key references resolve to nothing: ${missing.join(', ')}. Set the environment variables or store the secrets ("Ceph: Store Zone Keys") first.`);
  const result = await checkFiles(resolved);
  const errors = [...result.diagnostics.values()].flat().filter((d) => d.severity === 'error');
  return { federation: result.federation, errors };
}

/** Refuses to plan on a federation with errors, as the CLI does: a plan from broken files would be wrong. */
export async function loadCheckedFederation(deps: CommandDeps): Promise<Federation> {
  const { federation, errors } = await loadFederation(deps);
  if (errors.length) {
    const first = errors[0];
    const message = `The federation has ${errors.length} error${errors.length > 1 ? 's' : ''} (first: ${first.code} in ${path.basename(vscode.Uri.parse(first.uri).fsPath)}). Fix ${errors.length > 1 ? 'them' : 'it'} first: nothing was planned or applied.`;
    void vscode.window.showErrorMessage(message, 'Show Problems').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
    throw new CommandError(message, { cause: 'reported' });
  }
  return federation;
}

export function backupDir(): string {
  const configured = settings().get<string>('backupDirectory', '');
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.homedir();
  return configured ? path.resolve(folder, configured.replace(/^~(?=$|\/)/, os.homedir())) : path.join(folder, '.ceph-federation', 'backups');
}

/**
 * A timeout setting in milliseconds, only where the user set it. Left at its default, the engine decides: its own
 * default (which the setting's default shows), and for the connect timeout a host's ssh_config ConnectTimeout first.
 */
function secondsSetByUser(s: vscode.WorkspaceConfiguration, key: string): number | undefined {
  const i = s.inspect<number>(key);
  const seconds = i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
  return typeof seconds === 'number' ? seconds * 1000 : undefined;
}

export function createSession(deps: CommandDeps): RemoteSession {
  const s = settings();
  const sshConfig = s.get<string>('ssh.configFile', '');
  return new RemoteSession({
    sshConfigPath: sshConfig ? sshConfig.replace(/^~(?=$|\/)/, os.homedir()) : undefined,
    hosts: s.get<Record<string, HostSettings>>('ssh.hosts', {}),
    radosgwAdmin: s.get<string>('remote.radosgwAdmin') || undefined,
    rados: s.get<string>('remote.rados') || undefined,
    sudo: s.get<boolean>('remote.sudo', false),
    cephConf: s.get<string>('remote.cephConf') || undefined,
    cluster: s.get<string>('remote.cluster') || undefined,
    connectTimeoutMs: secondsSetByUser(s, 'ssh.connectTimeoutSeconds'),
    commandTimeoutMs: secondsSetByUser(s, 'remote.commandTimeoutSeconds'),
    onUnknownHostKey: async (q) => {
      const answer = await vscode.window.showWarningMessage(
        `The authenticity of host ${q.alias} (${q.hostName}:${q.port}) can't be established.`,
        { modal: true, detail: `${q.keyType} key fingerprint is ${q.fingerprint}.\nTrust it and add it to known_hosts?` },
        'Trust Host',
      );
      return answer === 'Trust Host';
    },
    logger: (level, message) => {
      if (level === 'error') deps.log.error(message);
      else if (level === 'warn') deps.log.warn(message);
      else if (level === 'debug') deps.log.debug(message);
      else deps.log.info(message);
    },
  } as ConstructorParameters<typeof RemoteSession>[0]);
}

const PLAN_SCHEME = 'ceph-federation-plan';
const planTexts = new Map<string, string>();
let providerRegistered = false;

/** A read-only document for plans, reports and diffs: shown beside the editor, never saved anywhere. */
export async function showText(deps: CommandDeps, name: string, text: string, language = 'plaintext'): Promise<vscode.Uri> {
  if (!providerRegistered) {
    providerRegistered = true;
    const changed = new vscode.EventEmitter<vscode.Uri>();
    deps.context.subscriptions.push(
      vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, { onDidChange: changed.event, provideTextDocumentContent: (uri) => planTexts.get(uri.path) ?? '' }),
    );
  }
  const uri = vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/${name}` });
  planTexts.set(uri.path, text);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, language);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: false });
  return uri;
}

/** Shows the plan (every host and command, keys masked, backups) and asks before anything changes. */
export async function confirmPlan(deps: CommandDeps, plan: Plan, verb: string): Promise<boolean> {
  const text = formatPlan(plan);
  deps.log.info(`plan ${plan.kind} ${plan.target}:\n${text}`);
  await showText(deps, `plan-${plan.kind}-${plan.target}.txt`, text);
  const hosts = plan.hosts.map((h) => h.host).join(', ');
  const answer = await vscode.window.showWarningMessage(
    `${verb} ${plan.kind} ${plan.target} on ${plan.hosts.length} host${plan.hosts.length === 1 ? '' : 's'} (${hosts})?`,
    { modal: true, detail: `${plan.steps.length} steps; the plan is open beside the editor.${plan.backups.length ? ` Backups: ${plan.backups.join(', ')}` : ''}` },
    verb,
  );
  return answer === verb;
}

/** Runs a confirmed plan with progress and cancellation, and reports what happened where. */
export async function runPlan(deps: CommandDeps, session: RemoteSession, plan: Plan): Promise<ApplyReport> {
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Ceph: ${plan.kind} ${plan.target}`, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      let last = 0;
      return session.apply(plan, {
        signal: controller.signal,
        onProgress: ({ step, state, done, total }) => {
          deps.log.info(`[${state}] ${step.n}. ${step.host}: ${step.description}`);
          const pct = Math.round((done / Math.max(1, total)) * 100);
          progress.report({ message: `${step.host}: ${step.description}`, increment: pct - last });
          last = pct;
        },
      });
    },
  );
  deps.log.info(report.summary);
  const actions = ['Show Log', ...(report.backups.length ? ['Open Backups'] : [])];
  const show = report.ok ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
  // Not awaited: the notification stays until dismissed, and the command's result must not wait for that.
  void show(report.summary.split('\n')[0] + (report.ok ? '' : ' See the log for what was and was not applied.'), ...actions).then((choice) => {
    if (choice === 'Show Log') deps.log.show();
    if (choice === 'Open Backups') void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(report.backups[0]));
  });
  return report;
}

/** Reports an error once, in words, with the log at hand. */
export async function reportFailure(deps: CommandDeps, what: string, e: unknown): Promise<void> {
  if (e instanceof CommandError && e.cause === 'reported') return;
  const message = e instanceof Error ? e.message : String(e);
  deps.log.error(`${what}: ${message}`);
  void vscode.window.showErrorMessage(`${what}: ${message}`, 'Show Log').then((choice) => {
    if (choice) deps.log.show();
  });
}
