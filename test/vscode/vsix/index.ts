import { runSuite } from '../host/runner';

export function run(): Promise<void> {
  return runSuite(__dirname);
}
