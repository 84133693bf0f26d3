// Collects the inputs of the generated docs: rules, catalog and the rules'
// fixtures (their failing and passing examples).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PRACTICES, PRACTICE_BY_ID } from '../catalog/practices.js';
import { ALL_RULES, domainOf } from '../rules/index.js';
import { PLATFORM_SPEC_SCHEMA } from '../generate/schema.js';
import { renderPractices, renderRuleDoc, renderRuleIndex, ruleDocPath, type RuleDocInput, type RuleExample } from './render.js';

const MARKER = /(#|\/\/)\s*expect:\s*[a-z0-9-]+(?:\s+(?:critical|high|medium|low|info))?/g;

function examplesOf(fixtureRoot: string, domain: string, ruleId: string): RuleExample[] {
  const dir = path.join(fixtureRoot, domain, ruleId);
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names
    .filter((n) => (n.startsWith('pass') || n.startsWith('fail')) && !n.endsWith('.expect'))
    .map((name) => ({
      kind: name.startsWith('pass') ? ('pass' as const) : ('fail' as const),
      name,
      text: readFileSync(path.join(dir, name), 'utf8').replace(MARKER, '$1 ← finding'),
    }));
}

/** Every generated file, by path relative to the docs directory. */
export function renderDocs(fixtureRoot: string): Map<string, string> {
  const inputs: RuleDocInput[] = ALL_RULES.map((rule) => {
    const domain = domainOf(rule.id);
    return { rule, domain, examples: examplesOf(fixtureRoot, domain, rule.id) };
  });
  const files = new Map<string, string>();
  files.set('rules/README.md', renderRuleIndex(inputs));
  for (const input of inputs) files.set(ruleDocPath(input.rule), renderRuleDoc(input, PRACTICE_BY_ID));
  files.set('practices.md', renderPractices(PRACTICES, ALL_RULES));
  files.set('platform-spec.schema.json', `${JSON.stringify(PLATFORM_SPEC_SCHEMA, null, 2)}\n`);
  return files;
}
