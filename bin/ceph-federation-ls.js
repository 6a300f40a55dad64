#!/usr/bin/env node
// The language server for any LSP editor: `ceph-federation-ls --stdio`.
require('../dist/server.js');
