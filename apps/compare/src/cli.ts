#!/usr/bin/env node
/** The `flopmatch` binary. */
import { createFlopmatchCli } from './commands/flopmatch-cli.js';

process.exitCode = await createFlopmatchCli().main(process.argv.slice(2));
