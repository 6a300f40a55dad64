import { hasPlaceholder } from './placeholder';

/** What the rules need from one URL parse, memoized: a federation names each endpoint in several files. */
interface ParsedEndpoint {
  problem?: string;
  normalized?: string;
}

const parsed = new Map<string, ParsedEndpoint>();

function parse(value: string): ParsedEndpoint {
  let hit = parsed.get(value);
  if (hit) return hit;
  if (parsed.size > 50_000) parsed.clear();
  hit = parseEndpoint(value);
  parsed.set(value, hit);
  return hit;
}

function parseEndpoint(value: string): ParsedEndpoint {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: `${JSON.stringify(value)} is not a URL; write it as http://host:port/` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { problem: `${JSON.stringify(value)} uses ${url.protocol.slice(0, -1)}: radosgw serves only http and https, yet Ceph commits it silently` };
  }
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return {
    problem: url.hostname ? undefined : `${JSON.stringify(value)} has no host`,
    normalized: `${url.protocol}//${url.hostname.toLowerCase()}:${port}${url.pathname.replace(/\/+$/, '')}`,
  };
}

/** An endpoint radosgw and radosgw-agent can use: an http(s) URL with a host. */
export function endpointProblem(value: string): string | undefined {
  if (hasPlaceholder(value)) return undefined; // reported as a placeholder instead
  return parse(value).problem;
}

/** Comparable form of an endpoint: scheme, host, explicit port, path without trailing slash. */
export function normalizeEndpoint(value: string): string | undefined {
  return parse(value).normalized;
}
