// The layout thread's program (dist/elk-thread.js): ELK, in the thread elkThread.ts starts, answering one message per
// layout. Loaded from the same dist/elk.js as the in-process engine.
import { parentPort } from 'node:worker_threads';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { bundledElk } from '../core/diagram/layout';

const elk = bundledElk();

parentPort!.on('message', ({ id, graph }: { id: number; graph: ElkNode }) => {
  elk.layout(graph).then(
    (laid) => parentPort!.postMessage({ id, graph: laid }),
    (e: unknown) => parentPort!.postMessage({ id, error: e instanceof Error ? e.message : String(e) }),
  );
});
