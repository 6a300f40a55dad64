// What a gateway's `rgw frontends` value makes it listen on, read as radosgw 16.2 reads it: a comma-separated list of
// frontends (rgw_main.cc), each a framework name followed by key=value settings (RGWFrontendConfig::parse_config).

/** One socket a frontend binds. `address` undefined: every address of `family`. */
export interface Listener {
  port: number;
  family: 'any' | 'ipv4' | 'ipv6';
  address?: string;
  /** The setting it comes from, as written: `port=8080`; the framework's name for its default port. */
  setting: string;
  /** Where in the value its port is written (start = end where it is implied), and what goes before a new one. */
  portAt: { start: number; end: number; before: string };
}

const cache = new Map<string, Listener[]>();

/** The sockets an `rgw frontends` value binds; memoized, since every gateway section of a cluster often repeats one. */
export function frontendListeners(value: string): Listener[] {
  let hit = cache.get(value);
  if (hit) return hit;
  if (cache.size > 10_000) cache.clear();
  hit = [];
  for (const m of value.matchAll(/[^,]+/g)) hit.push(...frontendOf(m[0], m.index!));
  cache.set(value, hit);
  return hit;
}

interface Pair {
  key: string;
  value: string;
  /** Offset of the value in the whole `rgw frontends` value. */
  at: number;
  setting: string;
}

function frontendOf(frontend: string, base: number): Listener[] {
  const tokens = [...frontend.matchAll(/\S+/g)];
  if (!tokens.length) return [];
  const framework = tokens[0][0];
  const pairs: Pair[] = [];
  for (const t of tokens.slice(1)) {
    const eq = t[0].indexOf('=');
    if (eq > 0) pairs.push({ key: t[0].slice(0, eq), value: t[0].slice(eq + 1), at: base + t.index! + eq + 1, setting: t[0] });
  }
  // A default port, made explicit right after the framework's name.
  const implied = (port: number, family: Listener['family']): Listener => {
    const end = base + tokens[0].index! + framework.length;
    return { port, family, setting: framework, portAt: { start: end, end, before: ' port=' } };
  };
  if (framework === 'beast') return beast(pairs, implied);
  if (framework === 'civetweb') return civetweb(pairs, implied);
  return []; // fastcgi, loadgen: no TCP port of their own
}

const PORT = /^[0-9]{1,5}$/;

function port(text: string): number | undefined {
  const n = PORT.test(text) ? Number(text) : NaN;
  return n > 0 && n < 65536 ? n : undefined;
}

/** Beast: `port`/`ssl_port` bind both families; `endpoint`/`ssl_endpoint` one address, port 80/443 by default. */
function beast(pairs: Pair[], implied: (port: number, family: Listener['family']) => Listener): Listener[] {
  const out: Listener[] = [];
  let any = false;
  for (const p of pairs) {
    if (p.key === 'port' || p.key === 'ssl_port') {
      any = true;
      const n = port(p.value);
      if (n) out.push({ port: n, family: 'any', setting: p.setting, portAt: { start: p.at, end: p.at + p.value.length, before: '' } });
    } else if (p.key === 'endpoint' || p.key === 'ssl_endpoint') {
      any = true;
      const ep = endpoint(p, p.key === 'endpoint' ? 80 : 443);
      if (ep) out.push(ep);
    }
  }
  // Beast with neither binds port 80 (AsioFrontend::init).
  if (!any) out.push(implied(80, 'any'));
  return out;
}

/** `address[:port]`, IPv6 addresses in brackets. */
function endpoint(p: Pair, defaultPort: number): Listener | undefined {
  const v6 = /^\[([^\]]*)\](?::(.*))?$/.exec(p.value);
  const colon = v6 ? p.value.indexOf(']') + 1 : p.value.indexOf(':');
  const address = v6 ? v6[1] : colon < 0 ? p.value : p.value.slice(0, colon);
  const explicit = colon >= 0 && colon < p.value.length;
  const n = explicit ? port(p.value.slice(colon + 1)) : defaultPort;
  if (!n || !address) return undefined;
  const end = p.at + p.value.length;
  const portAt = explicit ? { start: p.at + colon + 1, end, before: '' } : { start: end, end, before: ':' };
  return { ...wildcard(address, n, v6 ? 'ipv6' : 'ipv4'), setting: p.setting, portAt };
}

function wildcard(address: string, n: number, family: 'ipv4' | 'ipv6'): Pick<Listener, 'port' | 'family' | 'address'> {
  const lower = address.toLowerCase();
  return lower === '0.0.0.0' || lower === '::' ? { port: n, family } : { port: n, family, address: lower };
}

/** Civetweb: `port=[address:]port[s|r]`, several joined by `+`; 7480 when no port is given. */
function civetweb(pairs: Pair[], implied: (port: number, family: Listener['family']) => Listener): Listener[] {
  const ports = pairs.filter((p) => p.key === 'port');
  if (!ports.length) return [implied(7480, 'ipv4')];
  const out: Listener[] = [];
  for (const p of ports) {
    for (const item of p.value.matchAll(/[^+]+/g)) {
      const spec = item[0].replace(/[sr]$/, '');
      const v6 = /^\[([^\]]*)\]:(.*)$/.exec(spec);
      const colon = v6 ? spec.indexOf(']') + 1 : spec.lastIndexOf(':');
      const n = port(spec.slice(colon + 1));
      if (!n) continue;
      const start = p.at + item.index! + colon + 1;
      const portAt = { start, end: start + spec.length - colon - 1, before: '' };
      const socket = v6 ? wildcard(v6[1], n, 'ipv6') : colon < 0 ? { port: n, family: 'ipv4' as const } : wildcard(spec.slice(0, colon), n, 'ipv4');
      out.push({ ...socket, setting: p.setting, portAt });
    }
  }
  return out;
}

/** Whether two listeners on one host want the same socket: one of them fails to bind it. */
export function listenersClash(a: Listener, b: Listener): boolean {
  if (a.port !== b.port) return false;
  if (a.family !== 'any' && b.family !== 'any' && a.family !== b.family) return false;
  return a.address === undefined || b.address === undefined || a.address === b.address;
}
