// Topology in, SVG out: the whole diagram pipeline for the CLI and the language server.
import type { Topology } from '../topology';
import { buildDiagramGraph } from './graph';
import { layoutDiagram } from './layout';
import { renderSvg, type SvgOptions } from './svg';

export async function diagramSvg(topology: Topology, options: SvgOptions = {}): Promise<string> {
  return renderSvg(await layoutDiagram(buildDiagramGraph(topology)), options);
}
