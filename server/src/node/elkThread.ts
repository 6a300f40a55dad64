// ELK in a worker thread, for the language server: the layout of a large federation takes about a second, and the
// server's own thread stays free for diagnostics and completion meanwhile.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ElkNode } from 'elkjs/lib/elk-api';
import type { LayoutEngine } from '../core/diagram/layout';

type Pending = { resolve(graph: ElkNode): void; reject(e: Error): void };

/** A layout engine whose layouts run in one thread (dist/elk-thread.js), started on the first layout. */
export function elkInThread(script = path.join(__dirname, 'elk-thread.js')): LayoutEngine & { close(): Promise<void> } {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, Pending>();
  const fail = (e: Error) => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
    worker = undefined;
  };
  const start = (): Worker => {
    const w = new Worker(script);
    // Never the reason the server stays alive.
    w.unref();
    w.on('message', ({ id, graph, error }: { id: number; graph?: ElkNode; error?: string }) => {
      const p = pending.get(id);
      pending.delete(id);
      if (error !== undefined) p?.reject(new Error(`layout failed: ${error}`));
      else p?.resolve(graph!);
    });
    // A thread that dies takes its layouts with it; the next layout starts another.
    w.on('error', (e) => fail(e));
    w.on('exit', (code) => fail(new Error(`the layout thread exited (${code})`)));
    return w;
  };
  return {
    layout(graph: ElkNode): Promise<ElkNode> {
      worker ??= start();
      const id = nextId++;
      const w = worker;
      return new Promise<ElkNode>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ id, graph });
      });
    },
    /** Ends the thread, failing the layouts it has not answered. */
    async close(): Promise<void> {
      const w = worker;
      fail(new Error('the layout thread was closed'));
      await w?.terminate();
    },
  };
}
