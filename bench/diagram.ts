// Times the federation diagram of a synthetic federation: `node --import tsx bench/diagram.ts [ZONES] [OUT.svg]`.
// Prints the first (cold: ELK loads) and the median of the following runs of topology -> graph -> layout -> SVG.
import { writeFileSync } from 'node:fs';
import { buildTopology } from '../server/src/core/topology';
import { diagramSvg } from '../server/src/core/diagram';
import { contextOf } from '../test/core/fixtures';
import { generate } from './generate';

async function main(): Promise<void> {
  const zones = Number(process.argv[2] ?? 100);
  const files = Object.fromEntries(generate(zones, { faults: false }).files);
  const { federation, diagnostics } = await contextOf(files);
  const times: number[] = [];
  let svg = '';
  for (let i = 0; i < 11; i++) {
    const started = performance.now();
    svg = await diagramSvg(buildTopology(federation, diagnostics));
    times.push(performance.now() - started);
  }
  const [cold, ...warm] = times;
  warm.sort((a, b) => a - b);
  console.log(`${Object.keys(files).length} files, ${zones} zones: cold ${cold.toFixed(0)} ms, warm median ${warm[warm.length >> 1].toFixed(0)} ms (min ${warm[0].toFixed(0)}, max ${warm[warm.length - 1].toFixed(0)}), SVG ${(svg.length / 1024).toFixed(0)} KiB`);
  if (process.argv[3]) writeFileSync(process.argv[3], svg);
}

void main();
