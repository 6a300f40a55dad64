// Endpoints of the usual shape are normalized without the URL parser: the answers must be the parser's.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { endpointProblem, normalizeEndpoint, parsePlainEndpoint, parseUrlEndpoint } from '../../server/src/core/rules/endpoints';

test('endpoint normalization and problems agree with the URL parser', () => {
  const hosts = ['rgw-us-east.example.com', 'RGW.Example.COM', 'a', '-a.b', 'a-.b', '1.example.com', 'example.1', '127.0.0.1', '0x7f.1', '10.0.0.1a', 'xn--nxasmq6b.com', 'a.xn--nxasmq6b', 'a_b.c', 'a..b', 'a.', ''];
  const ports = ['', ':80', ':443', ':8080', ':0', ':080', ':65535', ':65536', ':99999', ':', ':1e3'];
  const paths = ['', '/', '//', '/x', '/x/', '/x//', '/a/b', '/a/./b', '/a/../b', '/~u', '/%41', '/a b', '?q', '#f'];
  const values: string[] = [];
  for (const scheme of ['http://', 'https://', 'HTTP://', 'ftp://', 'http:/', '']) for (const h of hosts) for (const p of ports) for (const path of paths) values.push(scheme + h + p + path);
  values.push('http://user@host/', 'http://[::1]:80/', 'http://host:80/{fqdn}', '{fqdn}', 'not a url');
  let plain = 0;
  for (const v of values) {
    const want = parseUrlEndpoint(v);
    const fast = parsePlainEndpoint(v);
    if (fast) {
      plain++;
      assert.deepEqual(fast, want, v);
    }
    assert.equal(normalizeEndpoint(v), want.normalized, v);
    // A placeholder is reported as one, not as a bad URL.
    assert.equal(endpointProblem(v), v.includes('{') ? undefined : want.problem, v);
  }
  // The fast path answered for the usual shapes (676 of the values), so the comparison above did compare.
  assert.ok(plain > 600, `the fast path answered ${plain} values`);
});
