import { agentRules } from './agent';
import { cephConfRules } from './cephConf';
import { jsonRules } from './json';
import { placeholderRules } from './placeholder';
import { regionRules } from './region';
import { fileRules } from './file';
import { zoneRules } from './zone';
import type { Rule } from './rule';

/** Every rule, by family: the catalog the README and tests read. */
export const ruleCatalog: Record<string, Record<string, Rule>> = {
  file: fileRules,
  json: jsonRules,
  placeholder: placeholderRules,
  region: regionRules,
  zone: zoneRules,
  cephConf: cephConfRules,
  agent: agentRules,
};

export const allRules: Rule[] = Object.values(ruleCatalog).flatMap((family) => Object.values(family));
