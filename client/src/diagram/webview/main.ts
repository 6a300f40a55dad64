/// <reference lib="dom" />
// The diagram webview's script: swaps in a new SVG only when the picture changed, keeps zoom and scroll across
// updates and reloads, and asks the extension to open a node's file when the node is clicked.

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface ViewState {
  zoom: number;
  scrollLeft: number;
  scrollTop: number;
}

type Incoming = { type: 'update'; svg: string; css: string; version: number } | { type: 'failed'; text: string };

const vscode = acquireVsCodeApi();
const canvas = document.getElementById('canvas') as HTMLElement;
const zoomLabel = document.getElementById('zoom-level');
const message = document.getElementById('message') as HTMLElement;
const diagramStyle = document.getElementById('diagram-style') as HTMLStyleElement;
const state: ViewState = { zoom: 1, scrollLeft: 0, scrollTop: 0, ...((vscode.getState() as Partial<ViewState> | undefined) ?? {}) };
/** The version of the picture shown; the page starts with none. */
let version = 0;
/**
 * A panel opened for the first time (no view saved) shows its first picture whole, shrunk to fit, as an image
 * preview does; but not below a quarter, where a large federation would be a grey smudge: it then opens at its top left.
 */
let fitFirstPicture = vscode.getState() === undefined;
const FIRST_FIT_FLOOR = 0.25;

const MIN_ZOOM = 0.1;
const MAX_ZOOM = 4;

function currentSvg(): SVGSVGElement | null {
  return canvas.querySelector('svg');
}

function saveState(): void {
  vscode.setState(state);
}

/** Scales the SVG through its width and height; the viewBox keeps the drawing's own coordinates. */
function applyZoom(svg = currentSvg()): void {
  if (!svg) return;
  const width = Number(svg.dataset.width ?? svg.getAttribute('width'));
  const height = Number(svg.dataset.height ?? svg.getAttribute('height'));
  svg.dataset.width = String(width);
  svg.dataset.height = String(height);
  svg.setAttribute('width', String(Math.round(width * state.zoom)));
  svg.setAttribute('height', String(Math.round(height * state.zoom)));
  if (zoomLabel) zoomLabel.textContent = `${Math.round(state.zoom * 100)}%`;
}

function setZoom(zoom: number, anchor?: { x: number; y: number }): void {
  const next = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
  const ratio = next / state.zoom;
  // Keep the point under the pointer (or the centre) where it is.
  const ax = anchor?.x ?? canvas.clientWidth / 2;
  const ay = anchor?.y ?? canvas.clientHeight / 2;
  state.zoom = next;
  applyZoom();
  canvas.scrollLeft = (canvas.scrollLeft + ax) * ratio - ax;
  canvas.scrollTop = (canvas.scrollTop + ay) * ratio - ay;
  state.scrollLeft = canvas.scrollLeft;
  state.scrollTop = canvas.scrollTop;
  saveState();
}

/** The zoom that shows the whole picture, never above 100% nor below `floor`. */
function fit(floor = MIN_ZOOM): void {
  const svg = currentSvg();
  if (!svg) return;
  const width = Number(svg.dataset.width ?? svg.getAttribute('width'));
  const height = Number(svg.dataset.height ?? svg.getAttribute('height'));
  if (!width || !height) return;
  setZoom(Math.max(floor, Math.min((canvas.clientWidth - 16) / width, (canvas.clientHeight - 16) / height, 1)));
}

/** The diagram's rules go into the page's own style element (the CSP refuses the SVG's <style>, which carries no nonce). */
function update(update: Extract<Incoming, { type: 'update' }>): void {
  if (update.version === version) return;
  const doc = new DOMParser().parseFromString(update.svg, 'image/svg+xml');
  const svg = doc.documentElement;
  if (svg.nodeName !== 'svg' || doc.getElementsByTagName('parsererror').length) return;
  for (const style of Array.from(svg.querySelectorAll('style'))) style.remove();
  if (diagramStyle.textContent !== update.css) diagramStyle.textContent = update.css;
  message.hidden = true;
  const next = document.importNode(svg, true) as unknown as SVGSVGElement;
  applyZoom(next);
  const scroll = { left: canvas.scrollLeft, top: canvas.scrollTop };
  const old = currentSvg();
  // One replacement, in place: no empty frame in between.
  if (old) old.replaceWith(next);
  else canvas.replaceChildren(next);
  canvas.scrollLeft = scroll.left;
  canvas.scrollTop = scroll.top;
  version = update.version;
  if (fitFirstPicture) {
    fitFirstPicture = false;
    fit(FIRST_FIT_FLOOR);
  }
}

function open(target: Element | null): void {
  const node = target?.closest('[data-uri]');
  if (!(node instanceof Element)) return;
  const n = (name: string) => Number(node.getAttribute(name) ?? 0);
  vscode.postMessage({
    type: 'open',
    uri: node.getAttribute('data-uri'),
    line: n('data-line'),
    character: n('data-character'),
    endLine: n('data-end-line'),
    endCharacter: n('data-end-character'),
  });
}

window.addEventListener('message', (event: MessageEvent<Incoming>) => {
  if (event.data?.type === 'update') update(event.data);
  else if (event.data?.type === 'failed' && !currentSvg()) {
    message.textContent = event.data.text;
    message.classList.add('failed');
  }
});

canvas.addEventListener('click', (event) => open(event.target as Element));
canvas.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    open(event.target as Element);
  }
});
canvas.addEventListener(
  'wheel',
  (event) => {
    if (!event.ctrlKey && !event.metaKey) return;
    event.preventDefault();
    const box = canvas.getBoundingClientRect();
    setZoom(state.zoom * (event.deltaY < 0 ? 1.1 : 1 / 1.1), { x: event.clientX - box.left, y: event.clientY - box.top });
  },
  { passive: false },
);
let scrollPending = false;
canvas.addEventListener('scroll', () => {
  if (scrollPending) return;
  scrollPending = true;
  requestAnimationFrame(() => {
    scrollPending = false;
    state.scrollLeft = canvas.scrollLeft;
    state.scrollTop = canvas.scrollTop;
    saveState();
  });
});

document.getElementById('zoom-in')?.addEventListener('click', () => setZoom(state.zoom * 1.25));
document.getElementById('zoom-out')?.addEventListener('click', () => setZoom(state.zoom / 1.25));
document.getElementById('zoom-reset')?.addEventListener('click', () => setZoom(1));
document.getElementById('zoom-fit')?.addEventListener('click', () => fit());

applyZoom();
canvas.scrollLeft = state.scrollLeft;
canvas.scrollTop = state.scrollTop;
vscode.postMessage({ type: 'ready', version });
