#!/usr/bin/env node
// The language server for any LSP editor (`ceph-federation-ls --stdio`) and for the extension, started through the
// code cache; written 10 s after the start too, when the first pass over a workspace is done, as an editor may end
// the server with a signal.
require('../dist/code-cache.js').runBundle(require.resolve('../dist/server.js'), 10_000);
