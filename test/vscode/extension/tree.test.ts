// The federation tree view: its provider returns the regions, zones and gateway instances of the example.
import { suite, test } from 'mocha';

suite('federation tree', () => {
  // Pending until the client contributes the view: test its provider's getChildren() from the root down here.
  test('lists regions us and eu, their zones, and the gateway instance of each zone');
});
