import { KIND, type AccountFacts, type Tags } from '../../audit/facts.js';
import type { Model, Report, Resource, Rule } from '../../core/types.js';
import { isRecord } from '../../core/values.js';
import { allOf, shortList } from './support.js';

const PRODUCTION = new Set(['prod', 'production', 'prd', 'live']);
const NON_PRODUCTION = new Set(['dev', 'development', 'test', 'testing', 'qa', 'staging', 'stage', 'stg', 'sandbox', 'uat', 'nonprod', 'preprod', 'demo']);
const ENVIRONMENT_TAGS = new Set(['env', 'environment', 'stage', 'tier']);
/** Resources whose names or tags say which environment they serve. */
const NAMED_KINDS = [KIND.cluster, KIND.vpc, KIND.bucket, KIND.loadBalancer];
const TOKEN = /[a-z0-9]+/g;

type Environment = 'production' | 'non-production';

function environmentOf(text: string): Environment | undefined {
  const tokens = text.toLowerCase().slice(0, 256).match(TOKEN) ?? [];
  if (tokens.some((t) => PRODUCTION.has(t))) return 'production';
  if (tokens.some((t) => NON_PRODUCTION.has(t))) return 'non-production';
  return undefined;
}

/** What the resource's environment tag says, else its name or Name tag. */
function labelOf(resource: Resource): { environment: Environment; label: string } | undefined {
  const value = isRecord(resource.value) ? resource.value : {};
  const tags: Tags = isRecord(value.tags) ? (value.tags as Tags) : {};
  for (const [key, text] of Object.entries(tags)) {
    if (!ENVIRONMENT_TAGS.has(key.toLowerCase()) || typeof text !== 'string') continue;
    const environment = environmentOf(text);
    if (environment) return { environment, label: `${String(value.name ?? resource.name)} (${key}=${text})` };
  }
  const name = String(value.name ?? tags.Name ?? '');
  const environment = name ? environmentOf(name) : undefined;
  return environment ? { environment, label: name } : undefined;
}

export const awsAccountSeparation: Rule = {
  id: 'aws-account-separation',
  practice: 'GOV-ACCOUNT-SEPARATION',
  severity: 'medium',
  title: 'The account belongs to an AWS Organization and does not mix production with other environments',
  rationale:
    'The account is the strongest isolation boundary in AWS: IAM mistakes, quotas and compromised credentials stay inside it. Production in its own account of an organization gets service control policies, central logging and security services; production and test in one account share every blast radius.',
  remediation:
    'Join the account to an AWS Organization (or create one with Control Tower), and move production and non-production workloads into separate accounts under separate organizational units with their own SCPs.',
  inputs: ['live-aws'],
  *checkModel(model: Model): Iterable<Report> {
    const account = [...allOf<AccountFacts>(model, KIND.account)][0];
    if (!account) return;
    if (account.facts.organization === null) {
      yield { resource: account.resource, message: `account ${account.facts.accountId} is not in an AWS Organization: no service control policies or organization-wide guardrails apply; join or create an organization` };
    }
    const seen: Record<Environment, string[]> = { production: [], 'non-production': [] };
    for (const kind of NAMED_KINDS) {
      for (const resource of model.ofKind(kind)) {
        const found = labelOf(resource);
        if (found) seen[found.environment].push(found.label);
      }
    }
    if (seen.production.length > 0 && seen['non-production'].length > 0) {
      yield {
        resource: account.resource,
        severity: 'info',
        message: `account ${account.facts.accountId} looks shared between production (${shortList(seen.production)}) and non-production (${shortList(seen['non-production'])}) by resource names and tags: keep each environment in its own account`,
      };
    }
  },
};
