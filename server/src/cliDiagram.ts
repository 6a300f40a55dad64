// `ceph-federation diagram [DIR|FILE ...]`: the federation diagram as SVG on stdout, the picture the extension shows.
import * as path from 'node:path';
import { checkFiles } from './core/check';
import { diagramSvg } from './core/diagram';
import { buildTopology } from './core/topology';
import type { SourceFile } from './core/types';
import { FileTooLargeError, UnreadablePathError, collectFederationFiles, packageRoot, readSource, skippedNotice } from './node/files';

export const DIAGRAM_USAGE = `usage: ceph-federation diagram [DIR|FILE ...] > federation.svg

Draws the federation formed by the files under the given directories and the given files: regions or zonegroups
with their zones, gateway instances and sync, each node marked with its problem count. With no path it draws the
bundled example federation. Exit status: 0 the diagram was written (even with problems in the files), 2 bad usage
or an unreadable path.`;

function fail(message: string): number {
  process.stderr.write(`ceph-federation: ${message}\n`);
  return 2;
}

export async function diagramMain(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(DIAGRAM_USAGE + '\n');
    return 0;
  }
  const option = argv.find((a) => a.startsWith('-'));
  if (option) return fail(`unknown option ${option}\n${DIAGRAM_USAGE.split('\n')[0]}`);
  const paths = argv.length ? argv : [path.join(packageRoot(__dirname), 'examples')];

  let collected: ReturnType<typeof collectFederationFiles>;
  try {
    collected = collectFederationFiles(paths);
  } catch (e) {
    if (e instanceof UnreadablePathError) return fail(e.message);
    throw e;
  }
  const sources: SourceFile[] = [];
  for (const f of collected.files) {
    try {
      sources.push(await readSource(f));
    } catch (e) {
      // As check does: a file too large to be an infile is skipped when a directory walk met it.
      if (e instanceof FileTooLargeError && !collected.explicit.has(f)) {
        process.stderr.write(skippedNotice(f, e));
        continue;
      }
      return fail(`cannot read ${path.relative(process.cwd(), f)}: ${(e as Error).message}`);
    }
  }
  // The same check as `check`, so the problem counts on the nodes are the ones `check` reports.
  const result = await checkFiles(sources);
  const topology = buildTopology(result.federation, [...result.diagnostics.values()].flat());
  process.stdout.write(await diagramSvg(topology, { places: false }));
  return 0;
}
