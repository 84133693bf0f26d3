import { ALL_RULES, domainOf } from '../rules/index.js';

export function rulesCommand(options: { format: 'text' | 'json' | 'markdown' }): number {
  const rules = [...ALL_RULES].sort((a, b) => a.practice.localeCompare(b.practice) || a.id.localeCompare(b.id));
  if (options.format === 'json') {
    const data = rules.map((r) => ({ id: r.id, practice: r.practice, severity: r.severity, domain: domainOf(r.id), inputs: r.inputs, title: r.title }));
    process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    return 0;
  }
  if (options.format === 'markdown') {
    const lines = ['| Rule | Practice | Severity | Inputs | Title |', '|---|---|---|---|---|'];
    for (const r of rules) lines.push(`| \`${r.id}\` | ${r.practice} | ${r.severity} | ${r.inputs.join(', ')} | ${r.title} |`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  }
  const width = Math.max(...rules.map((r) => r.id.length));
  const practiceWidth = Math.max(...rules.map((r) => r.practice.length));
  for (const r of rules) {
    process.stdout.write(`${r.practice.padEnd(practiceWidth)}  ${r.id.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.title}\n`);
  }
  process.stdout.write(`\n${rules.length} rules\n`);
  return 0;
}
