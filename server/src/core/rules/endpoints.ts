import { hasPlaceholder } from './placeholder';

/** An endpoint radosgw and radosgw-agent can use: an http(s) URL with a host. */
export function endpointProblem(value: string): string | undefined {
  if (hasPlaceholder(value)) return undefined; // reported as a placeholder instead
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${JSON.stringify(value)} is not a URL; write it as http://host:port/`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `${JSON.stringify(value)} uses ${url.protocol.slice(0, -1)}: radosgw serves only http and https, yet Ceph commits it silently`;
  }
  if (!url.hostname) return `${JSON.stringify(value)} has no host`;
  return undefined;
}

// URL parsing dominates rebuilding the endpoint index; a federation has one entry per zone endpoint.
const normalized = new Map<string, string | undefined>();

/** Comparable form of an endpoint: scheme, host, explicit port, path without trailing slash. */
export function normalizeEndpoint(value: string): string | undefined {
  if (normalized.has(value)) return normalized.get(value);
  if (normalized.size > 50_000) normalized.clear();
  const n = parseEndpoint(value);
  normalized.set(value, n);
  return n;
}

function parseEndpoint(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    return `${url.protocol}//${url.hostname.toLowerCase()}:${port}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}
