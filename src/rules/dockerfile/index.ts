import type { Rule } from '../../core/types.js';
import { dockerfileBaseImageDigest } from './dockerfile-base-image-digest.js';
import { dockerfileMinimalBase } from './dockerfile-minimal-base.js';
import { dockerfileNoHardcodedCredentials } from './dockerfile-no-hardcoded-credentials.js';
import { dockerfileNoSecretsInEnv } from './dockerfile-no-secrets-in-env.js';
import { dockerfileNoStaticAwsCredentials } from './dockerfile-no-static-aws-credentials.js';
import { dockerfileNonRootUser } from './dockerfile-non-root-user.js';

export const dockerfileRules: Rule[] = [
  dockerfileBaseImageDigest,
  dockerfileNonRootUser,
  dockerfileMinimalBase,
  dockerfileNoSecretsInEnv,
  dockerfileNoHardcodedCredentials,
  dockerfileNoStaticAwsCredentials,
];
