// `npm run fuzz -- [--runs N] [--seed S]`: mutate every kind of federation file and run the whole core on it.
import fc from 'fast-check';
import { modernExample, seedExample } from '../core/fixtures';
import { mutations } from './mutate';
import { checkCase } from './properties';

export interface FuzzReport {
  runs: number;
  seed: number;
  failures: number;
  ms: number;
}

export async function fuzzCore(runs: number, seed: number): Promise<FuzzReport> {
  const federations = [seedExample(), modernExample()];
  const targets = federations.flatMap((files, fi) => Object.keys(files).map((name) => ({ fi, name })));
  const t0 = performance.now();
  const details = await fc.check(
    fc.asyncProperty(fc.constantFrom(...targets), mutations, fc.nat(400), fc.nat(120), async (target, muts, line, character) => {
      const files = { ...federations[target.fi] };
      files[target.name] = muts.reduce((t, m) => m(t), files[target.name]);
      await checkCase(files, target.name, { line, character });
    }),
    { numRuns: runs, seed, endOnFailure: true },
  );
  if (details.failed) console.error(fc.defaultReportMessage(details));
  return { runs: details.numRuns, seed, failures: details.failed ? 1 : 0, ms: performance.now() - t0 };
}

if (require.main === module) {
  const arg = (name: string, dflt: number) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : dflt;
  };
  const runs = arg('--runs', 10000);
  const seed = arg('--seed', Date.now() % 2 ** 31);
  fuzzCore(runs, seed).then((r) => {
    console.log(`${r.runs} cases, seed ${r.seed}, ${r.failures} failures, ${(r.ms / 1000).toFixed(1)} s`);
    process.exitCode = r.failures ? 1 : 0;
  });
}
