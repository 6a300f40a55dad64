// Endpoints of the usual shape are normalized without the URL parser: the answers must be the parser's.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { endpointProblem, normalizeEndpoint } from '../../server/src/core/rules/endpoints';

/** The URL parser's answers, as the rules used them before the shortcut. */
function reference(value: string): { problem?: string; normalized?: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: `${JSON.stringify(value)} is not a URL; write it as http://host:port/` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { problem: `${JSON.stringify(value)} uses ${url.protocol.slice(0, -1)}: radosgw serves only http and https, yet Ceph commits it silently` };
  }
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return {
    problem: url.hostname ? undefined : `${JSON.stringify(value)} has no host`,
    normalized: `${url.protocol}//${url.hostname.toLowerCase()}:${port}${url.pathname.replace(/\/+$/, '')}`,
  };
}

test('endpoint normalization and problems agree with the URL parser', () => {
  const hosts = ['rgw-us-east.example.com', 'RGW.Example.COM', 'a', '-a.b', 'a-.b', '1.example.com', 'example.1', '127.0.0.1', '0x7f.1', '10.0.0.1a', 'xn--nxasmq6b.com', 'a.xn--nxasmq6b', 'a_b.c', 'a..b', 'a.', ''];
  const ports = ['', ':80', ':443', ':8080', ':0', ':080', ':65535', ':65536', ':99999', ':', ':1e3'];
  const paths = ['', '/', '//', '/x', '/x/', '/x//', '/a/b', '/a/./b', '/a/../b', '/~u', '/%41', '/a b', '?q', '#f'];
  const values: string[] = [];
  for (const scheme of ['http://', 'https://', 'HTTP://', 'ftp://', 'http:/', '']) for (const h of hosts) for (const p of ports) for (const path of paths) values.push(scheme + h + p + path);
  values.push('http://user@host/', 'http://[::1]:80/', 'http://host:80/{fqdn}', '{fqdn}', 'not a url');
  for (const v of values) {
    const want = reference(v);
    assert.equal(normalizeEndpoint(v), want.normalized, v);
    assert.equal(endpointProblem(v), v.includes('{') ? endpointProblem(v) : want.problem, v);
  }
});
