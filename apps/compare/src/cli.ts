#!/usr/bin/env node
/** The `flopmatch` binary. */
import { createFlopmatchCli } from './commands/flopmatch-cli.js';

void createFlopmatchCli()
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
