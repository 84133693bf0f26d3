import type { Command } from 'commander';
// `guardrail init` and `guardrail generate`: registered on the program by main.ts.
export function registerGenerate(_program: Command, _setExit: (code: number) => void): void {}
