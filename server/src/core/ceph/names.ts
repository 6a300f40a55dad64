// What a zone, region or instance name may be. Ceph itself accepts almost any string, but these names end up in
// pool names, ceph.conf section names, file names and remote command lines, so only the safe subset that the
// procedure's conventions use is accepted.

// No dots: a zone name is read back out of pool names such as `.us-east.rgw.gc`.
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Why a name is unusable, or undefined when it is fine. */
export function validateName(kind: string, name: string): string | undefined {
  if (!name) return `A ${kind} name cannot be empty.`;
  if (!NAME_PATTERN.test(name)) {
    return `"${name}" is not a usable ${kind} name: use letters, digits, '_' and '-', starting with a letter or digit (at most 64).`;
  }
  return undefined;
}
