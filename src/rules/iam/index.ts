import type { Rule } from '../../core/types.js';
import { awsAuthNoSystemMasters } from './aws-auth-no-system-masters.js';
import { ciOidcTrustScoped } from './ci-oidc-trust-scoped.js';
import { iamEc2Scoped } from './iam-ec2-scoped.js';
import { iamKmsScoped } from './iam-kms-scoped.js';
import { iamNoAssumeAnyRole } from './iam-no-assume-any-role.js';
import { iamNoFullWildcard } from './iam-no-full-wildcard.js';
import { iamNoIamAdmin } from './iam-no-iam-admin.js';
import { iamNoWildcardResource } from './iam-no-wildcard-resource.js';
import { iamS3Scoped } from './iam-s3-scoped.js';
import { irsaRolePerServiceAccount } from './irsa-role-per-service-account.js';
import { irsaTrustMatchesServiceAccount } from './irsa-trust-matches-service-account.js';
import { irsaTrustScoped } from './irsa-trust-scoped.js';
import { kmsKeyPolicyTight } from './kms-key-policy-tight.js';
import { noStaticAwsCredentials } from './no-static-aws-credentials.js';

export const iamRules: Rule[] = [
  irsaRolePerServiceAccount,
  noStaticAwsCredentials,
  awsAuthNoSystemMasters,
  irsaTrustMatchesServiceAccount,
  iamNoFullWildcard,
  iamNoIamAdmin,
  iamNoAssumeAnyRole,
  iamKmsScoped,
  iamS3Scoped,
  iamEc2Scoped,
  iamNoWildcardResource,
  irsaTrustScoped,
  ciOidcTrustScoped,
  kmsKeyPolicyTight,
];
