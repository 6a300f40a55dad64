// A synthetic legacy federation of any size, clean under the checker: R regions of Z zones, one gateway instance per
// zone, radosgw-agent data sync from each region's master zone and metadata sync from the master region.
import type { Files } from '../core/fixtures';

/** Deterministic 20/40-character keys, distinct per zone, so key rules see no mismatch or reuse. */
function key(seed: number, length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let x = (seed * 2654435761) >>> 0;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out += alphabet[(x >>> 16) % alphabet.length];
  }
  return out;
}

export function syntheticFederation(regions: number, zonesPerRegion: number): Files {
  const files: Files = {};
  const zone = (r: number, z: number) => `r${r}-z${z}`;
  const endpoint = (r: number, z: number) => `http://rgw-${zone(r, z)}.example.com:80/`;
  const keys = (r: number, z: number) => ({ access_key: key(r * 1000 + z + 1, 20), secret_key: key(r * 1000 + z + 7, 40) });
  for (let r = 0; r < regions; r++) {
    const zones = Array.from({ length: zonesPerRegion }, (_, z) => z);
    files[`r${r}.json`] = JSON.stringify({
      name: `r${r}`,
      api_name: `r${r}`,
      is_master: r === 0 ? 'true' : 'false',
      endpoints: [endpoint(r, 0)],
      master_zone: zone(r, 0),
      zones: zones.map((z) => ({ name: zone(r, z), endpoints: [endpoint(r, z)], log_meta: 'true', log_data: 'true' })),
      placement_targets: [{ name: 'default-placement', tags: [] }],
      default_placement: 'default-placement',
    }, null, 4) + '\n';
    const conf = [`[global]`, `fsid = 00000000-0000-4000-8000-${String(r).padStart(12, '0')}`, ''];
    for (const z of zones) {
      const n = zone(r, z);
      files[`${n}.json`] = JSON.stringify({
        domain_root: `.${n}.domain.rgw`,
        control_pool: `.${n}.rgw.control`,
        gc_pool: `.${n}.rgw.gc`,
        log_pool: `.${n}.log`,
        intent_log_pool: `.${n}.intent-log`,
        usage_log_pool: `.${n}.usage`,
        user_keys_pool: `.${n}.users`,
        user_email_pool: `.${n}.users.email`,
        user_swift_pool: `.${n}.users.swift`,
        user_uid_pool: `.${n}.users.uid`,
        system_key: keys(r, z),
        placement_pools: [{ key: 'default-placement', val: { index_pool: `.${n}.rgw.buckets.index`, data_pool: `.${n}.rgw.buckets` } }],
      }, null, 4) + '\n';
      conf.push(`[client.radosgw.${n}-1]`, `rgw region = r${r}`, `rgw zone = ${n}`, `rgw zone root pool = .${n}.rgw.root`, `rgw dns name = rgw-${n}.example.com`, `host = gw-${n}-1`, '');
      if (z > 0) files[`r${r}/${n}-data-sync.conf`] = agent(keys(r, 0), keys(r, z), endpoint(r, z), false);
    }
    files[`r${r}/ceph.conf`] = conf.join('\n');
    if (r > 0) files[`r${r}/metadata-sync.conf`] = agent(keys(0, 0), keys(r, 0), endpoint(r, 0), true);
  }
  return files;
}

function agent(src: { access_key: string; secret_key: string }, dest: { access_key: string; secret_key: string }, destination: string, metadataOnly: boolean): string {
  return [
    '# radosgw-agent',
    `src_access_key: ${src.access_key}`,
    `src_secret_key: ${src.secret_key}`,
    `destination: ${destination.replace(/\/$/, '')}`,
    `dest_access_key: ${dest.access_key}`,
    `dest_secret_key: ${dest.secret_key}`,
    'log_file: /var/log/radosgw/radosgw-sync.log',
    ...(metadataOnly ? ['metadata_only: true'] : []),
    '',
  ].join('\n');
}
