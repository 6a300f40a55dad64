// Runs inside the extension host: VS Code calls the suite's index.run() and reports its outcome as the exit code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function runSuite(dir: string): Promise<void> {
  // Waits are bounded by each helper's own timeout; mocha's is the backstop.
  const mocha = new Mocha({ ui: 'tdd', timeout: 90_000, color: false, reporter: 'spec' });
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const s = runner.stats;
      console.log(`${s?.passes ?? 0} passed, ${failures} failed, ${s?.pending ?? 0} skipped`);
      if (failures) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
  });
}
