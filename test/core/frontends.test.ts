// The sockets an `rgw frontends` value binds, as radosgw 16.2 reads it, and which pairs of them clash on one host.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { frontendListeners, listenersClash, type Listener } from '../../server/src/core/ceph/frontends';

const sockets = (value: string) => frontendListeners(value).map((l) => `${l.address ?? '*'}/${l.family}:${l.port}`);

test('beast: port and ssl_port bind every address; endpoints one, 80 and 443 by default; port 80 when none is given', () => {
  assert.deepEqual(sockets('beast port=8080'), ['*/any:8080']);
  assert.deepEqual(sockets('beast port=80 port=8000 ssl_port=443 ssl_certificate=/etc/ceph/rgw.pem'), ['*/any:80', '*/any:8000', '*/any:443']);
  assert.deepEqual(sockets('beast endpoint=10.0.0.1 ssl_endpoint=10.0.0.1'), ['10.0.0.1/ipv4:80', '10.0.0.1/ipv4:443']);
  assert.deepEqual(sockets('beast endpoint=0.0.0.0:8080 endpoint=[::]:8080 endpoint=[FE80::1]:9000'), ['*/ipv4:8080', '*/ipv6:8080', 'fe80::1/ipv6:9000']);
  assert.deepEqual(sockets('beast'), ['*/any:80']);
  assert.deepEqual(sockets('beast tcp_nodelay=1'), ['*/any:80']);
});

test('civetweb: port items joined by + with an s (SSL) or r (redirect) suffix, 7480 when none is given', () => {
  assert.deepEqual(sockets('civetweb port=7480'), ['*/ipv4:7480']);
  assert.deepEqual(sockets('civetweb port=127.0.0.1:8000+443s'), ['127.0.0.1/ipv4:8000', '*/ipv4:443']);
  assert.deepEqual(sockets('civetweb port=80r port=[::1]:8443s'), ['*/ipv4:80', '::1/ipv6:8443']);
  assert.deepEqual(sockets('civetweb num_threads=100'), ['*/ipv4:7480']);
});

test('a comma-separated list of frontends; FastCGI and unreadable ports bind nothing here', () => {
  assert.deepEqual(sockets('beast port=8000, civetweb port=8001'), ['*/any:8000', '*/ipv4:8001']);
  assert.deepEqual(sockets('fastcgi socket_port=9000 socket_host=0.0.0.0'), []);
  assert.deepEqual(sockets('beast port=http port=70000 port=0'), []);
  assert.deepEqual(sockets(''), []);
});

test('two sockets clash on the same port when an address or a family is shared', () => {
  const [anyPort] = frontendListeners('beast port=8080');
  const at = (value: string): Listener => frontendListeners(value)[0];
  assert.ok(listenersClash(anyPort, at('beast endpoint=10.0.0.1:8080')));
  assert.ok(listenersClash(at('civetweb port=8080'), at('beast endpoint=10.0.0.1:8080')));
  assert.ok(listenersClash(at('beast endpoint=10.0.0.1:8080'), at('civetweb port=10.0.0.1:8080')));
  assert.ok(!listenersClash(at('beast endpoint=10.0.0.1:8080'), at('beast endpoint=10.0.0.2:8080')));
  assert.ok(!listenersClash(at('civetweb port=8080'), at('beast endpoint=[::]:8080')));
  assert.ok(!listenersClash(anyPort, at('beast port=8081')));
});

test('each socket knows where its port is written in the value, or where an implied one goes', () => {
  const rewrite = (value: string) =>
    frontendListeners(value)
      .map((l) => value.slice(0, l.portAt.start) + '<' + l.portAt.before + 'N>' + value.slice(l.portAt.end))
      .join(' | ');
  assert.equal(rewrite('beast port=8080 ssl_port=443'), 'beast port=<N> ssl_port=443 | beast port=8080 ssl_port=<N>');
  assert.equal(rewrite('beast endpoint=10.0.0.1:8080 ssl_endpoint=10.0.0.1'), 'beast endpoint=10.0.0.1:<N> ssl_endpoint=10.0.0.1 | beast endpoint=10.0.0.1:8080 ssl_endpoint=10.0.0.1<:N>');
  assert.equal(rewrite('beast endpoint=[::1]:8080'), 'beast endpoint=[::1]:<N>');
  assert.equal(rewrite('beast, civetweb port=127.0.0.1:8000+443s'), 'beast< port=N>, civetweb port=127.0.0.1:8000+443s | beast, civetweb port=127.0.0.1:<N>+443s | beast, civetweb port=127.0.0.1:8000+<N>s');
  assert.equal(rewrite('  civetweb num_threads=8'), '  civetweb< port=N> num_threads=8');
});
