#!/usr/bin/env node
// The command line: `ceph-federation check [DIR|FILE ...]` (see --help), started through the code cache.
require('../dist/code-cache.js').runBundle(require.resolve('../dist/cli.js'));
