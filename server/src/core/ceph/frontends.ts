// What a gateway's `rgw frontends` value makes it listen on, read as radosgw 16.2 reads it: a comma-separated list of
// frontends (rgw_main.cc), each a framework name followed by key=value settings (RGWFrontendConfig::parse_config).

/** One socket a frontend binds. `address` undefined: every address of `family`. */
export interface Listener {
  port: number;
  family: 'any' | 'ipv4' | 'ipv6';
  address?: string;
  /** The setting it comes from, as written: `port=8080`. */
  setting: string;
}

const cache = new Map<string, Listener[]>();

/** The sockets an `rgw frontends` value binds; memoized, since every gateway section of a cluster often repeats one. */
export function frontendListeners(value: string): Listener[] {
  let hit = cache.get(value);
  if (hit) return hit;
  if (cache.size > 10_000) cache.clear();
  hit = value.split(',').flatMap(frontendOf);
  cache.set(value, hit);
  return hit;
}

function frontendOf(frontend: string): Listener[] {
  const [framework, ...settings] = frontend.trim().split(/\s+/);
  const pairs = settings.map((s) => ({ key: s.slice(0, Math.max(0, s.indexOf('='))), value: s.slice(s.indexOf('=') + 1), setting: s })).filter((p) => p.key);
  if (framework === 'beast') return beast(pairs);
  if (framework === 'civetweb') return civetweb(pairs);
  return []; // fastcgi, loadgen: no TCP port of their own
}

interface Pair {
  key: string;
  value: string;
  setting: string;
}

const PORT = /^[0-9]{1,5}$/;

function port(text: string): number | undefined {
  const n = PORT.test(text) ? Number(text) : NaN;
  return n > 0 && n < 65536 ? n : undefined;
}

/** Beast: `port`/`ssl_port` bind both families; `endpoint`/`ssl_endpoint` one address, port 80/443 by default. */
function beast(pairs: Pair[]): Listener[] {
  const out: Listener[] = [];
  let any = false;
  for (const p of pairs) {
    if (p.key === 'port' || p.key === 'ssl_port') {
      any = true;
      const n = port(p.value);
      if (n) out.push({ port: n, family: 'any', setting: p.setting });
    } else if (p.key === 'endpoint' || p.key === 'ssl_endpoint') {
      any = true;
      const ep = endpoint(p.value, p.key === 'endpoint' ? 80 : 443);
      if (ep) out.push({ ...ep, setting: p.setting });
    }
  }
  // Beast with neither binds port 80 (AsioFrontend::init).
  if (!any) out.push({ port: 80, family: 'any', setting: 'beast' });
  return out;
}

/** `address[:port]`, IPv6 addresses in brackets. */
function endpoint(text: string, defaultPort: number): Omit<Listener, 'setting'> | undefined {
  const v6 = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  const address = v6 ? v6[1] : text.split(':')[0];
  const portText = v6 ? v6[2] : text.includes(':') ? text.slice(text.indexOf(':') + 1) : undefined;
  const n = portText === undefined ? defaultPort : port(portText);
  if (!n || !address) return undefined;
  return wildcard(address, n, v6 ? 'ipv6' : 'ipv4');
}

function wildcard(address: string, n: number, family: 'ipv4' | 'ipv6'): Omit<Listener, 'setting'> {
  const lower = address.toLowerCase();
  return lower === '0.0.0.0' || lower === '::' ? { port: n, family } : { port: n, family, address: lower };
}

/** Civetweb: `port=[address:]port[s|r]`, several joined by `+`; 7480 when no port is given. */
function civetweb(pairs: Pair[]): Listener[] {
  const ports = pairs.filter((p) => p.key === 'port');
  if (!ports.length) return [{ port: 7480, family: 'ipv4', setting: 'civetweb' }];
  const out: Listener[] = [];
  for (const p of ports) {
    for (const item of p.value.split('+')) {
      const spec = item.replace(/[sr]$/, '');
      const v6 = /^\[([^\]]*)\]:(.*)$/.exec(spec);
      if (v6) {
        const n = port(v6[2]);
        if (n) out.push({ ...wildcard(v6[1], n, 'ipv6'), setting: p.setting });
        continue;
      }
      const colon = spec.lastIndexOf(':');
      const n = port(colon < 0 ? spec : spec.slice(colon + 1));
      if (n) out.push(colon < 0 ? { port: n, family: 'ipv4', setting: p.setting } : { ...wildcard(spec.slice(0, colon), n, 'ipv4'), setting: p.setting });
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
