// The "Ceph: Show Federation Diagram" webview and "Ceph: Save Diagram as SVG". The language server draws the SVG
// (the same renderer as `ceph-federation diagram`); this panel shows it, follows changes, and opens clicked nodes.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DiagramRequest } from '../../../server/src/protocol';

interface OpenMessage {
  type: 'open';
  uri: string;
  line: number;
  character: number;
  endLine?: number;
  endCharacter?: number;
}

const DRAW_FAILED = 'The federation diagram could not be drawn: see the Ceph Federation output.';

type Message = OpenMessage | { type: 'ready'; version: number };

/** Splits the diagram's stylesheet from its markup: the page puts the stylesheet in its own style element, under its CSP nonce. */
export function splitStyle(svg: string): { css: string; markup: string } {
  const m = /<style>([\s\S]*?)<\/style>\n?/.exec(svg);
  return m ? { css: m[1], markup: svg.slice(0, m.index) + svg.slice(m.index + m[0].length) } : { css: '', markup: svg };
}

/**
 * The webview's script, written into the page rather than loaded from the extension: a webview loads its resources
 * through a service worker, and a page that loads before that worker controls it gets none (the script request goes
 * to the network and fails), leaving a panel with a toolbar that never draws.
 */
let webviewScript: string | undefined;
function diagramWebviewScript(extensionPath: string): string {
  webviewScript ??= readFileSync(path.join(extensionPath, 'dist', 'diagram-webview.js'), 'utf8')
    .replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n')
    // Inside the page's <script> element, "</script" would end it.
    .replace(/<\/(script)/gi, '<\\/$1');
  return webviewScript;
}

const PAGE_CSS = `
html, body { height: 100%; margin: 0; padding: 0; overflow: hidden; }
body { display: flex; flex-direction: column; color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
#toolbar { display: flex; gap: 4px; align-items: center; padding: 4px 8px; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
#toolbar button { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); border: 1px solid var(--vscode-button-border, transparent); padding: 1px 8px; cursor: pointer; font: inherit; }
#toolbar button:hover { background: var(--vscode-button-secondaryHoverBackground); }
#toolbar button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
#zoom-level { min-width: 4em; text-align: center; color: var(--vscode-descriptionForeground); }
#message { color: var(--vscode-descriptionForeground); padding: 8px; }
#message.failed { color: var(--vscode-errorForeground); }
#canvas { flex: 1; overflow: auto; padding: 8px; }
#canvas svg { display: block; }
#canvas [data-uri]:focus { outline: none; }
`;

export class DiagramPanel implements vscode.Disposable {
  static readonly viewType = 'cephFederation.diagram';
  private static current: DiagramPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private svg = '';
  private version = 0;
  private refreshing: Promise<void> | undefined;
  private again = false;

  static show(context: vscode.ExtensionContext, client: LanguageClient, changed: vscode.Event<unknown>): DiagramPanel {
    if (DiagramPanel.current) {
      DiagramPanel.current.panel.reveal(undefined, true);
      void DiagramPanel.current.refresh();
      return DiagramPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      DiagramPanel.viewType,
      'Federation Diagram',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        // Hidden, the webview is dropped; it asks for the picture again when shown (see the 'ready' message).
        retainContextWhenHidden: false,
        // Everything the page needs is in it (see diagramWebviewScript).
        localResourceRoots: [],
      },
    );
    DiagramPanel.current = new DiagramPanel(panel, context, client, changed);
    return DiagramPanel.current;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
    changed: vscode.Event<unknown>,
  ) {
    // The page is set once, with its toolbar and a placeholder: setting it again reloads the frame, and a frame
    // replaced while it is still loading can stay blank. The picture comes by message (see refresh and 'ready').
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: Message) => this.receive(m)),
      changed(() => {
        if (this.panel.visible) void this.refresh();
      }),
    );
    void this.refresh();
  }

  /** Asks the server for the picture again and sends it to the webview only if it changed. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        const svg = await this.fetch();
        if (svg === undefined) {
          // A picture already shown stays; a panel that never had one says why it is empty.
          if (!this.svg) await this.post();
        } else if (svg !== this.svg) {
          this.svg = svg;
          this.version++;
          await this.post();
        }
      } while (this.again);
    })().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** The SVG as the panel currently shows it (for tests and for saving what is seen). */
  get currentSvg(): string {
    return this.svg;
  }

  private async fetch(): Promise<string | undefined> {
    try {
      const svg = await this.client.sendRequest(DiagramRequest.type, { theme: 'vscode' });
      return svg || undefined;
    } catch (e) {
      this.client.error('Federation diagram failed', e, false);
      return undefined;
    }
  }

  private post(): Thenable<boolean> {
    if (!this.svg) return this.panel.webview.postMessage({ type: 'failed', text: DRAW_FAILED });
    const { css, markup } = splitStyle(this.svg);
    return this.panel.webview.postMessage({ type: 'update', svg: markup, css, version: this.version });
  }

  private async receive(m: Message): Promise<void> {
    if (m.type === 'ready') {
      // A page that loaded after the picture was sent, or reloaded (hidden, then shown), shows an older one.
      if (this.svg && m.version !== this.version) await this.post();
      // Changes made while it was hidden were not drawn; a first page's picture is already being drawn.
      if (!this.refreshing) void this.refresh();
    } else if (m.type === 'open' && typeof m.uri === 'string' && /^(file|untitled):/.test(m.uri)) {
      const range = new vscode.Range(m.line, m.character, m.endLine ?? m.line, m.endCharacter ?? m.character);
      // The diagram stays beside; the file opens in the editor group the user was working in.
      const column = this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
      await vscode.window.showTextDocument(vscode.Uri.parse(m.uri), { selection: range, viewColumn: column, preserveFocus: false });
    }
  }

  private html(): string {
    const nonce = randomBytes(16).toString('base64');
    const csp = [`default-src 'none'`, `style-src 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`, `img-src data:`].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Federation Diagram</title>
<style nonce="${nonce}">${PAGE_CSS}</style>
<style nonce="${nonce}" id="diagram-style"></style>
</head>
<body>
<div id="toolbar" role="toolbar" aria-label="Zoom">
<button id="zoom-out" title="Zoom out" aria-label="Zoom out">−</button>
<span id="zoom-level">100%</span>
<button id="zoom-in" title="Zoom in" aria-label="Zoom in">+</button>
<button id="zoom-reset" title="Actual size">1:1</button>
<button id="zoom-fit" title="Fit to the panel">Fit</button>
</div>
<div id="message" role="status">Drawing the federation…</div>
<div id="canvas"></div>
<script nonce="${nonce}">${diagramWebviewScript(this.context.extensionPath)}</script>
</body>
</html>`;
  }

  dispose(): void {
    DiagramPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }

  static get instance(): DiagramPanel | undefined {
    return DiagramPanel.current;
  }
}

/** "Ceph: Save Diagram as SVG": the standalone picture, the same the CLI prints, into a file the user picks. */
export async function saveDiagramSvg(client: LanguageClient): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, 'federation.svg') : undefined,
    filters: { SVG: ['svg'] },
    saveLabel: 'Save Diagram',
    title: 'Save Federation Diagram as SVG',
  });
  if (!target) return undefined;
  const svg = await client.sendRequest(DiagramRequest.type, {});
  if (!svg) {
    void vscode.window.showErrorMessage('The federation diagram could not be drawn: see the Ceph Federation output.');
    return undefined;
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(svg));
  return target;
}

export function showDiagram(context: vscode.ExtensionContext, client: LanguageClient, changed: vscode.Event<unknown>): DiagramPanel {
  return DiagramPanel.show(context, client, changed);
}
