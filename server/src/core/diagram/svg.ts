// The laid-out diagram as one standalone SVG document. The CLI, "Save Diagram as SVG" and the webview all use this
// renderer; only the palette differs: fixed colours for files, VS Code's theme variables for the webview.
import type { Place, Problems } from '../topology';
import { badgeWidth, displayDetail, displayLabel, METRICS, type LaidOutDiagram, type LaidOutEdge, type LaidOutNode } from './layout';

export type DiagramTheme = 'neutral' | 'vscode';

export interface SvgOptions {
  /** `neutral` (default): colours of its own, light or dark after the viewer's preference. `vscode`: theme variables. */
  theme?: DiagramTheme;
  /**
   * Whether nodes carry their file and position (`data-uri`, `data-line`, ...) for click-to-open. Default true; a
   * file for docs leaves them out, as they would publish the absolute paths of the machine that drew it.
   */
  places?: boolean;
}

const LEGEND_HEIGHT = 32;

const PALETTES: Record<DiagramTheme, string> = {
  neutral: `
.cf-diagram {
  --cf-bg: #ffffff; --cf-fg: #1f2328; --cf-muted: #59636e; --cf-region: #f6f8fa; --cf-region-border: #d1d9e0;
  --cf-node: #ffffff; --cf-border: #818b98; --cf-master: #0969da; --cf-data: #0969da; --cf-metadata: #8250df;
  --cf-error: #cf222e; --cf-warning: #9a6700; --cf-badge-fg: #ffffff;
  --cf-font: -apple-system, "Segoe UI", "Helvetica Neue", Arial, sans-serif;
}
@media (prefers-color-scheme: dark) {
  .cf-diagram {
    --cf-bg: #0d1117; --cf-fg: #e6edf3; --cf-muted: #9198a1; --cf-region: #151b23; --cf-region-border: #3d444d;
    --cf-node: #0d1117; --cf-border: #656c76; --cf-master: #4493f8; --cf-data: #4493f8; --cf-metadata: #ab7df8;
    --cf-error: #f85149; --cf-warning: #d29922; --cf-badge-fg: #0d1117;
  }
}`,
  // Fallbacks keep the picture readable where a theme leaves a variable undefined; contrastBorder is set only by
  // the high-contrast themes, where it must win.
  vscode: `
.cf-diagram {
  --cf-bg: transparent; --cf-fg: var(--vscode-editor-foreground, #cccccc);
  --cf-muted: var(--vscode-descriptionForeground, #9d9d9d);
  --cf-region: var(--vscode-editorWidget-background, transparent);
  --cf-region-border: var(--vscode-contrastBorder, var(--vscode-editorWidget-border, var(--vscode-panel-border, #454545)));
  --cf-node: var(--vscode-editor-background, transparent);
  --cf-border: var(--vscode-contrastBorder, var(--vscode-editorWidget-border, var(--vscode-panel-border, #6b6b6b)));
  --cf-master: var(--vscode-contrastActiveBorder, var(--vscode-focusBorder, #0078d4));
  --cf-data: var(--vscode-charts-blue, #3794ff); --cf-metadata: var(--vscode-charts-purple, #b180d7);
  --cf-error: var(--vscode-editorError-foreground, #f14c4c); --cf-warning: var(--vscode-editorWarning-foreground, #cca700);
  --cf-badge-fg: var(--vscode-editor-background, #1e1e1e);
  --cf-font: var(--vscode-font-family, sans-serif);
}
.vscode-high-contrast .cf-diagram rect.cf-box, .vscode-high-contrast-light .cf-diagram rect.cf-box { stroke-width: 2; }`,
};

const RULES = `
.cf-diagram { font-family: var(--cf-font); font-size: ${METRICS.font}px; }
.cf-diagram .cf-background { fill: var(--cf-bg); }
.cf-diagram text { fill: var(--cf-fg); }
.cf-diagram .cf-label { font-weight: 600; }
.cf-diagram .cf-detail { fill: var(--cf-muted); font-size: ${METRICS.small}px; }
.cf-diagram rect.cf-box { fill: var(--cf-node); stroke: var(--cf-border); stroke-width: 1; }
.cf-diagram .cf-region > rect.cf-box { fill: var(--cf-region); stroke: var(--cf-region-border); }
.cf-diagram .cf-master > rect.cf-box { stroke: var(--cf-master); stroke-width: 2.5; }
.cf-diagram .cf-warning > rect.cf-box { stroke: var(--cf-warning); stroke-width: 2; }
.cf-diagram .cf-error > rect.cf-box { stroke: var(--cf-error); stroke-width: 2; }
.cf-diagram .cf-badge-error { fill: var(--cf-error); }
.cf-diagram .cf-badge-warning { fill: var(--cf-warning); }
.cf-diagram text.cf-badge-text { fill: var(--cf-badge-fg); font-size: 11px; font-weight: 700; text-anchor: middle; }
.cf-diagram .cf-edge path { fill: none; stroke-width: 1.5; }
.cf-diagram .cf-data path { stroke: var(--cf-data); }
.cf-diagram .cf-metadata path { stroke: var(--cf-metadata); stroke-dasharray: 6 4; }
.cf-diagram .cf-implied path { stroke-width: 1; }
.cf-diagram .cf-edge.cf-error path { stroke: var(--cf-error); stroke-width: 2; }
.cf-diagram .cf-edge.cf-warning path { stroke: var(--cf-warning); }
.cf-diagram .cf-arrow-data { fill: var(--cf-data); }
.cf-diagram .cf-arrow-metadata { fill: var(--cf-metadata); }
.cf-diagram .cf-arrow-error { fill: var(--cf-error); }
.cf-diagram .cf-arrow-warning { fill: var(--cf-warning); }
.cf-diagram [data-uri] { cursor: pointer; }
.cf-diagram g[data-uri]:hover > rect.cf-box, .cf-diagram g[data-uri]:focus > rect.cf-box { stroke-width: 3; }
.cf-diagram g.cf-edge[data-uri]:hover path { stroke-width: 3; }`;

/** The stylesheet of a diagram: the same for every diagram of a theme, so a host page may hoist it once. */
export function diagramCss(theme: DiagramTheme = 'neutral'): string {
  return `${PALETTES[theme]}${RULES}\n`;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const num = (n: number) => String(Math.round(n * 10) / 10);

function placeAttributes(place: Place | undefined): string {
  if (!place) return '';
  const { start, end } = place.range;
  // 0-based LSP positions, as the webview sends them back to the editor.
  return ` data-uri="${escapeXml(place.uri)}" data-line="${start.line}" data-character="${start.character}" data-end-line="${end.line}" data-end-character="${end.character}" tabindex="0"`;
}

function problemClass(p: Problems): string {
  return p.errors ? ' cf-error' : p.warnings ? ' cf-warning' : '';
}

function problemText(p: Problems): string {
  const parts = [];
  if (p.errors) parts.push(`${p.errors} error${p.errors === 1 ? '' : 's'}`);
  if (p.warnings) parts.push(`${p.warnings} warning${p.warnings === 1 ? '' : 's'}`);
  return parts.join(', ');
}

function fileOf(place: Place): string {
  const last = place.uri.split('/').pop() ?? place.uri;
  let name = last;
  try {
    name = decodeURIComponent(last);
  } catch {
    // A malformed escape: show it as written.
  }
  return `${name}:${place.range.start.line + 1}`;
}

const KIND_WORD = { region: 'region', zone: 'zone', instance: 'gateway instance' } as const;

function renderNode(n: LaidOutNode, places: boolean): string {
  const label = displayLabel(n);
  const detail = displayDetail(n);
  const title = [
    `${n.kind === 'region' && n.detail === 'zonegroup' ? 'zonegroup' : KIND_WORD[n.kind]} ${n.label}${detail ? ` (${detail})` : ''}`,
    problemText(n.problems),
    `${fileOf(n.place)}`,
  ].filter(Boolean).join('\n');
  const x = n.x + METRICS.padding;
  const out = [
    `<g class="cf-node cf-${n.kind}${n.master ? ' cf-master' : ''}${problemClass(n.problems)}" data-id="${escapeXml(n.id)}"${places ? placeAttributes(n.place) : ''}>`,
    `<title>${escapeXml(title)}</title>`,
    `<rect class="cf-box" x="${num(n.x)}" y="${num(n.y)}" width="${num(n.width)}" height="${num(n.height)}" rx="${n.kind === 'region' ? 8 : 4}"/>`,
    `<text class="cf-label" x="${num(x)}" y="${num(n.y + 17)}">${escapeXml(label)}</text>`,
  ];
  if (detail) out.push(`<text class="cf-detail" x="${num(x)}" y="${num(n.y + 32)}">${escapeXml(detail)}</text>`);
  // Badges at the top right: errors, then warnings.
  let right = n.x + n.width - METRICS.padding + METRICS.badge.gap;
  for (const [count, kind] of [[n.problems.warnings, 'warning'], [n.problems.errors, 'error']] as const) {
    if (!count) continue;
    const w = badgeWidth(count);
    right -= w + METRICS.badge.gap;
    const top = n.y + 5;
    out.push(
      `<rect class="cf-badge-${kind}" x="${num(right)}" y="${num(top)}" width="${w}" height="${METRICS.badge.height}" rx="${METRICS.badge.height / 2}"/>`,
      `<text class="cf-badge-text" x="${num(right + w / 2)}" y="${num(top + 12)}">${count}</text>`,
    );
  }
  out.push('</g>');
  return out.join('');
}

function renderEdge(e: LaidOutEdge, labelOf: (id: string) => string, places: boolean): string {
  if (e.points.length < 2) return '';
  const d = e.points.map((p, i) => `${i ? 'L' : 'M'}${num(p.x)} ${num(p.y)}`).join(' ');
  const state = e.problems.errors ? 'error' : e.problems.warnings ? 'warning' : e.kind;
  const title = [
    `${e.kind} sync ${labelOf(e.source)} → ${labelOf(e.target)}`,
    e.place ? `radosgw-agent config ${fileOf(e.place)}` : 'implied: the zonegroup syncs from its master zone',
    problemText(e.problems),
  ].filter(Boolean).join('\n');
  return (
    `<g class="cf-edge cf-${e.kind}${e.implied ? ' cf-implied' : ''}${problemClass(e.problems)}" data-id="${escapeXml(e.id)}"${places ? placeAttributes(e.place) : ''}>` +
    `<title>${escapeXml(title)}</title><path d="${d}" marker-end="url(#cf-arrow-${state})"/></g>`
  );
}

function renderLegend(y: number): string {
  const line = (x: number, kind: 'data' | 'metadata') =>
    `<g class="cf-edge cf-${kind}"><path d="M${x} ${y + 12} H${x + 32}" marker-end="url(#cf-arrow-${kind})"/></g>`;
  const text = (x: number, t: string) => `<text class="cf-detail" x="${x}" y="${y + 16}">${t}</text>`;
  return `<g class="cf-legend">${line(16, 'data')}${text(56, 'data sync')}${line(130, 'metadata')}${text(170, 'metadata sync')}${text(266, '★ master')}</g>`;
}

export function renderSvg(diagram: LaidOutDiagram, options: SvgOptions = {}): string {
  const theme = options.theme ?? 'neutral';
  const places = options.places ?? true;
  const empty = diagram.nodes.length === 0;
  const width = Math.max(empty ? 560 : diagram.width, 360);
  const height = (empty ? 48 : diagram.height) + LEGEND_HEIGHT;
  const labels = new Map(diagram.nodes.map((n) => [n.id, n.label]));
  const markers = (['data', 'metadata', 'error', 'warning'] as const)
    .map((k) => `<marker id="cf-arrow-${k}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path class="cf-arrow-${k}" d="M0 0 L10 5 L0 10 z"/></marker>`)
    .join('');
  const body = empty
    ? `<text class="cf-detail" x="16" y="30">No federation files: no region, zonegroup, zone or gateway instance was found.</text>`
    : [...diagram.nodes.map((n) => renderNode(n, places)), ...diagram.edges.map((e) => renderEdge(e, (id) => labels.get(id) ?? id, places))].join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="cf-diagram" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Ceph federation diagram">`,
    `<title>Ceph federation</title>`,
    `<style>${diagramCss(theme)}</style>`,
    `<defs>${markers}</defs>`,
    `<rect class="cf-background" width="${width}" height="${height}"/>`,
    body,
    renderLegend(height - LEGEND_HEIGHT),
    `</svg>`,
    '',
  ].join('\n');
}
