// Apply Zone: the plan for a zone of the example federation, built through the command as the palette runs it.
// With the lab up (`npm run lab:up`; its lab.json names the key-only sshd on loopback), the plan's targets are
// reached over SSH; without it, the plan alone is checked.
import { suite, test } from 'mocha';

suite('Apply Zone', () => {
  // Pending until the client registers the command: run it for us-east and assert on the plan's steps
  // (`radosgw-admin zone set --rgw-zone=us-east --infile ...` once per gateway instance of each cluster).
  test('produces its plan for zone us-east of the example');
});
