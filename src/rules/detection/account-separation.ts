import { isPlan, moduleTrees, ofKinds, read, textOf, type ModuleTree } from '../../core/iac.js';
import type { KeyPath, Report, Resource, Rule } from '../../core/types.js';
import { get, isRecord } from '../../core/values.js';

type Environment = 'production' | 'non-production';

const PRODUCTION = new Set(['prod', 'production', 'prd']);
const NON_PRODUCTION = new Set([
  'dev', 'development', 'test', 'testing', 'staging', 'stage', 'stg', 'qa', 'uat', 'sandbox', 'sbx', 'nonprod', 'preprod', 'demo',
]);

/** Module arguments and tag keys that name the environment. */
const ENVIRONMENT_KEY = /^(?:environment|env|stage)(?:_name)?$/i;
const PROVIDER = /^\$\{\s*aws\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}$/;

/** The environment a name says, when it says exactly one. */
function classify(name: string): Environment | undefined {
  const tokens = name.toLowerCase().split(/[^a-z0-9]+/);
  const production = tokens.some((t) => PRODUCTION.has(t));
  const other = tokens.some((t) => NON_PRODUCTION.has(t));
  return production === other ? undefined : production ? 'production' : 'non-production';
}

interface Evidence {
  resource: Resource;
  path: KeyPath;
  environment: Environment;
  /** What says so, for the message. */
  label: string;
  /** The aws provider configuration the resource uses: `aws` or `aws.<alias>`. */
  provider: string;
}

/** The aws provider a resource or module call uses, and where that is written. */
function providerOf(resource: Resource): { name: string; path?: KeyPath } {
  if (resource.kind === 'module') {
    const providers = get(resource.value, ['providers']);
    if (isRecord(providers) && typeof providers.aws === 'string') {
      const alias = PROVIDER.exec(providers.aws)?.[1];
      if (alias) return { name: `aws.${alias}`, path: ['providers', 'aws'] };
    }
    return { name: 'aws' };
  }
  const alias = PROVIDER.exec(String(get(resource.value, ['provider']) ?? ''))?.[1];
  return alias ? { name: `aws.${alias}`, path: ['provider'] } : { name: 'aws' };
}

function evidenceOf(resource: Resource): Evidence[] {
  const result: Evidence[] = [];
  const provider = providerOf(resource);
  const alias = provider.name.slice('aws.'.length);
  const byAlias = provider.path ? classify(alias) : undefined;
  if (byAlias && provider.path) result.push({ resource, path: provider.path, environment: byAlias, label: `provider ${provider.name}`, provider: provider.name });
  const add = (path: KeyPath, what: string): void => {
    const value = read(resource, path, textOf);
    if (value === 'absent' || value === 'unknown') return;
    const environment = classify(value);
    if (environment) result.push({ resource, path, environment, label: `${what} "${value}"`, provider: provider.name });
  };
  if (resource.kind === 'module') {
    for (const key of Object.keys(resource.value as object)) if (ENVIRONMENT_KEY.test(key)) add([key], key);
  }
  const tags = get(resource.value, ['tags']);
  if (isRecord(tags)) for (const key of Object.keys(tags)) if (ENVIRONMENT_KEY.test(key)) add(['tags', key], `tag ${key}`);
  return result;
}

function* checkModule(tree: ModuleTree): Iterable<Report> {
  // A module that builds the organization's accounts is how separation is done, not a breach of it.
  if (ofKinds(tree, 'aws_organizations_organization', 'aws_organizations_account').length > 0) return;
  // Providers are configured in the root module: its own resources and module calls say where they deploy.
  const evidence = tree.unit.resources.filter((r) => !isPlan(r)).flatMap(evidenceOf);
  const production = evidence.filter((e) => e.environment === 'production');
  const other = evidence.filter((e) => e.environment === 'non-production');
  if (production.length === 0 || other.length === 0) return;
  const shared = other.find((n) => production.some((p) => p.provider === n.provider));
  if (shared) {
    const p = production.find((e) => e.provider === shared.provider)!;
    yield {
      resource: shared.resource,
      path: shared.path,
      message: `${shared.resource.name} (${shared.label}) and ${p.resource.name} (${p.label}) deploy through the same provider ${shared.provider}, so production and non-production share one AWS account: deploy each environment into its own account`,
    };
    return;
  }
  const n = other[0];
  const p = production[0];
  yield {
    resource: n.resource,
    path: n.path,
    message: `this module deploys both non-production (${n.resource.name}, ${n.label}) and production (${p.resource.name}, ${p.label}), so one configuration and one pipeline's credentials reach both accounts: give production its own root module, state and deployment role`,
  };
}

export const accountSeparation: Rule = {
  id: 'account-separation',
  practice: 'GOV-ACCOUNT-SEPARATION',
  severity: 'low',
  title: 'Production and non-production are not deployed together',
  rationale:
    'Production belongs in its own AWS accounts, under AWS Organizations with service control policies, so that a mistake or a breach in a test environment cannot reach it. Code shows a breach of that only in a few ways, and the rule reports only those: one Terraform root module that deploys resources or module calls marked production and non-production (by `aws` provider alias, an `environment`/`env`/`stage` argument, or an Environment tag) through the same provider, which puts them in one account; or through different provider aliases, which gives one configuration and one set of credentials power over both. A module with `aws_organizations_organization` or `aws_organizations_account` is the separation being built and is not reported. Nothing is reported where the code shows nothing: account layout is then not decidable from code. CloudFormation templates are deployed per stack and account, so the rule reads Terraform only.',
  remediation:
    'Give each environment its own root module (or workspace) with its own state and its own deployment role in its own account, e.g. `environments/prod` and `environments/staging` calling a shared `modules/platform`, each with `provider "aws" { allowed_account_ids = ["<that account>"] }`; create the accounts with AWS Organizations (`aws_organizations_account`) or Control Tower.',
  inputs: ['terraform'],
  *checkModel(model) {
    for (const tree of moduleTrees(model)) if (tree.unit.input === 'terraform') yield* checkModule(tree);
  },
};
