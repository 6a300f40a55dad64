// Legacy (name-keyed) infiles made safe for a realm. radosgw 16.2 accepts a legacy region infile at `zonegroup
// set` but keeps the zone NAMES where ids belong, and the next `period update --commit` fails; a legacy zone
// infile carries no id, so without one `zone set` would not update the zone it means.

type Json = Record<string, unknown>;

export interface Translation {
  text: string;
  /** What was changed or carried over, for the plan. */
  notes: string[];
}

export interface LiveZonegroup {
  id: string;
  name: string;
  realm_id?: string;
  master_zone?: string;
  zones?: { id: string; name: string }[];
  [k: string]: unknown;
}

/**
 * A legacy region infile as a zonegroup of the live realm: zonegroup id and realm id from the live zonegroup,
 * master_zone and every zones[] entry by id. `zoneIds` resolves names the live zonegroup does not list yet (from
 * `zone get`). Keys the legacy format cannot express are carried over from the live zonegroup.
 */
export function translateRegion(infile: Json, live: LiveZonegroup | undefined, zoneIds: Map<string, string>, realmId: string | undefined): Translation {
  const notes: string[] = [];
  const out: Json = { ...infile };
  const idOf = (name: string): string => {
    const id = live?.zones?.find((z) => z.name === name)?.id ?? zoneIds.get(name);
    if (!id) throw new Error(`zone "${name}" does not exist on the remote realm: apply its zone infile first, so that it has an id`);
    return id;
  };
  if (live) {
    out.id = live.id;
    notes.push(`zonegroup id ${live.id} from the live zonegroup`);
  }
  const rid = live?.realm_id ?? realmId;
  if (rid) out.realm_id = rid;
  if (typeof infile.master_zone === 'string' && infile.master_zone) {
    out.master_zone = idOf(infile.master_zone);
    notes.push(`master_zone "${infile.master_zone}" -> ${String(out.master_zone)}`);
  }
  if (Array.isArray(infile.zones)) {
    out.zones = (infile.zones as Json[]).map((z) => {
      if (typeof z?.name !== 'string') return z;
      const id = idOf(z.name);
      const liveZone = (live?.zones as Json[] | undefined)?.find((l) => l.name === z.name) ?? {};
      notes.push(`zone "${z.name}" -> ${id}`);
      return { ...liveZone, ...z, id };
    });
  }
  if (live) {
    const carried = Object.keys(live).filter((k) => !(k in out));
    for (const k of carried) out[k] = live[k];
    if (carried.length) notes.push(`kept from the live zonegroup (the legacy format has no such keys): ${carried.join(', ')}`);
  }
  return { text: JSON.stringify(out, null, 4) + '\n', notes };
}

/**
 * A legacy zone infile for a zone of a realm: the live zone's id, name and realm_id, so `zone set` updates that
 * zone; pools the legacy format does not know are carried over from the live zone.
 */
export function translateZone(infile: Json, zone: string, live: Json | undefined, realmId: string | undefined): Translation {
  const notes: string[] = [];
  const out: Json = { ...infile };
  if (live?.id) {
    out.id = live.id;
    notes.push(`zone id ${String(live.id)} from the live zone`);
  }
  out.name = zone;
  const rid = (live?.realm_id as string | undefined) || realmId;
  if (rid) out.realm_id = rid;
  if (live) {
    const carried = Object.keys(live).filter((k) => !(k in out));
    for (const k of carried) out[k] = live[k];
    if (carried.length) notes.push(`kept from the live zone (the legacy format has no such keys): ${carried.join(', ')}`);
  } else notes.push(`zone "${zone}" does not exist on the remote yet: zone set creates it`);
  return { text: JSON.stringify(out, null, 4) + '\n', notes };
}
