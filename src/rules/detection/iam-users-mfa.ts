import {
  at, cfnLogicalId, LinkSources, linkSpec, LinkTargets, read, resourcesAt, setting, strongest, terraformReference, textOf, unitOf, type Link,
  type LinkSpec,
} from '../../core/iac.js';
import type { ConditionView, StatementView } from '../../core/iam/policy.js';
import { normalizePolicy } from '../../core/iam/policy.js';
import { policiesOf, renderIntrinsics, type PolicyView } from '../../core/policies.js';
import type { KeyPath, Model, Report, Resource, Rule } from '../../core/types.js';
import { get, isRecord } from '../../core/values.js';

/** What a policy says about MFA: it denies without MFA, it does not, or its content is not in the scan. */
type Verdict = 'enforces' | 'no' | 'unknown';

/**
 * A Deny of every action (or of everything but `NotAction`, the usual
 * "manage your own MFA device" exception) when MFA is absent:
 * `BoolIfExists`/`Bool` `aws:MultiFactorAuthPresent` false, or `Null`
 * `aws:MultiFactorAuthAge` true.
 */
function deniesWithoutMfa(statement: StatementView): boolean {
  if (statement.effect !== 'Deny') return false;
  const broad = statement.notActions !== undefined || (statement.actions ?? []).some((a) => /^\*+(?::\*+)?$/.test(a));
  return broad && statement.conditions.some(isMfaAbsent);
}

function isMfaAbsent(condition: ConditionView): boolean {
  const key = condition.key.toLowerCase();
  if (key === 'aws:multifactorauthpresent') return condition.base === 'Bool' && condition.values.includes('false');
  if (key === 'aws:multifactorauthage') return condition.base === 'Null' && condition.values.includes('true');
  return false;
}

function verdictOf(views: PolicyView[]): Verdict {
  return views.some((v) => v.policy.statements.some(deniesWithoutMfa)) ? 'enforces' : 'no';
}

const AWS_MANAGED = /^arn:[^:]*:iam::aws:policy\//;

/** A policy attached to users or groups, and the arguments naming them. */
interface Attachment {
  holder: Resource;
  users: KeyPath[];
  groups: KeyPath[];
  verdict: () => Verdict;
}

/** A group membership: which users, which groups. */
interface Membership {
  holder: Resource;
  users: KeyPath[];
  groups: KeyPath[];
}

// ── Terraform ────────────────────────────────────────────────────────────

function terraformDocument(model: Model, holder: Resource, argument: KeyPath): Verdict {
  const views = policiesOf(holder).filter((v) => v.path.join('.') === argument.join('.'));
  if (views.length > 0) return verdictOf(views);
  const reference = terraformReference(get(holder.value, argument));
  if (reference?.type !== 'data.aws_iam_policy_document') return 'unknown';
  const source = resourcesAt(model, holder, reference.address).find((r) => r.name === reference.address);
  return source ? verdictOf(policiesOf(source)) : 'unknown';
}

function terraformArn(model: Model, holder: Resource, arn: unknown): Verdict {
  if (typeof arn === 'string' && AWS_MANAGED.test(arn)) return 'no';
  const reference = terraformReference(arn);
  if (reference?.type !== 'aws_iam_policy') return 'unknown';
  const policy = resourcesAt(model, holder, reference.address).find((r) => r.name === reference.address);
  return policy ? terraformDocument(model, policy, ['policy']) : 'unknown';
}

function terraformArns(model: Model, holder: Resource, argument: KeyPath): Verdict {
  return combine(valuesAt(holder, argument).map((arn) => terraformArn(model, holder, arn)));
}

function combine(verdicts: Verdict[]): Verdict {
  if (verdicts.includes('enforces')) return 'enforces';
  return verdicts.includes('unknown') ? 'unknown' : 'no';
}

function terraformGraph(model: Model): { attachments: Attachment[]; memberships: Membership[] } {
  const attachments: Attachment[] = [];
  const memberships: Membership[] = [];
  for (const r of model.resources) {
    if (r.input !== 'terraform') continue;
    switch (r.kind) {
      case 'aws_iam_user_policy':
        attachments.push({ holder: r, users: [['user']], groups: [], verdict: () => terraformDocument(model, r, ['policy']) });
        break;
      case 'aws_iam_group_policy':
        attachments.push({ holder: r, users: [], groups: [['group']], verdict: () => terraformDocument(model, r, ['policy']) });
        break;
      case 'aws_iam_user_policy_attachment':
        attachments.push({ holder: r, users: [['user']], groups: [], verdict: () => terraformArns(model, r, ['policy_arn']) });
        break;
      case 'aws_iam_group_policy_attachment':
        attachments.push({ holder: r, users: [], groups: [['group']], verdict: () => terraformArns(model, r, ['policy_arn']) });
        break;
      case 'aws_iam_user_policy_attachments_exclusive':
        attachments.push({ holder: r, users: [['user_name']], groups: [], verdict: () => terraformArns(model, r, ['policy_arns']) });
        break;
      case 'aws_iam_group_policy_attachments_exclusive':
        attachments.push({ holder: r, users: [], groups: [['group_name']], verdict: () => terraformArns(model, r, ['policy_arns']) });
        break;
      case 'aws_iam_policy_attachment':
        attachments.push({ holder: r, users: items(r, ['users']), groups: items(r, ['groups']), verdict: () => terraformArns(model, r, ['policy_arn']) });
        break;
      case 'aws_iam_user_group_membership':
        memberships.push({ holder: r, users: [['user']], groups: items(r, ['groups']) });
        break;
      case 'aws_iam_group_membership':
        memberships.push({ holder: r, users: items(r, ['users']), groups: [['group']] });
        break;
      default:
        break;
    }
  }
  return { attachments, memberships };
}

/** The values of a list-valued argument (one value when written as a single value). */
function valuesAt(resource: Resource, argument: KeyPath): unknown[] {
  const raw = setting(resource, ...argument);
  if (raw === undefined || raw === null) return [];
  return Array.isArray(raw) ? raw : [raw];
}

/** Paths of the items of a list argument (the argument itself when it is one computed value). */
function items(resource: Resource, argument: KeyPath): KeyPath[] {
  const raw = get(resource.value, at(resource, ...argument));
  return Array.isArray(raw) ? raw.map((_, i) => [...argument, i]) : raw === undefined ? [] : [argument];
}

// ── CloudFormation ───────────────────────────────────────────────────────

function cfnDocument(holder: Resource, argument: KeyPath): Verdict {
  const path = at(holder, ...argument);
  const raw = get(holder.value, path);
  if (!isRecord(raw)) return 'unknown';
  return verdictOf([{ resource: holder, role: 'identity', document: raw, path, policy: normalizePolicy(renderIntrinsics(raw), path), keyPolicy: false }]);
}

function cfnArns(model: Model, holder: Resource, argument: KeyPath): Verdict {
  return combine(
    valuesAt(holder, argument).map((arn): Verdict => {
      const rendered = renderIntrinsics(arn);
      if (typeof rendered === 'string' && AWS_MANAGED.test(rendered.replace('${AWS::Partition}', 'aws'))) return 'no';
      const id = cfnLogicalId(arn);
      const policy = id === undefined ? undefined : resourcesAt(model, holder, id)[0];
      return policy?.kind === 'AWS::IAM::ManagedPolicy' ? verdictOf(policiesOf(policy)) : 'unknown';
    }),
  );
}

function cfnGraph(model: Model): { attachments: Attachment[]; memberships: Membership[] } {
  const attachments: Attachment[] = [];
  const memberships: Membership[] = [];
  for (const r of model.resources) {
    if (r.input !== 'cfn') continue;
    switch (r.kind) {
      case 'AWS::IAM::User':
        // Its own inline and managed policies: the empty path names the holder itself.
        attachments.push({ holder: r, users: [[]], groups: [], verdict: () => combine([verdictOf(policiesOf(r)), cfnArns(model, r, ['ManagedPolicyArns'])]) });
        memberships.push({ holder: r, users: [[]], groups: items(r, ['Groups']) });
        break;
      case 'AWS::IAM::Group':
        attachments.push({ holder: r, users: [], groups: [[]], verdict: () => combine([verdictOf(policiesOf(r)), cfnArns(model, r, ['ManagedPolicyArns'])]) });
        break;
      case 'AWS::IAM::ManagedPolicy':
      case 'AWS::IAM::Policy':
        attachments.push({ holder: r, users: items(r, ['Users']), groups: items(r, ['Groups']), verdict: () => verdictOf(policiesOf(r)) });
        break;
      case 'AWS::IAM::UserPolicy':
        attachments.push({ holder: r, users: [['UserName']], groups: [], verdict: () => cfnDocument(r, ['PolicyDocument']) });
        break;
      case 'AWS::IAM::GroupPolicy':
        attachments.push({ holder: r, users: [], groups: [['GroupName']], verdict: () => cfnDocument(r, ['PolicyDocument']) });
        break;
      case 'AWS::IAM::UserToGroupAddition':
        memberships.push({ holder: r, users: items(r, ['Users']), groups: [['GroupName']] });
        break;
      default:
        break;
    }
  }
  return { attachments, memberships };
}

// ── Joining ──────────────────────────────────────────────────────────────

function literalNames(resource: Resource): string[] {
  const name = read(resource, [resource.input === 'cfn' ? (resource.kind === 'AWS::IAM::User' ? 'UserName' : 'GroupName') : 'name'], textOf);
  return name === 'absent' || name === 'unknown' ? [] : [name];
}

/** What the argument at `argument` says (empty: the holder itself). */
function argumentSpec(holder: Resource, argument: KeyPath): LinkSpec {
  if (argument.length === 0) return { kind: 'address', unit: unitOf(holder), address: holder.name };
  return linkSpec(holder, setting(holder, ...argument));
}

/** The memberships and attachments of a graph, indexed by the users and groups they name (built once per graph). */
function indexGraph(graph: { attachments: Attachment[]; memberships: Membership[] }, groups: LinkTargets) {
  const memberships = new LinkSources<Membership>();
  for (const m of graph.memberships) for (const argument of m.users) memberships.add(m, argumentSpec(m.holder, argument));
  const byUser = new LinkSources<Attachment>();
  /** Attachments by the group an argument names. */
  const byGroup = new Map<Resource, Attachment[]>();
  /** Attachments with a group argument that names no group of the scan but may name one. */
  const maybeViaGroups: Attachment[] = [];
  for (const a of graph.attachments) {
    for (const argument of a.users) byUser.add(a, argumentSpec(a.holder, argument));
    for (const argument of a.groups) {
      const spec = argumentSpec(a.holder, argument);
      const named = groups.named(spec)[0];
      if (named) {
        const held = byGroup.get(named);
        if (held) held.push(a);
        else byGroup.set(named, [a]);
      } else if (groups.mayName(spec)) maybeViaGroups.push(a);
    }
  }
  return { memberships, byUser, byGroup, maybeViaGroups };
}

function* checkUsers(
  users: Array<{ user: Resource; loginPath: KeyPath; login: string }>,
  groupResources: Resource[],
  graph: { attachments: Attachment[]; memberships: Membership[] },
): Iterable<Report> {
  const groups = new LinkTargets(groupResources, literalNames);
  const index = indexGraph(graph, groups);
  const verdicts = new Map<Attachment, Verdict>();
  const verdictOfAttachment = (a: Attachment): Verdict => {
    let verdict = verdicts.get(a);
    if (verdict === undefined) verdicts.set(a, (verdict = a.verdict()));
    return verdict;
  };
  // An attachment that may reach any user with groups decides nothing only when it grants nothing about MFA.
  const viaUnknownGroup = index.maybeViaGroups.some((a) => verdictOfAttachment(a) !== 'no');
  for (const { user, loginPath, login } of users) {
    const names = literalNames(user);
    // The user's groups; a membership naming an unknown group leaves its policies unknown.
    const userGroups = new Set<Resource>();
    let uncertain = false;
    const memberships = new Map<Membership, Link>();
    for (const { item, link } of index.memberships.links(user, names)) memberships.set(item, strongest([memberships.get(item) ?? 'other', link]));
    for (const [m, member] of memberships) {
      if (member === 'unknown') {
        uncertain = true;
        continue;
      }
      for (const argument of m.groups) {
        const found = groups.named(argumentSpec(m.holder, argument));
        if (found.length === 0) uncertain = true;
        for (const g of found) userGroups.add(g);
      }
    }
    if (userGroups.size > 0 && viaUnknownGroup) continue;
    const attachments = new Map<Attachment, Link>();
    for (const { item, link } of index.byUser.links(user, names)) attachments.set(item, strongest([attachments.get(item) ?? 'other', link]));
    for (const g of userGroups) for (const a of index.byGroup.get(g) ?? []) attachments.set(a, 'this');
    let enforced = false;
    for (const [a, link] of attachments) {
      const verdict = verdictOfAttachment(a);
      if (verdict === 'enforces' && link === 'this') enforced = true;
      else if (verdict !== 'no') uncertain = true;
    }
    if (enforced || uncertain) continue;
    yield {
      resource: user,
      path: loginPath,
      message: `${user.name} can sign in to the console (${login}) and no policy attached to it or its groups denies actions without MFA, so a stolen password alone opens the account: attach a policy that denies all but MFA self-service when BoolIfExists aws:MultiFactorAuthPresent is false`,
    };
  }
}

export const iamUsersMfa: Rule = {
  id: 'iam-users-mfa',
  practice: 'IAM-MFA-HUMANS',
  severity: 'high',
  title: 'Console users must use MFA',
  rationale:
    'An IAM user with a console password signs in with that password alone unless something requires a second factor: a phished, reused or guessed password then opens the account with all the user\'s permissions. IAM cannot require MFA at sign-in; what enforces it is a policy attached to the user or its groups that denies every action (except managing one\'s own MFA device) while `aws:MultiFactorAuthPresent` is false (`BoolIfExists`). Users whose policies the scan cannot see (attached by ARN, or through a computed reference) are not reported.',
  remediation:
    'Attach to the users\' group a policy with `{"Effect": "Deny", "NotAction": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"], "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}`; better, give people access through IAM Identity Center with MFA and no IAM users.',
  inputs: ['terraform', 'cfn'],
  *checkModel(model): Iterable<Report> {
    const tfUsers = model.resources.filter((r) => r.input === 'terraform' && r.kind === 'aws_iam_user');
    const profiles = new LinkSources<Resource>();
    for (const p of model.resources) if (p.input === 'terraform' && p.kind === 'aws_iam_user_login_profile') profiles.add(p, linkSpec(p, setting(p, 'user')));
    const consoleUsers = tfUsers.flatMap((user) => {
      const profile = profiles.links(user, literalNames(user)).find((l) => l.link === 'this')?.item;
      return profile ? [{ user, loginPath: [] as KeyPath, login: profile.name }] : [];
    });
    if (consoleUsers.length > 0) {
      const groups = model.resources.filter((r) => r.input === 'terraform' && r.kind === 'aws_iam_group');
      yield* checkUsers(consoleUsers, groups, terraformGraph(model));
    }
    const cfnUsers = model.resources
      .filter((r) => r.input === 'cfn' && r.kind === 'AWS::IAM::User' && get(r.value, ['Properties', 'LoginProfile']) !== undefined)
      .map((user) => ({ user, loginPath: ['Properties', 'LoginProfile'] as KeyPath, login: 'LoginProfile' }));
    if (cfnUsers.length > 0) {
      const groups = model.resources.filter((r) => r.input === 'cfn' && r.kind === 'AWS::IAM::Group');
      yield* checkUsers(cfnUsers, groups, cfnGraph(model));
    }
  },
};
