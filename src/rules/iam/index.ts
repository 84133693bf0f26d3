import type { Rule } from '../../core/types.js';
import { awsAuthNoSystemMasters } from './aws-auth-no-system-masters.js';
import { irsaRolePerServiceAccount } from './irsa-role-per-service-account.js';
import { noStaticAwsCredentials } from './no-static-aws-credentials.js';

export const iamRules: Rule[] = [irsaRolePerServiceAccount, noStaticAwsCredentials, awsAuthNoSystemMasters];
