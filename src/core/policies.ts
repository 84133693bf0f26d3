// The one place that knows where IAM policy documents sit in each input:
// policy files, CloudFormation properties and Terraform attributes. Rules ask
// for policy views and never look for `PolicyDocument` themselves.
import { normalizePolicy, type NormalizedPolicy, type StatementView } from './iam/policy.js';
import type { KeyPath, Resource } from './types.js';
import { get, isRecord, list } from './values.js';

/**
 * identity: attached to a principal (what it may do); trust: who may assume a
 * role; resource: attached to a resource (bucket, queue, key…), naming principals.
 */
export type PolicyRole = 'identity' | 'trust' | 'resource';

export interface PolicyView {
  resource: Resource;
  role: PolicyRole;
  /** The document as rules read it (CloudFormation functions rendered as `${…}` text). */
  document: unknown;
  /** Where the document sits in the resource's value. */
  path: KeyPath;
  /** The document's statements, each with the key paths of its elements. */
  policy: NormalizedPolicy;
  /** The resource is a KMS key and this is its key policy. */
  keyPolicy: boolean;
}

type Place = { path: KeyPath; role: PolicyRole };

/** CloudFormation types and where their policy documents are. */
const CFN_PLACES: Record<string, (value: unknown) => Place[]> = {
  'AWS::IAM::Role': (v) => [
    { path: ['Properties', 'AssumeRolePolicyDocument'], role: 'trust' },
    ...inlinePolicies(v, ['Properties', 'Policies']),
  ],
  'AWS::IAM::User': (v) => inlinePolicies(v, ['Properties', 'Policies']),
  'AWS::IAM::Group': (v) => inlinePolicies(v, ['Properties', 'Policies']),
  'AWS::IAM::Policy': () => [{ path: ['Properties', 'PolicyDocument'], role: 'identity' }],
  'AWS::IAM::ManagedPolicy': () => [{ path: ['Properties', 'PolicyDocument'], role: 'identity' }],
  'AWS::IAM::RolePolicy': () => [{ path: ['Properties', 'PolicyDocument'], role: 'identity' }],
  'AWS::IAM::UserPolicy': () => [{ path: ['Properties', 'PolicyDocument'], role: 'identity' }],
  'AWS::IAM::GroupPolicy': () => [{ path: ['Properties', 'PolicyDocument'], role: 'identity' }],
  'AWS::S3::BucketPolicy': () => [{ path: ['Properties', 'PolicyDocument'], role: 'resource' }],
  'AWS::SQS::QueuePolicy': () => [{ path: ['Properties', 'PolicyDocument'], role: 'resource' }],
  'AWS::SNS::TopicPolicy': () => [{ path: ['Properties', 'PolicyDocument'], role: 'resource' }],
  'AWS::KMS::Key': () => [{ path: ['Properties', 'KeyPolicy'], role: 'resource' }],
  'AWS::ECR::Repository': () => [{ path: ['Properties', 'RepositoryPolicyText'], role: 'resource' }],
  'AWS::SecretsManager::ResourcePolicy': () => [{ path: ['Properties', 'ResourcePolicy'], role: 'resource' }],
};

function inlinePolicies(value: unknown, path: KeyPath): Place[] {
  return list(get(value, path)).map((_, i) => ({ path: [...path, i, 'PolicyDocument'], role: 'identity' as const }));
}

/** Terraform resource types and the attributes that hold policy documents. */
const TERRAFORM_PLACES: Record<string, (value: unknown) => Place[]> = {
  aws_iam_role: (v) => [
    { path: ['assume_role_policy'], role: 'trust' },
    ...list(get(v, ['inline_policy'])).map((_, i) => ({ path: ['inline_policy', i, 'policy'], role: 'identity' as const })),
  ],
  aws_iam_policy: () => [{ path: ['policy'], role: 'identity' }],
  aws_iam_role_policy: () => [{ path: ['policy'], role: 'identity' }],
  aws_iam_user_policy: () => [{ path: ['policy'], role: 'identity' }],
  aws_iam_group_policy: () => [{ path: ['policy'], role: 'identity' }],
  aws_s3_bucket_policy: () => [{ path: ['policy'], role: 'resource' }],
  aws_sqs_queue_policy: () => [{ path: ['policy'], role: 'resource' }],
  aws_sns_topic_policy: () => [{ path: ['policy'], role: 'resource' }],
  aws_kms_key: () => [{ path: ['policy'], role: 'resource' }],
  aws_kms_key_policy: () => [{ path: ['policy'], role: 'resource' }],
  aws_ecr_repository_policy: () => [{ path: ['policy'], role: 'resource' }],
  aws_secretsmanager_secret_policy: () => [{ path: ['policy'], role: 'resource' }],
};

const cache = new WeakMap<Resource, PolicyView[]>();

/** Every policy document a resource holds, with its role. */
export function policiesOf(resource: Resource): PolicyView[] {
  let views = cache.get(resource);
  if (!views) cache.set(resource, (views = findPolicies(resource)));
  return views;
}

function findPolicies(resource: Resource): PolicyView[] {
  const view = (path: KeyPath, role: PolicyRole, raw: unknown): PolicyView | undefined => {
    if (!isRecord(raw)) return undefined; // unknown (a reference) or absent: nothing to judge
    const document = renderIntrinsics(raw);
    return { resource, role, document, path, policy: normalizePolicy(document, path), keyPolicy: isKmsKey(resource) };
  };
  const views: PolicyView[] = [];
  switch (resource.input) {
    case 'iam': {
      const v = view([], roleFromContent(resource.value), resource.value);
      if (v) views.push(v);
      break;
    }
    case 'cfn':
    case 'terraform': {
      const table = resource.input === 'cfn' ? CFN_PLACES : TERRAFORM_PLACES;
      const places = table[resource.kind]?.(resource.value) ?? [];
      for (const place of places) {
        const v = view(place.path, place.role, get(resource.value, place.path));
        if (v) views.push(v);
      }
      if (resource.kind === 'data.aws_iam_policy_document') {
        const document = get(resource.value, ['__policy']);
        const v = view(['__policy'], roleFromContent(document), document);
        if (v) views.push(v);
      }
      break;
    }
    default:
      break;
  }
  return views;
}

function isKmsKey(resource: Resource): boolean {
  return resource.kind === 'AWS::KMS::Key' || resource.kind === 'aws_kms_key' || resource.kind === 'aws_kms_key_policy';
}

/** A standalone document's role: principals plus sts:AssumeRole* make a trust policy. */
function roleFromContent(document: unknown): PolicyRole {
  const statements = normalizePolicy(document, []).statements;
  if (!statements.some((s) => s.principal !== undefined || s.notPrincipal !== undefined)) return 'identity';
  const assumes = statements.some((s) => (s.actions ?? []).some((a) => /^sts:(assumerole|tagsession|\*)/i.test(a)));
  return assumes ? 'trust' : 'resource';
}

/**
 * CloudFormation functions inside a policy rendered as `${…}` text: their value
 * is unknown until deployment, so rules treat them as references, never as "*".
 */
export function renderIntrinsics(value: unknown, depth = 0): unknown {
  if (depth > 64) return value;
  if (Array.isArray(value)) return value.map((v) => renderIntrinsics(v, depth + 1));
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const [key] = keys;
    const arg = value[key];
    if (key === 'Ref') return `\${${String(arg)}}`;
    if (key === 'Fn::GetAtt') return `\${${Array.isArray(arg) ? arg.join('.') : String(arg)}}`;
    if (key === 'Fn::Sub') return typeof arg === 'string' ? arg : Array.isArray(arg) && typeof arg[0] === 'string' ? arg[0] : '${Fn::Sub}';
    if (key === 'Fn::Join' && Array.isArray(arg) && typeof arg[0] === 'string' && Array.isArray(arg[1])) {
      return arg[1].map((part) => { const r = renderIntrinsics(part, depth + 1); return typeof r === 'string' ? r : '${?}'; }).join(arg[0]);
    }
    if (key.startsWith('Fn::')) return `\${${key}}`;
  }
  const result: Record<string, unknown> = {};
  for (const key of keys) result[key] = renderIntrinsics(value[key], depth + 1);
  return result;
}

/** True when a string holds an unresolved reference (`${…}`): unknown, not wrong. */
export function isReference(text: string): boolean {
  return text.includes('${');
}

/** Allow statements of a view. */
export function allowStatements(view: PolicyView): StatementView[] {
  return view.policy.statements.filter((s) => s.effect === 'Allow');
}
