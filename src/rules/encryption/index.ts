import type { Rule } from '../../core/types.js';
import { eksSecretsEncrypted } from './eks-secrets-encrypted.js';
import { elasticacheEncrypted } from './elasticache-encrypted.js';
import { kmsKeyRotation } from './kms-key-rotation.js';
import { logGroupEncrypted } from './log-group-encrypted.js';
import { s3BucketEncrypted } from './s3-bucket-encrypted.js';
import { s3PublicAccessBlocked } from './s3-public-access-blocked.js';

export const encryptionRules: Rule[] = [s3BucketEncrypted, s3PublicAccessBlocked, elasticacheEncrypted, logGroupEncrypted, kmsKeyRotation, eksSecretsEncrypted];
