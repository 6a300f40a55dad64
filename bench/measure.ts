// The measuring side of the benchmark: bundled like the server and the CLI (same esbuild options, precompiled
// schemas) and run in a fresh process per measurement, so "cold" means what a user gets at start-up.
// Usage: node measure.js <mode> <dir> [args]; prints one JSON object.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { Session } from 'node:inspector';
import { PerformanceObserver } from 'node:perf_hooks';
import * as path from 'node:path';
import { getLanguageService, type JSONSchema } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { checkFiles } from '../server/src/core/check';
import { FederationWorkspace } from '../server/src/core/workspace';
import { schemaByKind } from '../server/src/core/schemas';
import { schemaValidator } from '../server/src/core/schemaValidators';
import { parseFile } from '../server/src/core/parse/parseFile';
import type { SourceFile } from '../server/src/core/types';
import { rng } from './generate';
import { measureNavigation } from './navigation';
import { median, quantile } from './stats';

function readFederation(dir: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push({ uri: URI.file(full).toString(), text: readFileSync(full, 'utf8') });
    }
  };
  walk(dir);
  return out;
}

/**
 * The editor's own JSON validation, alone: parse and schema-validate each JSON file, no cross-file rules. The schemas
 * are registered once, by file name, as an editor does: handing the schema to every doValidation call would register
 * and resolve it again for each file (about 40% more time).
 */
const BASELINE_SCHEMAS = { region: 'bench://region.schema.json', zone: 'bench://zone.schema.json' } as const;

async function baseline(sources: SourceFile[]): Promise<{ ms: number; diagnostics: number }> {
  const ls = getLanguageService({});
  // The generator's file names: rNNN/rNNN.json for a region, rNNN/rNNN-zNN.json for a zone.
  ls.configure({
    validate: true,
    schemas: [
      { uri: BASELINE_SCHEMAS.region, fileMatch: ['r[0-9][0-9][0-9].json'], schema: JSON.parse(JSON.stringify(schemaByKind.region)) as JSONSchema },
      { uri: BASELINE_SCHEMAS.zone, fileMatch: ['r[0-9][0-9][0-9]-z[0-9][0-9].json'], schema: JSON.parse(JSON.stringify(schemaByKind.zone)) as JSONSchema },
    ],
  });
  const json = sources.filter((s) => s.uri.endsWith('.json'));
  let diagnostics = 0;
  const start = performance.now();
  for (const s of json) {
    const doc = TextDocument.create(s.uri, 'json', 0, s.text);
    diagnostics += (await ls.doValidation(doc, ls.parseJSONDocument(doc), { schemaValidation: 'error' })).length;
  }
  const ms = performance.now() - start;
  // Every JSON file of the generated federation is validated against its kind's schema, or the baseline is void:
  // asked of the language service itself, after the timing (its parser stays cold for the measurement).
  for (const s of json) {
    const kind = s.text.includes('"master_zone"') ? 'region' : 'zone';
    const doc = TextDocument.create(s.uri, 'json', 0, s.text);
    const schemas = ls.getLanguageStatus(doc, ls.parseJSONDocument(doc)).schemas;
    if (schemas.length !== 1 || schemas[0] !== BASELINE_SCHEMAS[kind]) throw new Error(`baseline: ${s.uri}, a ${kind} infile, is associated with ${schemas.join(', ') || 'no schema'}`);
  }
  return { ms, diagnostics };
}

/** Part of ours, for the analysis: every file parsed and the JSON ones schema-validated; no model, no cross-file rule. */
function parseAndSchema(sources: SourceFile[]): { ms: number; invalid: number } {
  const start = performance.now();
  let invalid = 0;
  for (const s of sources) {
    const f = parseFile(s);
    if (f.kind !== 'ceph-conf' && f.kind !== 'agent-conf' && f.kind !== 'unknown' && !schemaValidator(f.kind)(f.json.value)) invalid++;
  }
  return { ms: performance.now() - start, invalid };
}

async function ours(sources: SourceFile[]): Promise<{ ms: number; diagnostics: number }> {
  const start = performance.now();
  const result = await checkFiles(sources);
  const ms = performance.now() - start;
  let diagnostics = 0;
  for (const list of result.diagnostics.values()) diagnostics += list.length;
  return { ms, diagnostics };
}

const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;

/** Edits an operator makes to a zone infile, each from the file's current text. */
const EDITS: ((text: string, r: () => number) => string)[] = [
  (t) => t.replace(/("gc_pool": "[^"]*)"/, '$1x"'), // a pool renamed: pool-prefix
  (t) => t.replace(/("secret_key": ")[^"]/, '$1Q'), // a key pasted: agent-key-mismatch elsewhere
  (t) => t.replace('"control_pool"', '"contol_pool"'), // a typo'd key: schema
  (t) => '\n' + t, // a blank line: every range below moves
  (t) => t.replace(/\n\s*\]\s*\n\}\s*\n?$/, '\n'), // half-typed: json-syntax
  (t, r) => t.replace(/("user_uid_pool": ")[^"]*"/, `$1.r00${Math.floor(r() * 10)}-z0${Math.floor(r() * 10)}.users.uid"`), // a pool of another zone: pool-shared
  (t) => t.replace(/("access_key": ")[^"]*"/, '$1"'), // an emptied key: system-key-empty
];

/** Checks of the small federation that warm the code in the warm-code mode. */
const WARM_CODE_CHECKS = 200;

function editBench(sources: SourceFile[], count: number, seed: number) {
  const ws = new FederationWorkspace();
  for (const s of sources) ws.setFile(s.uri, s.text);
  const startIndex = performance.now();
  ws.changedDiagnostics();
  const indexMs = performance.now() - startIndex;
  const zones = sources.filter((s) => /-z\d+\.json$/.test(s.uri));
  const original = new Map(zones.map((z) => [z.uri, z.text]));
  const r = rng(seed);
  const times: number[] = [];
  let recomputed = 0;
  for (let i = 0; i < count; i++) {
    const zone = zones[Math.floor(r() * zones.length)];
    const pick = Math.floor(r() * (EDITS.length + 1));
    // One edit in EDITS.length + 1 reverts the file: edits come and go as they do while typing.
    const text = pick === EDITS.length ? original.get(zone.uri)! : EDITS[pick](original.get(zone.uri)!, r);
    const start = performance.now();
    ws.setFile(zone.uri, text);
    const changed = ws.changedDiagnostics();
    times.push(performance.now() - start);
    recomputed += changed.size;
  }
  return { indexMs, medianMs: median(times), p99Ms: quantile(times, 0.99), maxMs: Math.max(...times), meanFilesRecomputed: recomputed / count };
}

async function completionBench(sources: SourceFile[], count: number): Promise<unknown> {
  const featurePath = path.join(__dirname, 'completion-entry.js');
  if (!existsSync(featurePath)) return { medianMs: null, reason: 'no completion feature in this build' };
  return require(featurePath).measure(sources, count);
}

async function main(): Promise<void> {
  const [mode, dir, arg] = process.argv.slice(2);
  const sources = readFederation(dir);
  let out: unknown;
  switch (mode) {
    case 'baseline':
      out = await baseline(sources);
      break;
    case 'ours':
      out = await ours(sources);
      break;
    case 'parse':
      out = parseAndSchema(sources);
      break;
    case 'parse-json':
      // Ours on exactly the baseline's work: the JSON files alone, parsed and schema-validated.
      out = parseAndSchema(sources.filter((s) => s.uri.endsWith('.json')));
      break;
    case 'warm': {
      // Repeated in one process: the steady state, free of start-up costs, for the scaling ratio. The first third of
      // the runs warm up; a small federation needs more runs than a large one to get there (the caller scales them).
      const runs = Number(arg ?? 16);
      const warmup = Math.floor(runs / 3);
      const o: number[] = [];
      const b: number[] = [];
      const p: number[] = [];
      // Garbage collection inside our checks, for what grows beyond the data: pauses are matched to the checks by time.
      const pauses: { start: number; ms: number }[] = [];
      const gcObserver = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) pauses.push({ start: e.startTime, ms: e.duration });
      });
      gcObserver.observe({ entryTypes: ['gc'] });
      const windows: [number, number][] = [];
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        o.push((await ours(sources)).ms);
        windows.push([start, performance.now()]);
        b.push((await baseline(sources)).ms);
        p.push(parseAndSchema(sources).ms);
      }
      await new Promise((r) => setTimeout(r, 100)); // the observer is told of pauses later, in batches
      gcObserver.disconnect();
      const gc = windows.map(([from, to]) => pauses.filter((g) => g.start >= from && g.start < to).reduce((sum, g) => sum + g.ms, 0)).slice(warmup);
      const checked = o.slice(warmup);
      // Means, not medians: a small check meets a collection only every few runs, so its median check has none.
      out = {
        oursMs: median(checked),
        baselineMs: median(b.slice(warmup)),
        parseSchemaMs: median(p.slice(warmup)),
        oursMeanMs: mean(checked),
        oursGcMeanMs: mean(gc),
        runs,
        warmup,
      };
      break;
    }
    case 'warm-code': {
      // The code warmed on a small federation first (every rule run until V8 has optimized it), then the large one
      // checked once: what is left of the cold cost is that of a first pass over new data, which turns out small. The
      // first check of 1,000 zones stops getting faster after about 100 checks of 100 zones; after 10 it still costs
      // twice as much.
      const small = readFederation(arg);
      for (let i = 0; i < WARM_CODE_CHECKS; i++) await checkFiles(small);
      out = { ...(await ours(sources)), warmChecks: WARM_CODE_CHECKS };
      break;
    }
    case 'alloc': {
      // Bytes allocated by one check after a few warm-up checks, garbage included: what the garbage collector has to
      // deal with. Sampled by V8's heap profiler every 512 bytes.
      const session = new Session();
      session.connect();
      const post = (method: string, params?: object) =>
        new Promise<any>((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
      for (let i = 0; i < 3; i++) await checkFiles(sources);
      await post('HeapProfiler.enable');
      await post('HeapProfiler.startSampling', { samplingInterval: 512, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
      await checkFiles(sources);
      const { profile } = await post('HeapProfiler.stopSampling');
      let bytes = 0;
      const walk = (n: { selfSize: number; children?: unknown[] }) => {
        bytes += n.selfSize;
        for (const c of n.children ?? []) walk(c as typeof n);
      };
      walk(profile.head);
      session.disconnect();
      out = { mb: bytes / 1e6 };
      break;
    }
    case 'edit':
      out = editBench(sources, Number(arg ?? 200), 42);
      break;
    case 'completion':
      out = await completionBench(sources, Number(arg ?? 200));
      break;
    case 'navigation':
      out = measureNavigation(sources, Number(arg ?? 200));
      break;
    default:
      throw new Error(`unknown mode ${mode}`);
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
