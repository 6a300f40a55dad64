// ELK in a worker thread, for the language server: the layout of a large federation takes about a second, and the
// server's own thread stays free for diagnostics and completion meanwhile.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ElkNode } from 'elkjs/lib/elk-api';
import type { LayoutEngine } from '../core/diagram/layout';

type Pending = { resolve(graph: ElkNode): void; reject(e: Error): void };

/** One thread and the layouts it has not answered yet. */
interface LayoutThread {
  worker: Worker;
  pending: Map<number, Pending>;
  fail(e: Error): void;
}

/** A layout engine whose layouts run in one thread (dist/elk-thread.js), started on the first layout. */
export function elkInThread(script = path.join(__dirname, 'elk-thread.js')): LayoutEngine & { close(): Promise<void> } {
  let current: LayoutThread | undefined;
  let nextId = 0;
  const start = (): LayoutThread => {
    const worker = new Worker(script);
    // Never the reason the server stays alive.
    worker.unref();
    const pending = new Map<number, Pending>();
    // A thread that dies takes its own layouts with it, and only those; the next layout starts another thread.
    const thread: LayoutThread = {
      worker,
      pending,
      fail(e) {
        for (const p of pending.values()) p.reject(e);
        pending.clear();
        if (current === thread) current = undefined;
      },
    };
    worker.on('message', ({ id, graph, error }: { id: number; graph?: ElkNode; error?: string }) => {
      const p = pending.get(id);
      pending.delete(id);
      if (error !== undefined) p?.reject(new Error(`layout failed: ${error}`));
      else p?.resolve(graph!);
    });
    worker.on('error', (e) => thread.fail(e));
    worker.on('exit', (code) => thread.fail(new Error(`the layout thread exited (${code})`)));
    return thread;
  };
  return {
    layout(graph: ElkNode): Promise<ElkNode> {
      const thread = (current ??= start());
      const id = nextId++;
      return new Promise<ElkNode>((resolve, reject) => {
        thread.pending.set(id, { resolve, reject });
        thread.worker.postMessage({ id, graph });
      });
    },
    /** Ends the thread, failing the layouts it has not answered. */
    async close(): Promise<void> {
      const thread = current;
      if (!thread) return;
      thread.fail(new Error('the layout thread was closed'));
      await thread.worker.terminate();
    },
  };
}
