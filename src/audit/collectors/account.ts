// Account-wide facts and IAM users: the credential report (one call for every
// user, none per user), the password policy, Organizations and the account's
// S3 Block Public Access.
import { GenerateCredentialReportCommand, GetAccountPasswordPolicyCommand, GetCredentialReportCommand, type PasswordPolicy as IamPasswordPolicy } from '@aws-sdk/client-iam';
import { DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import { GetPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import type { AccountFacts, PasswordPolicy, PublicAccessBlock, UserFacts } from '../facts.js';
import { KIND } from '../facts.js';
import type { AuditContext } from '../context.js';
import { dateCell, flagCell, parseCredentialReport, ROOT_USER, type ReportRow } from '../credential-report.js';
import { GLOBAL } from '../snapshot.js';

/** The report is generated asynchronously; poll for it this many times, this far apart. */
const REPORT_POLLS = 30;
const REPORT_POLL_MS = 2_000;

export async function collectAccount(ctx: AuditContext, pollMs = REPORT_POLL_MS): Promise<void> {
  const facts: AccountFacts = { accountId: ctx.account };
  const [report, passwordPolicy, organization, publicAccessBlock] = await Promise.all([
    credentialReport(ctx, pollMs),
    ctx.call('iam:GetAccountPasswordPolicy', GLOBAL, () => ctx.clients.iam().send(new GetAccountPasswordPolicyCommand({})), ['NoSuchEntity', 'NoSuchEntityException']),
    ctx.call('organizations:DescribeOrganization', GLOBAL, () => ctx.clients.organizations().send(new DescribeOrganizationCommand({})), ['AWSOrganizationsNotInUseException']),
    ctx.call(
      's3:GetAccountPublicAccessBlock',
      GLOBAL,
      () => ctx.clients.s3control().send(new GetPublicAccessBlockCommand({ AccountId: ctx.account })),
      ['NoSuchPublicAccessBlockConfiguration'],
    ),
  ]);
  if (passwordPolicy !== undefined) facts.passwordPolicy = passwordPolicy?.PasswordPolicy ? normalizePasswordPolicy(passwordPolicy.PasswordPolicy) : null;
  if (organization !== undefined) {
    const org = organization?.Organization;
    facts.organization = org ? { id: org.Id ?? '', managementAccountId: org.MasterAccountId ?? '' } : null;
  }
  if (publicAccessBlock !== undefined) facts.publicAccessBlock = publicAccessBlock ? normalizeBlock(publicAccessBlock.PublicAccessBlockConfiguration) : null;
  if (report) {
    const root = report.rows.find((r) => r.user === ROOT_USER);
    if (root) facts.root = { mfaActive: flagCell(root.mfa_active), activeAccessKeys: [root.access_key_1_active, root.access_key_2_active].filter(flagCell).length };
    for (const row of report.rows) {
      if (row.user === ROOT_USER || !row.arn) continue;
      ctx.add(KIND.user, row.arn, GLOBAL, userFacts(row, report.generatedAt));
    }
  }
  ctx.add(KIND.account, `arn:${ctx.partition}:iam::${ctx.account}:root`, GLOBAL, facts);
}

async function credentialReport(ctx: AuditContext, pollMs: number): Promise<{ rows: ReportRow[]; generatedAt: string } | undefined> {
  const iam = ctx.clients.iam();
  for (let poll = 0; poll < REPORT_POLLS; poll++) {
    const state = await ctx.call('iam:GenerateCredentialReport', GLOBAL, () => iam.send(new GenerateCredentialReportCommand({})));
    if (!state) return undefined;
    if (state.State === 'COMPLETE') break;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  const report = await ctx.call('iam:GetCredentialReport', GLOBAL, () => iam.send(new GetCredentialReportCommand({})));
  if (!report?.Content) return undefined;
  try {
    return { rows: parseCredentialReport(Buffer.from(report.Content).toString('utf8')), generatedAt: (report.GeneratedTime ?? new Date()).toISOString() };
  } catch (error) {
    ctx.errors.push({ action: 'iam:GetCredentialReport', region: GLOBAL, checks: [], message: `unreadable credential report: ${(error as Error).message}` });
    return undefined;
  }
}

function userFacts(row: ReportRow, generatedAt: string): UserFacts {
  const key = (n: 1 | 2) => ({
    active: flagCell(row[`access_key_${n}_active`]),
    lastRotated: dateCell(row[`access_key_${n}_last_rotated`]),
    lastUsed: dateCell(row[`access_key_${n}_last_used_date`]),
  });
  return {
    userName: row.user,
    createdAt: dateCell(row.user_creation_time) ?? generatedAt,
    passwordEnabled: flagCell(row.password_enabled),
    passwordLastUsed: dateCell(row.password_last_used),
    mfaActive: flagCell(row.mfa_active),
    accessKeys: [key(1), key(2)],
    reportGeneratedAt: generatedAt,
  };
}

function normalizePasswordPolicy(p: IamPasswordPolicy): PasswordPolicy {
  return {
    minimumLength: p.MinimumPasswordLength,
    requireSymbols: p.RequireSymbols === true,
    requireNumbers: p.RequireNumbers === true,
    requireUppercase: p.RequireUppercaseCharacters === true,
    requireLowercase: p.RequireLowercaseCharacters === true,
    maxAge: p.ExpirePasswords ? p.MaxPasswordAge : undefined,
    reusePrevention: p.PasswordReusePrevention,
  };
}

export function normalizeBlock(
  c: { BlockPublicAcls?: boolean; IgnorePublicAcls?: boolean; BlockPublicPolicy?: boolean; RestrictPublicBuckets?: boolean } | undefined,
): PublicAccessBlock | null {
  if (!c) return null;
  return {
    blockPublicAcls: c.BlockPublicAcls === true,
    ignorePublicAcls: c.IgnorePublicAcls === true,
    blockPublicPolicy: c.BlockPublicPolicy === true,
    restrictPublicBuckets: c.RestrictPublicBuckets === true,
  };
}
