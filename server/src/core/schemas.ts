// The JSON Schemas of `schemas/`, bundled into the server and the CLI. One schema per file kind.
import regionSchema from '../../../schemas/region.schema.json';
import regionmapSchema from '../../../schemas/regionmap.schema.json';
import zonegroupSchema from '../../../schemas/zonegroup.schema.json';
import zoneSchema from '../../../schemas/zone.schema.json';
import realmSchema from '../../../schemas/realm.schema.json';
import periodSchema from '../../../schemas/period.schema.json';
import agentSchemaJson from '../../../schemas/radosgw-agent.schema.json';
import type { JsonKind } from './parse/parseFile';

export interface SchemaObject {
  $id?: string;
  properties?: Record<string, unknown>;
  required?: string[];
  [key: string]: unknown;
}

export const schemaByKind: Record<JsonKind, SchemaObject> = {
  region: regionSchema as SchemaObject,
  regionmap: regionmapSchema as SchemaObject,
  zonegroup: zonegroupSchema as SchemaObject,
  zone: zoneSchema as SchemaObject,
  realm: realmSchema as SchemaObject,
  period: periodSchema as SchemaObject,
};

export const agentSchema = agentSchemaJson as SchemaObject & { properties: Record<string, unknown> };
