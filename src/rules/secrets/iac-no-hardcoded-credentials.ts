import {
  describeCredentialType,
  detectCredentialValue,
  findSecretsInText,
  isSecretAssignment,
  isSecretLikeKey,
  looksLikeSecretKeyName,
  safeName,
  type CredentialDetection,
} from '../../core/credentials.js';
import { describe, isPlan } from '../../core/iac.js';
import type { KeyPath, Report, Resource, Rule, Severity } from '../../core/types.js';
import { get, isRecord, pathString, str } from '../../core/values.js';
import { templateOf } from '../../inputs/cfn/resources.js';
import { referenceOf, resolveReference } from '../../inputs/terraform/file.js';
import { POLICY_KEY } from '../../inputs/terraform/policy-document.js';
import { TerraformResource } from '../../inputs/terraform/resources.js';

const MAX_DEPTH = 64;
const MAX_NODES = 50_000;
const MAX_CHARS = 4 * 1024 * 1024;
const MAX_REPORTS = 50;

const TERRAFORM_ADVICE = 'read it from Secrets Manager (a data source, or manage_master_user_password) or a sensitive variable without a default, and rotate it';
const CFN_ADVICE = 'use a {{resolve:secretsmanager:...}} dynamic reference or a NoEcho parameter without a default, and rotate it';

/** ARNs name things; a secret-like key holding one (`authorizer_credentials`) holds no secret. */
const ARN = /^arn:aws[a-z-]{0,20}:/;
/** CloudFormation functions whose arguments name things (conditions, mappings, exports, attributes) rather than give values. */
const NAME_FUNCTIONS = new Set(['Fn::GetAtt', 'Fn::FindInMap', 'Fn::ImportValue', 'Fn::GetAZs', 'Fn::Cidr', 'Fn::Equals', 'Fn::Not', 'Fn::And', 'Fn::Or', 'Condition']);
/** Environment-variable entries whose value is a reference into a store (CodeBuild, ECS), not the secret. */
const REFERENCE_TYPES = new Set(['PARAMETER_STORE', 'SECRETS_MANAGER']);

function severityOf(detection: CredentialDetection): Severity {
  return detection.confidence === 'high' ? 'critical' : 'high';
}

/** Where a literal came from when it is not written at the attribute itself. */
interface Origin {
  /** `var.redis_auth`, `local.db`, `parameter DbPassword`. */
  label: string;
  /** The variable or parameter name, which may say that it holds a secret when the attribute does not. */
  name: string;
}

/** Walks every string of a resource within fixed budgets and reports credentials, never their values. */
class Walker {
  private nodes = 0;
  private chars = 0;
  readonly reports: Report[] = [];
  private readonly advice: string;

  constructor(private readonly resource: Resource) {
    this.advice = resource.input === 'cfn' ? CFN_ADVICE : TERRAFORM_ADVICE;
  }

  walk(node: unknown, path: KeyPath, key: string | undefined, depth: number, origin?: Origin): void {
    if (this.nodes++ > MAX_NODES || depth > MAX_DEPTH || this.reports.length >= MAX_REPORTS) return;
    if (typeof node === 'string') {
      this.visit(node, path, key, depth, origin);
    } else if (Array.isArray(node)) {
      node.forEach((item, i) => this.walk(item, origin ? path : [...path, i], key, depth + 1, origin));
    } else if (isRecord(node)) {
      const keys = Object.keys(node);
      if (this.resource.input === 'cfn' && keys.length === 1 && !origin) {
        const only = keys[0];
        if (only === 'Ref' && typeof node.Ref === 'string') {
          this.parameter(node.Ref, path, key, depth);
          return;
        }
        // Intrinsic functions keep the key their result is assigned to; names of conditions, mappings and attributes are no values.
        if (only === 'Fn::If') {
          const branches = Array.isArray(node[only]) ? node[only] : [];
          for (const i of [1, 2]) this.walk(branches[i], [...path, only, i], key, depth + 1);
          return;
        }
        if (NAME_FUNCTIONS.has(only)) return;
        if (only.startsWith('Fn::')) {
          this.walk(node[only], [...path, only], key, depth + 1);
          return;
        }
      }
      const pair = pairName(node);
      for (const [k, v] of Object.entries(node)) {
        if (path.length === 0 && k === POLICY_KEY) continue;
        const childKey = pair && (k === 'value' || k === 'Value') ? pair : k;
        this.walk(v, origin ? path : [...path, k], childKey, depth + 1, origin);
      }
    }
  }

  /** A Terraform `${var.x}` / `${local.x}` with a literal value, judged as if written here. */
  private reference(value: string, path: KeyPath, key: string | undefined, depth: number): boolean {
    if (!(this.resource instanceof TerraformResource)) return false;
    const reference = referenceOf(value);
    if (!reference) return false;
    const resolved = resolveReference(value, this.resource.scope);
    if (resolved !== undefined) this.walk(resolved, path, key, depth + 1, { label: `${reference.source}.${reference.name}`, name: reference.name });
    return true;
  }

  /** A CloudFormation `Ref` to a parameter whose default is a literal. */
  private parameter(name: string, path: KeyPath, key: string | undefined, depth: number): void {
    const parameter = get(templateOf(this.resource), ['Parameters', name]);
    const fallback = get(parameter, ['Default']);
    const type = str(get(parameter, ['Type'])) ?? '';
    if (typeof fallback !== 'string' || type.startsWith('AWS::SSM::Parameter::Value')) return;
    const noEcho = get(parameter, ['NoEcho']);
    // A NoEcho parameter says it holds a secret, whatever the property is called.
    const secretName = noEcho === true || noEcho === 'true' ? 'password' : name;
    this.walk(fallback, path, key, depth + 1, { label: `parameter ${name}`, name: secretName });
  }

  private visit(value: string, path: KeyPath, key: string | undefined, depth: number, origin: Origin | undefined): void {
    if (value.length < 4) return;
    if (!origin && this.reference(value, path, key, depth)) return;
    this.chars += value.length;
    if (this.chars > MAX_CHARS) return;
    const where = safeName(pathString(path));
    const subject = origin ? `${describe(this.resource)} at ${where} takes ${origin.label}, whose default is` : `${describe(this.resource)} at ${where} holds`;
    const detection = detectCredentialValue(value, { key }) ?? (origin ? detectCredentialValue(value, { key: origin.name }) : undefined);
    if (detection) {
      this.reports.push({ path, severity: severityOf(detection), message: `${subject} a hardcoded ${describeCredentialType(detection.type)}: ${this.advice}` });
      return;
    }
    if (value.includes('\n')) {
      // A script or config file (user data, a heredoc): credential shapes, then secret-like assignments.
      const hits = findSecretsInText(value);
      const hit = hits.find((h) => h.detection !== undefined) ?? hits.find((h) => h.key !== undefined);
      if (hit) {
        const what = hit.detection ? `a hardcoded ${describeCredentialType(hit.detection.type)}` : `a literal ${safeName(hit.key ?? 'secret')}`;
        this.reports.push({ path, severity: hit.detection ? severityOf(hit.detection) : 'high', message: `${subject} ${what} on line ${hit.line + 1} of the value: ${this.advice}` });
      }
      return;
    }
    const trimmed = value.trim();
    if (ARN.test(trimmed) || looksLikeSecretKeyName(trimmed)) return;
    // Keys inside an IAM policy's Condition are condition keys
    // (`token.actions.githubusercontent.com:sub`), never secrets.
    if (path.includes('Condition')) return;
    const secretKey = [key, origin?.name].find((k) => k !== undefined && isSecretLikeKey(k));
    if (secretKey !== undefined && isSecretAssignment(secretKey, trimmed)) {
      this.reports.push({ path, severity: 'high', message: `${subject} a literal ${safeName(key !== undefined && isSecretLikeKey(key) ? key : secretKey)}: ${this.advice}` });
    }
  }
}

/**
 * `{name: DB_PASSWORD, value: ...}` entries (Lambda, ECS, CodeBuild, Helm
 * `set`): the name is the key the value belongs to, unless the entry says its
 * value is a reference into a store.
 */
function pairName(node: Record<string, unknown>): string | undefined {
  const name = str(node.name) ?? str(node.Name);
  const value = node.value ?? node.Value;
  if (name === undefined || typeof value !== 'string') return undefined;
  const type = str(node.type) ?? str(node.Type);
  return type !== undefined && REFERENCE_TYPES.has(type.toUpperCase()) ? undefined : name;
}

/** An SSM SecureString parameter's value is a secret whatever the attribute is called. */
function secureStringValue(resource: Resource): boolean {
  return resource.kind === 'aws_ssm_parameter' && get(resource.value, ['type']) === 'SecureString';
}

export const iacNoHardcodedCredentials: Rule = {
  id: 'iac-no-hardcoded-credentials',
  practice: 'SEC-NO-HARDCODED-CREDENTIALS',
  severity: 'critical',
  title: 'No credentials are hardcoded in Terraform or CloudFormation',
  rationale:
    'A password or key written into infrastructure code is in every clone, fork, CI log and backup of the repository, and in Terraform state and CloudFormation template history besides; deleting the line later does not take it back. Values from Secrets Manager (or a NoEcho parameter, a sensitive variable set at apply time) keep the secret out of the code and let it rotate.',
  remediation:
    'Terraform: `manage_master_user_password = true` for RDS, `data "aws_secretsmanager_secret_version"` or a `variable` with `sensitive = true` and no `default` for other secrets; never a literal `password`, `auth_token`, `secret_string` or provider `access_key`. CloudFormation: `MasterUserPassword: "{{resolve:secretsmanager:core/sessions-db:SecretString:password}}"`, `ManageMasterUserPassword: true`, or a `NoEcho: true` parameter without `Default`. Revoke and rotate any credential that was committed.',
  inputs: ['terraform', 'cfn'],
  *check(resource): Iterable<Report> {
    // A plan holds every value resolved, wherever it came from; the configuration is where a literal is written.
    if (!(resource.input === 'terraform' && !isPlan(resource)) && resource.input !== 'cfn') return;
    const walker = new Walker(resource);
    if (resource.input === 'terraform' && secureStringValue(resource)) {
      const { value: secureValue, ...rest } = resource.value as Record<string, unknown>;
      walker.walk(rest, [], undefined, 0);
      walker.walk(secureValue, ['value'], 'secret', 1);
    } else {
      walker.walk(resource.value, [], undefined, 0);
    }
    yield* walker.reports;
  },
};
