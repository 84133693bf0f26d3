import type { Rule } from '../../core/types.js';
import { externalSecretRefresh } from './external-secret-refresh.js';
import { iacNoHardcodedCredentials } from './iac-no-hardcoded-credentials.js';
import { iacNoIamUserKeys } from './iac-no-iam-user-keys.js';
import { noHardcodedCredentials } from './no-hardcoded-credentials.js';
import { noSecretsInConfigmap } from './no-secrets-in-configmap.js';
import { noSecretsInEnv } from './no-secrets-in-env.js';
import { secretsFromExternalStore } from './secrets-from-external-store.js';
import { secretsmanagerRotation } from './secretsmanager-rotation.js';

export const secretsRules: Rule[] = [secretsFromExternalStore, noSecretsInConfigmap, noSecretsInEnv, noHardcodedCredentials, externalSecretRefresh, secretsmanagerRotation, iacNoHardcodedCredentials, iacNoIamUserKeys];
