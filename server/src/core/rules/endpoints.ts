import { hasPlaceholder } from './placeholder';

/** What the rules need from one URL parse, memoized: a federation names each endpoint in several files. */
export interface ParsedEndpoint {
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

/**
 * The usual endpoint, `http://rgw-a.example.com:8080/`: lowercase-able DNS labels that do not end in a digit (so no
 * IPv4 forms to normalize), an optional port, a plain path without dot segments. For these the WHATWG parser's
 * answer is known; anything else goes to it.
 */
const PLAIN_ENDPOINT = /^(https?):\/\/([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)(?::([0-9]{1,5}))?(\/[A-Za-z0-9_~-]*)*$/;

/** The fast path: an answer for the usual endpoint, undefined for anything else. */
export function parsePlainEndpoint(value: string): ParsedEndpoint | undefined {
  const m = PLAIN_ENDPOINT.exec(value);
  if (!m) return undefined;
  const host = m[2].toLowerCase();
  const last = host.slice(host.lastIndexOf('.') + 1);
  if (/^[0-9]/.test(last) || host.startsWith('xn--') || host.includes('.xn--')) return undefined;
  const scheme = m[1].toLowerCase();
  const port = m[3] === undefined ? undefined : Number(m[3]);
  if (port !== undefined && port > 65535) return undefined;
  const defaultPort = scheme === 'https' ? 443 : 80;
  const slash = value.indexOf('/', scheme.length + 3);
  const pathname = slash < 0 ? '/' : value.slice(slash);
  return { problem: undefined, normalized: `${scheme}://${host}:${port === undefined || port === defaultPort ? defaultPort : port}${pathname.replace(/\/+$/, '')}` };
}

function parseEndpoint(value: string): ParsedEndpoint {
  return parsePlainEndpoint(value) ?? parseUrlEndpoint(value);
}

/** The general path: the WHATWG URL parser's reading of any endpoint. */
export function parseUrlEndpoint(value: string): ParsedEndpoint {
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
