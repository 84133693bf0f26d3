#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

// A closed pipe (`guardrail rules | head`) ends the output, not the process with a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv).then((code) => { process.exitCode = code; });
