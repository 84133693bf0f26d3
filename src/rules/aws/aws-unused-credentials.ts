import { KIND, type UserFacts } from '../../audit/facts.js';
import type { Report, Rule } from '../../core/types.js';
import { daysBetween, factsOf } from './support.js';

/** CIS AWS Foundations: users unused for 45 days, keys unused or unrotated for 90. */
const USER_DAYS = 45;
const KEY_DAYS = 90;

export const awsUnusedCredentials: Rule = {
  id: 'aws-unused-credentials',
  practice: 'IAM-UNUSED-USERS',
  severity: 'medium',
  title: 'No dormant IAM users, and no stale or unrotated access keys',
  rationale:
    'A user nobody has signed in as for weeks and an access key nobody uses are credentials nobody watches: their theft goes unnoticed. Keys older than 90 days have had time to be copied into scripts, images and laptops.',
  remediation:
    `Delete users unused for ${USER_DAYS} days (or disable their password and keys); deactivate access keys unused for ${KEY_DAYS} days, and rotate keys older than ${KEY_DAYS} days (create the new key, deploy it, deactivate and delete the old one). Prefer roles, which have no long-lived keys at all.`,
  inputs: ['live-aws'],
  *check(resource): Iterable<Report> {
    const user = factsOf<UserFacts>(resource, KIND.user);
    if (!user) return;
    const now = user.reportGeneratedAt;
    const active = user.accessKeys.map((key, i) => ({ key, n: i + 1 })).filter(({ key }) => key.active);
    const lastUses = [user.passwordEnabled ? user.passwordLastUsed : undefined, ...active.map(({ key }) => key.lastUsed)];
    const sinceUse = lastUses.map((d) => daysBetween(d, now)).filter((d): d is number => d !== undefined);
    const age = daysBetween(user.createdAt, now);
    const hasCredentials = user.passwordEnabled || active.length > 0;
    if (hasCredentials && age !== undefined && age >= USER_DAYS && (sinceUse.length === 0 || Math.min(...sinceUse) >= USER_DAYS)) {
      const last = sinceUse.length === 0 ? 'has never used its password or keys' : `was last used ${Math.min(...sinceUse)} days ago`;
      yield { message: `IAM user ${user.userName} ${last} (created ${age} days ago): delete the user or remove its credentials` };
    }
    for (const { key, n } of active) {
      const unused = key.lastUsed === undefined ? daysBetween(key.lastRotated, now) : daysBetween(key.lastUsed, now);
      if (unused !== undefined && unused >= KEY_DAYS) {
        yield { message: `access key ${n} of IAM user ${user.userName} is active but ${key.lastUsed === undefined ? `has never been used in the ${unused} days since it was created` : `has not been used for ${unused} days`}: deactivate and delete it` };
        continue;
      }
      const rotated = daysBetween(key.lastRotated, now);
      if (rotated !== undefined && rotated >= KEY_DAYS) {
        yield { severity: 'low', message: `access key ${n} of IAM user ${user.userName} is ${rotated} days old: rotate it (at most every ${KEY_DAYS} days) or replace the user with a role` };
      }
    }
  },
};
