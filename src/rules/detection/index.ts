import type { Rule } from '../../core/types.js';
import { accessAnalyzerEnabled } from './access-analyzer-enabled.js';
import { accountSeparation } from './account-separation.js';
import { cloudtrailEnabled } from './cloudtrail-enabled.js';
import { guarddutyEnabled } from './guardduty-enabled.js';
import { iamUsersMfa } from './iam-users-mfa.js';
import { inspectorEnabled } from './inspector-enabled.js';
import { passwordPolicy } from './password-policy.js';
import { securityHubEnabled } from './security-hub-enabled.js';
import { vpcFlowLogs } from './vpc-flow-logs.js';

export const detectionRules: Rule[] = [
  guarddutyEnabled,
  securityHubEnabled,
  cloudtrailEnabled,
  inspectorEnabled,
  accessAnalyzerEnabled,
  passwordPolicy,
  vpcFlowLogs,
  iamUsersMfa,
  accountSeparation,
];
