import * as path from 'node:path';
import { checkFiles } from './core/check';
import type { Diagnostic } from './core/types';
import { FileTooLargeError, UnreadablePathError, collectFederationFiles, packageRoot, readSourceSync, skippedNotice, uriToPath } from './node/files';

// Each command's own --help holds its options; this page names them all.
const USAGE = `usage: ceph-federation check [DIR|FILE ...] [--format text|json]
       ceph-federation diagram [DIR|FILE ...] > federation.svg
       ceph-federation plan | apply | sync-status ...        (see ceph-federation plan --help)

Checks a Ceph radosgw federation: region/zonegroup/zone/realm/period infiles, ceph.conf gateway sections and
radosgw-agent configs, each against its schema and all of them against each other. The files under the given
directories and the given files form one federation. With no path it checks the bundled example federation.

  --format text   compiler-style lines: path:line:col: severity code: message (default)
  --format json   {"diagnostics":[...],"summary":{"files","errors","warnings"}}

Exit status: 0 no errors, 1 errors found, 2 bad usage or an unreadable path.

The other commands:
  diagram        the federation as one SVG picture: regions, zones, gateways, sync arrows
  plan           what apply would run on the gateways over ssh, and (--diff) how the live zones differ
  apply          backs up what is live, then zone set / zonegroup set and the period commit, over ssh
  sync-status    radosgw-admin sync status of one zone or every zone`;

class UsageError extends Error {}

interface Args {
  command: 'check';
  paths: string[];
  format: 'text' | 'json';
}

function parseArgs(argv: string[]): Args | 'help' | 'version' {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  if (argv.includes('--version')) return 'version';
  const [command, ...rest] = argv;
  if (command !== 'check') throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  const paths: string[] = [];
  let format: Args['format'] = 'text';
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--format' || a.startsWith('--format=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : rest[++i];
      if (v !== 'text' && v !== 'json') throw new UsageError(`--format must be text or json, not ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
      format = v;
    } else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else paths.push(a);
  }
  return { command, paths, format };
}

function relative(uri: string): string {
  const rel = path.relative(process.cwd(), uriToPath(uri));
  return rel || '.';
}

function formatText(diagnostics: Diagnostic[]): string {
  const lines: string[] = [];
  for (const d of diagnostics) {
    lines.push(`${relative(d.uri)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}`);
    for (const r of d.related ?? []) lines.push(`  ${relative(r.uri)}:${r.range.start.line + 1}:${r.range.start.character + 1}: note: ${r.message}`);
  }
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  // plan / apply / sync-status talk to gateways over ssh: their engine loads only for them.
  if (argv[0] === 'plan' || argv[0] === 'apply' || argv[0] === 'sync-status') return (await import('./cliRemote.js')).remoteMain(argv);
  // Loaded on demand: the layout engine is large, and `check` should not pay for it.
  if (argv[0] === 'diagram') return (await import('./cliDiagram.js')).diagramMain(argv.slice(1));
  let args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`ceph-federation: ${e.message}\n${USAGE.slice(0, USAGE.indexOf('\n\n'))}\n`);
      return 2;
    }
    throw e;
  }
  if (args === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (args === 'version') {
    process.stdout.write(`${require(path.join(packageRoot(__dirname), 'package.json')).version}\n`);
    return 0;
  }
  const paths = args.paths.length ? args.paths : [path.relative(process.cwd(), path.join(packageRoot(__dirname), 'examples')) || '.'];
  let collected;
  try {
    collected = collectFederationFiles(paths);
  } catch (e) {
    if (e instanceof UnreadablePathError) {
      process.stderr.write(`ceph-federation: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const sources = [];
  const explicitUris = new Set<string>();
  for (const f of collected.files) {
    try {
      const s = readSourceSync(f);
      sources.push(s);
      if (collected.explicit.has(f)) explicitUris.add(s.uri);
    } catch (e) {
      // A file too large to be an infile is skipped when a directory walk met it; one named on the command line fails.
      if (e instanceof FileTooLargeError && !collected.explicit.has(f)) {
        process.stderr.write(skippedNotice(f, e));
        continue;
      }
      process.stderr.write(`ceph-federation: cannot read ${path.relative(process.cwd(), f)}: ${(e as Error).message}\n`);
      return 2;
    }
  }
  const result = await checkFiles(sources, { explicit: explicitUris });
  const diagnostics = [...result.diagnostics.values()].flat().sort(
    (a, b) => relative(a.uri).localeCompare(relative(b.uri)) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const checked = result.files.filter((f) => f.kind !== 'unknown').length;
  if (args.format === 'json') {
    const out = {
      diagnostics: diagnostics.map((d) => ({
        file: relative(d.uri),
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        severity: d.severity,
        code: d.code,
        message: d.message,
        ...(d.related ? { related: d.related.map((r) => ({ file: relative(r.uri), line: r.range.start.line + 1, column: r.range.start.character + 1, message: r.message })) } : {}),
      })),
      summary: { files: checked, errors, warnings },
    };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    if (diagnostics.length) process.stdout.write(formatText(diagnostics) + '\n');
    process.stdout.write(`${checked} file${checked === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
  }
  return errors > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`ceph-federation: internal error: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 2;
    },
  );
}
