import type { Command } from 'commander';
// `guardrail audit aws`: registered on the program by main.ts.
export function registerAudit(_program: Command, _setExit: (code: number) => void): void {}
