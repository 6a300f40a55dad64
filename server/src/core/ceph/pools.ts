// Where a zone keeps its data: the pool fields of a zone infile and the names Ceph gives them by convention.
// Legacy (seed) infiles prefix `.{zone}.`; modern zones (Jewel on) prefix `{zone}.` and use RADOS namespaces.

export interface PoolField {
  /** The zone infile key. */
  field: string;
  /** Conventional legacy name after the `.{zone}` prefix; undefined where the legacy format has no such pool. */
  legacy?: string;
  /** Conventional modern name after the `{zone}` prefix. */
  modern: string;
}

export const ZONE_POOL_FIELDS: readonly PoolField[] = [
  { field: 'domain_root', legacy: '.domain.rgw', modern: '.rgw.meta:root' },
  { field: 'control_pool', legacy: '.rgw.control', modern: '.rgw.control' },
  { field: 'gc_pool', legacy: '.rgw.gc', modern: '.rgw.log:gc' },
  { field: 'lc_pool', modern: '.rgw.log:lc' },
  { field: 'log_pool', legacy: '.log', modern: '.rgw.log' },
  { field: 'intent_log_pool', legacy: '.intent-log', modern: '.rgw.log:intent' },
  { field: 'usage_log_pool', legacy: '.usage', modern: '.rgw.log:usage' },
  { field: 'roles_pool', modern: '.rgw.meta:roles' },
  { field: 'reshard_pool', modern: '.rgw.log:reshard' },
  { field: 'user_keys_pool', legacy: '.users', modern: '.rgw.meta:users.keys' },
  { field: 'user_email_pool', legacy: '.users.email', modern: '.rgw.meta:users.email' },
  { field: 'user_swift_pool', legacy: '.users.swift', modern: '.rgw.meta:users.swift' },
  { field: 'user_uid_pool', legacy: '.users.uid', modern: '.rgw.meta:users.uid' },
  { field: 'otp_pool', modern: '.rgw.otp' },
  { field: 'notif_pool', modern: '.rgw.log:notif' },
  { field: 'account_pool', modern: '.rgw.meta:accounts' },
  { field: 'group_pool', modern: '.rgw.meta:groups' },
  { field: 'topics_pool', modern: '.rgw.meta:topics' },
];

/** Pools of a placement target (`placement_pools[].val`). */
export const PLACEMENT_POOL_FIELDS: readonly PoolField[] = [
  { field: 'index_pool', legacy: '.rgw.buckets.index', modern: '.rgw.buckets.index' },
  { field: 'data_pool', legacy: '.rgw.buckets', modern: '.rgw.buckets.data' },
  { field: 'data_extra_pool', legacy: '.rgw.buckets.extra', modern: '.rgw.buckets.non-ec' },
];

export type Dialect = 'legacy' | 'modern';

/** The prefix every pool of `zone` carries by convention. */
export function poolPrefix(zone: string, dialect: Dialect): string {
  return dialect === 'legacy' ? `.${zone}.` : `${zone}.`;
}

/** The conventional pool name of a field for a zone, e.g. `.us-east.rgw.gc` or `us-east.rgw.log:gc`. */
export function conventionalPoolName(zone: string, field: PoolField, dialect: Dialect): string | undefined {
  const suffix = dialect === 'legacy' ? field.legacy : field.modern;
  return suffix === undefined ? undefined : (dialect === 'legacy' ? '.' : '') + zone + suffix;
}

/** The legacy root pools of the seed: zone info lives in `.{zone}.rgw.root`, region info in `.{region}.rgw.root`. */
export function legacyRootPool(name: string): string {
  return `.${name}.rgw.root`;
}
