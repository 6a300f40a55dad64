import type { UnknownFile } from '../parse/parseFile';
import { jsonRules } from './json';
import { cephConfRules } from './cephConf';
import { defineRules, type Reporter } from './rule';

export const fileRules = defineRules({
  unrecognizedFile: {
    code: 'unrecognized-file',
    severity: 'warning',
    summary: 'A file named explicitly that is none of the federation kinds; nothing in it is checked.',
  },
});

/**
 * Files that are not (or no longer) recognisable: a broken or binary `.json` is reported as json-syntax, a binary
 * `.conf` as conf-syntax, and anything else only when it was named explicitly.
 */
export function checkUnknownFile(file: UnknownFile, explicit: boolean, report: Reporter): void {
  const whole = file.lines.range(0, Math.min(file.text.length, 1));
  if (file.binary && file.looksLike === 'conf') {
    report.report(cephConfRules.confSyntax, file.uri, whole, 'binary content (NUL bytes): not a ceph.conf Ceph can read');
    return;
  }
  if (file.looksLike === 'json') {
    if (file.binary) {
      report.report(jsonRules.jsonSyntax, file.uri, whole, 'binary content (NUL bytes): not JSON, radosgw-admin rejects the file');
      return;
    }
    const errors = file.json?.errors ?? [];
    if (!file.text.trim()) {
      report.report(jsonRules.jsonSyntax, file.uri, whole, 'empty file: radosgw-admin needs a JSON object');
      return;
    }
    if (errors.length) {
      for (const e of errors.slice(0, 1)) {
        report.report(jsonRules.jsonSyntax, file.uri, file.lines.range(e.offset, e.offset + Math.max(1, e.length)), `${e.message}: radosgw-admin rejects the file`);
      }
      return;
    }
  }
  if (explicit) {
    report.report(
      fileRules.unrecognizedFile,
      file.uri,
      whole,
      'not a region, zonegroup, zone, realm, period, region map, ceph.conf or radosgw-agent config: nothing in it was checked',
    );
  }
}
