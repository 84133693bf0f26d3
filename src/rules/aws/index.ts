// Rules over the facts `guardrail audit aws` reads from a live account.
import type { Rule } from '../../core/types.js';
import { awsAccessAnalyzer } from './aws-access-analyzer.js';
import { awsAccountSeparation } from './aws-account-separation.js';
import { awsAlbWaf } from './aws-alb-waf.js';
import { awsCloudTrail } from './aws-cloudtrail.js';
import { awsConsoleMfa } from './aws-console-mfa.js';
import { awsEksControlPlaneLogs } from './aws-eks-control-plane-logs.js';
import { awsEksEndpoint } from './aws-eks-endpoint.js';
import { awsEksSecretsEncryption } from './aws-eks-secrets-encryption.js';
import { awsEksVersion } from './aws-eks-version.js';
import { awsGuardDuty } from './aws-guardduty.js';
import { awsInspector } from './aws-inspector.js';
import { awsKmsRotation } from './aws-kms-rotation.js';
import { awsPasswordPolicy } from './aws-password-policy.js';
import { awsRootAccessKeys } from './aws-root-access-keys.js';
import { awsRootMfa } from './aws-root-mfa.js';
import { awsS3KmsEncryption } from './aws-s3-kms-encryption.js';
import { awsS3PublicAccessBlock } from './aws-s3-public-access-block.js';
import { awsSecurityGroupOpen } from './aws-security-group-open.js';
import { awsSecurityHub } from './aws-security-hub.js';
import { awsUnusedCredentials } from './aws-unused-credentials.js';
import { awsVpcFlowLogs } from './aws-vpc-flow-logs.js';

export const awsRules: Rule[] = [
  awsRootMfa,
  awsRootAccessKeys,
  awsConsoleMfa,
  awsUnusedCredentials,
  awsPasswordPolicy,
  awsAccessAnalyzer,
  awsSecurityGroupOpen,
  awsVpcFlowLogs,
  awsAlbWaf,
  awsEksEndpoint,
  awsEksControlPlaneLogs,
  awsEksSecretsEncryption,
  awsEksVersion,
  awsCloudTrail,
  awsGuardDuty,
  awsSecurityHub,
  awsInspector,
  awsS3PublicAccessBlock,
  awsS3KmsEncryption,
  awsKmsRotation,
  awsAccountSeparation,
];
