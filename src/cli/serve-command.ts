import type { Command } from 'commander';
// `guardrail serve`: registered on the program by main.ts.
export function registerServe(_program: Command, _setExit: (code: number) => void): void {}
