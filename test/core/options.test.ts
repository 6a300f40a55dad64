// Expected values below were checked against Ceph 16.2.15 itself (ceph-conf reading the value),
// so a failure means the checker now disagrees with the daemon.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CEPH_OPTIONS, displayName, lookupOption, parseOptionValue, suggestOptions, type CephOption } from '../../server/src/core/ceph/options';

function opt(name: string): CephOption {
  const o = lookupOption(name);
  assert.ok(o, `${name} should be in the table`);
  return o;
}

function accepts(name: string, raw: string, value?: string | number | boolean): void {
  const r = parseOptionValue(opt(name), raw);
  assert.ok(r.ok, `${name} = ${JSON.stringify(raw)} should be accepted, got ${JSON.stringify(r)}`);
  if (value !== undefined && r.ok) assert.equal(r.value, value, `${name} = ${JSON.stringify(raw)}`);
}

function rejects(name: string, raw: string): void {
  const r = parseOptionValue(opt(name), raw);
  assert.equal(r.ok, false, `${name} = ${JSON.stringify(raw)} should be rejected`);
  if (!r.ok) assert.ok(r.reason.length > 0 && !r.reason.includes('\n'));
}

test('table shape: unique names, one-line descriptions, enough rgw options', () => {
  const names = new Set<string>();
  for (const o of CEPH_OPTIONS) {
    assert.ok(!names.has(o.name), `duplicate ${o.name}`);
    names.add(o.name);
    assert.match(o.name, /^[a-z0-9_]+$/);
    assert.ok(o.description.trim().length > 0, `${o.name} has no description`);
    assert.ok(!/[\r\n]/.test(o.description), `${o.name} description spans lines`);
    assert.ok(['basic', 'advanced', 'dev'].includes(o.level));
    assert.ok(['str', 'bool', 'int', 'uint', 'size', 'secs', 'millisecs', 'float', 'addr', 'addrvec', 'uuid'].includes(o.type));
    if (o.replacedBy) assert.ok(names.has(o.replacedBy) || lookupOption(o.replacedBy), `${o.name} replacedBy unknown ${o.replacedBy}`);
    if (o.enum) assert.equal(o.type, 'str');
  }
  assert.ok(CEPH_OPTIONS.filter((o) => o.name.startsWith('rgw_')).length >= 290);
  assert.ok(CEPH_OPTIONS.filter((o) => o.name.startsWith('rgw_')).every((o) => o.gateway === true));
});

test('every default is a value Ceph accepts for its own type', () => {
  for (const o of CEPH_OPTIONS) {
    if (o.default === null || typeof o.default !== 'string') continue;
    // rgw_rados_pool_recovery_priority is a Ceph bug (min -10 on a uint); it is not a string anyway.
    const r = parseOptionValue(o, o.default);
    assert.ok(r.ok, `${o.name} default ${JSON.stringify(o.default)}: ${JSON.stringify(r)}`);
  }
});

test('lookups', () => {
  const zone = opt('rgw_zone');
  assert.equal(zone.type, 'str');
  assert.equal(zone.gateway, true);
  assert.equal(zone.dialect, undefined);
  assert.equal(opt('rgw_max_chunk_size').type, 'size');
  assert.equal(opt('rgw_max_chunk_size').default, 4194304);
  assert.equal(opt('rgw_enable_usage_log').default, false);
  assert.deepEqual(opt('rgw_crypt_vault_auth').enum, ['token', 'agent']);
  assert.equal(opt('keyring').gateway, true);
  assert.equal(lookupOption('rgw_zome'), undefined);
  assert.equal(lookupOption('no_such_option'), undefined);
  // Ceph maps whitespace in keys to '_' but leaves dashes alone ("rgw-zone" is ignored by 16.2).
  assert.equal(lookupOption('rgw  zone')?.name, 'rgw_zone');
  assert.equal(lookupOption('rgw-zone'), undefined);
});

test('legacy federation options are present and marked', () => {
  for (const [name, successor] of [
    ['rgw_region', 'rgw_zonegroup'],
    ['rgw_region_root_pool', 'rgw_zonegroup_root_pool'],
    ['rgw_default_region_info_oid', 'rgw_default_zonegroup_info_oid'],
  ]) {
    const o = opt(name);
    assert.equal(o.dialect, 'legacy');
    assert.equal(o.replacedBy, successor);
    assert.equal(o.removed, undefined, `${name} still exists in 16.2`);
  }
  const gone = opt('rgw_replica_log_obj_prefix');
  assert.equal(gone.dialect, 'legacy');
  assert.equal(gone.removed, '16.2');
  assert.equal(opt('rgw_socket_path').replacedBy, 'rgw_frontends');
  // Still in 16.2 and still meaningful, so no legacy mark.
  assert.equal(opt('rgw_enable_ops_log').dialect, undefined);
  assert.equal(opt('rgw_print_continue').dialect, undefined);
});

test('displayName', () => {
  assert.equal(displayName('rgw_zone'), 'rgw zone');
  assert.equal(displayName('rgw_zonegroup_root_pool'), 'rgw zonegroup root pool');
});

test('suggestOptions', () => {
  assert.ok(suggestOptions('rgw_zome').includes('rgw_zone'));
  assert.equal(suggestOptions('rgw-zone')[0], 'rgw_zone');
  assert.equal(suggestOptions('rgw zonegroup')[0], 'rgw_zonegroup');
  assert.ok(suggestOptions('rgw_zonegropu').includes('rgw_zonegroup'));
  assert.ok(suggestOptions('dns_name').includes('rgw_dns_name'));
  assert.ok(suggestOptions('rgw_zome', 1).length <= 1);
  assert.deepEqual(suggestOptions('completely_unrelated_words_here'), []);
  const t0 = performance.now();
  for (let i = 0; i < 200; i++) suggestOptions(`rgw_some_unknown_key_${i}`);
  assert.ok(performance.now() - t0 < 2000, 'suggestOptions is too slow to call per key');
});

test('bool: strict_strtob', () => {
  accepts('rgw_enable_usage_log', 'true', true);
  accepts('rgw_enable_usage_log', 'TRUE', true);
  accepts('rgw_enable_usage_log', 'False', false);
  accepts('rgw_enable_usage_log', '1', true);
  accepts('rgw_enable_usage_log', '0', false);
  accepts('rgw_enable_usage_log', '2', true);
  accepts('rgw_enable_usage_log', '-1', true);
  accepts('rgw_enable_usage_log', '01', true);
  for (const v of ['maybe', 'yes', 'no', 'on', '', '0x1', '1.0', '2147483648']) rejects('rgw_enable_usage_log', v);
});

test('int/uint: strict_si_cast with decimal suffixes and min/max', () => {
  accepts('rgw_gc_max_objs', '64', 64);
  accepts('rgw_gc_max_objs', '+5', 5);
  accepts('rgw_gc_max_objs', '-5', -5);
  accepts('rgw_gc_max_objs', '5K', 5000);
  accepts('rgw_gc_max_objs', '2M', 2000000);
  accepts('rgw_gc_max_objs', '9E', 9e18);
  for (const v of ['5k', '5B', '5KB', '10E', '0x10', '1e3', '1.5', '', 'abc', '$id', '5 ', ' 5', '9223372036854775808']) rejects('rgw_gc_max_objs', v);
  accepts('rgw_max_listing_results', '1');
  accepts('rgw_max_listing_results', '100000');
  rejects('rgw_max_listing_results', '0');
  rejects('rgw_max_listing_results', '100001');
  rejects('rgw_max_listing_results', '-1');
  accepts('rgw_curl_buffersize', '1024');
  rejects('rgw_curl_buffersize', '1023');
  rejects('rgw_curl_buffersize', '524289');
  // Ceph 16.2 declares min -10 on this unsigned option, so nothing passes.
  rejects('rgw_rados_pool_recovery_priority', '5');
});

test('size: strict_iecstrtoll as shipped in 16.2', () => {
  accepts('rgw_max_chunk_size', '4194304', 4194304);
  accepts('rgw_max_chunk_size', '4K', 4096);
  accepts('rgw_max_chunk_size', '1M', 1048576);
  accepts('rgw_max_chunk_size', '4Ki', 4096);
  accepts('rgw_max_chunk_size', '4KB', 4096);
  accepts('rgw_max_chunk_size', '4B', 4);
  accepts('rgw_max_chunk_size', '1K5', 1024);
  accepts('rgw_max_chunk_size', '15E', 15 * 2 ** 60);
  for (const v of ['4KiB', '4k', '4 K', ' 4', '-1', '16E', '0x10', '', 'K', '4Bi']) rejects('rgw_max_chunk_size', v);
});

test('secs: parse_timespan', () => {
  accepts('client_mount_timeout', '30', 30);
  accepts('client_mount_timeout', '30s', 30);
  accepts('client_mount_timeout', '5m', 300);
  accepts('client_mount_timeout', '2 hours', 7200);
  accepts('client_mount_timeout', '1h30m', 5400);
  accepts('client_mount_timeout', '1h 30m', 5400);
  accepts('client_mount_timeout', '1d', 86400);
  accepts('client_mount_timeout', '1w', 604800);
  accepts('client_mount_timeout', '1mo', 2592000);
  accepts('client_mount_timeout', '1y', 31536000);
  accepts('client_mount_timeout', '', 0);
  for (const v of ['10x', '10.5', '-5', '5S', '5M', 'h', '1 2', '5 minutes ago']) rejects('client_mount_timeout', v);
  rejects('rados_osd_op_timeout', '-1');
});

test('float: strict_strtod and min/max', () => {
  accepts('rgw_period_push_interval', '2', 2);
  accepts('rgw_period_push_interval', '0.5', 0.5);
  accepts('rgw_period_push_interval', '1e3', 1000);
  accepts('rgw_period_push_interval', '0x1p3', 8);
  accepts('rgw_period_push_interval', ' .5', 0.5);
  accepts('rgw_period_push_interval', 'inf', Infinity);
  for (const v of ['1,5', '1e', '.', 'abc', '1e400', '1e-310', '0x', '2 ']) rejects('rgw_period_push_interval', v);
  accepts('rgw_rados_pool_autoscale_bias', '0.01');
  rejects('rgw_rados_pool_autoscale_bias', '0.009');
  rejects('rgw_rados_pool_autoscale_bias', '100001');
});

test('str: any text, enums exact, $metavariables fine', () => {
  accepts('rgw_zone', 'us-east', 'us-east');
  accepts('rgw_zone', '', '');
  accepts('keyring', '/etc/ceph/$cluster.$name.keyring');
  accepts('log_file', '/var/log/ceph/$cluster-$name.log');
  accepts('rgw_crypt_vault_auth', 'agent');
  rejects('rgw_crypt_vault_auth', 'AGENT');
  rejects('rgw_crypt_vault_auth', 'kerberos');
  rejects('rgw_crypt_vault_auth', '');
  accepts('rgw_keystone_implicit_tenants', 'swift');
  rejects('rgw_default_data_log_backing', 'rados');
});

test('debug levels: N or N/M, each 0..99', () => {
  accepts('debug_rgw', '20', '20/20');
  accepts('debug_rgw', '1/5', '1/5');
  accepts('debug_rgw', '5/x', '5/5');
  for (const v of ['abc', '-1', '100', '5/100', '']) rejects('debug_rgw', v);
});

test('addr, uuid', () => {
  for (const v of ['1.2.3.4', '1.2.3.4:7480', 'v2:1.2.3.4:3300', 'v1:1.2.3.4:6789/0', '[::1]:80', '::1', '-']) accepts('public_addr', v);
  for (const v of ['localhost', '1.2.3', '01.2.3.4', '256.1.1.1', '1.2.3.4:65536', '', '[::1']) rejects('public_addr', v);
  accepts('fsid', '8c2f6a34-5e1b-4c1f-9a8e-0d3b1f6c2a77');
  accepts('fsid', '8C2F6A345E1B4C1F9A8E0D3B1F6C2A77');
  accepts('fsid', '{8c2f6a34-5e1b-4c1f-9a8e-0d3b1f6c2a77}');
  for (const v of ['8c2f6a34-5e1b4c1f-9a8e-0d3b1f6c2a77', '8c2f6a34-5e1b-4c1f-9a8e', '', '8c2f6a34-5e1b-4c1f-9a8e-0d3b1f6c2a77x']) rejects('fsid', v);
});

test('millisecs and addrvec (no table entry uses them; rules still follow 16.2)', () => {
  const ms: CephOption = { name: 'example_ms', type: 'millisecs', default: 50, description: 'x', level: 'advanced' };
  assert.deepEqual(parseOptionValue(ms, '100'), { ok: true, value: 100 });
  assert.deepEqual(parseOptionValue(ms, '+7'), { ok: true, value: 7 });
  for (const v of [' 100', '100ms', '', '0x10', '99999999999999999999']) assert.equal(parseOptionValue(ms, v).ok, false, v);
  const av: CephOption = { name: 'example_addrv', type: 'addrvec', default: '', description: 'x', level: 'advanced' };
  for (const v of ['1.2.3.4', '[v2:1.2.3.4:3300,v1:1.2.3.4:6789]', '[::1]:80', '[1.2.3.4]', '1.2.3.4,5.6.7.8', '[-,1.2.3.4]']) assert.ok(parseOptionValue(av, v).ok, v);
  for (const v of ['[1.2.3.4', '[]', '', 'x', '[1.2.3.4,x]', '[1.2.3.4,]']) assert.equal(parseOptionValue(av, v).ok, false, v);
});
