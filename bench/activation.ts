// Extension activation, measured: require the client bundle and run activate() against a stand-in `vscode` module.
// The stand-in answers every API call with a no-op, so what is timed is the bundle's own start-up work up to the
// point where it hands over to the language server process (which is not started here).
import Module from 'node:module';

function stub(): unknown {
  const fn = function () {
    return proxy;
  };
  const proxy: unknown = new Proxy(fn, {
    get: (_t, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : proxy),
    apply: () => proxy,
    construct: () => proxy as object,
  });
  return proxy;
}

async function main(): Promise<void> {
  const bundle = process.argv[2];
  const vscode = stub();
  const load = (Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown })._load;
  (Module as unknown as { _load: typeof load })._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? vscode : load.call(this, request, ...rest);
  };
  const start = performance.now();
  const ext = require(bundle) as { activate(ctx: unknown): Promise<void> };
  const required = performance.now();
  const context = { subscriptions: [] as unknown[], asAbsolutePath: (p: string) => p, extensionPath: '.', globalState: vscode, workspaceState: vscode };
  // activate() awaits the server's start, which never comes here: time until it yields.
  const activation = ext.activate(context);
  const activated = performance.now();
  activation.catch(() => undefined);
  process.stdout.write(JSON.stringify({ requireMs: required - start, activateMs: activated - required, totalMs: activated - start }) + '\n');
  process.exit(0);
}

void main();
