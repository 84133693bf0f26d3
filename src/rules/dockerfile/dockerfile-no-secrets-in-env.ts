import { describeCredentialType, detectCredentialValue, isPlaceholder, isSecretAssignment, isSecretLikeKey, isTemplate, safeName } from '../../core/credentials.js';
import type { Report, Rule } from '../../core/types.js';
import { dockerfileModelOf } from '../../inputs/dockerfile/resources.js';
import { declaredPairs, pairPlace } from './support.js';

const BUILD_SECRET = 'pass it with `RUN --mount=type=secret` instead';
const RUNTIME_SECRET = 'deliver it at run time as a mounted secret file instead';

export const dockerfileNoSecretsInEnv: Rule = {
  id: 'dockerfile-no-secrets-in-env',
  practice: 'SEC-NOT-IN-ENV',
  severity: 'high',
  title: 'Dockerfiles put no secrets in ENV or ARG',
  rationale:
    'ENV values are stored in the image configuration: anyone who can pull the image reads them with `docker inspect`, and every container started from it exposes them in its environment, crash dumps and child processes. ARG values are recorded in the image history (`docker history`) of every layer built after them, and build-arg secrets end up in CI logs and build caches.',
  remediation:
    'Remove the secret from the Dockerfile. For build-time secrets (registry tokens, private module credentials) use BuildKit secrets: `RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci` with `docker build --secret id=npm_token,env=NPM_TOKEN`. For run-time secrets, mount a Kubernetes Secret (synced from AWS Secrets Manager) as a file and point the application at it (`DB_PASSWORD_FILE=/etc/secrets/db/password`).',
  inputs: ['dockerfile'],
  *check(resource): Iterable<Report> {
    const model = dockerfileModelOf(resource);
    if (!model) return;
    const globalArgs = new Set(model.globalArgs.map((a) => a.key));
    for (const declared of declaredPairs(model)) {
      const { pair, instruction, path } = declared;
      const name = safeName(pair.key);
      const where = `${instruction} ${name} ${pairPlace(model, declared)}`;
      const advice = instruction === 'ARG' ? BUILD_SECRET : RUNTIME_SECRET;
      const value = pair.value?.trim() ?? '';
      if (value !== '' && !isPlaceholder(value)) {
        const detection = detectCredentialValue(value, { key: pair.key });
        if (detection) {
          yield { path, message: `${where} holds a literal ${describeCredentialType(detection.type)}: ${advice}` };
        } else if (isSecretAssignment(pair.key, value)) {
          yield { path, message: `${where} looks like a secret and has a literal value: ${advice}` };
        }
        continue;
      }
      if (!isSecretLikeKey(pair.key)) continue;
      if (instruction === 'ARG') {
        // `ARG NAME` in a stage only brings a global ARG into scope; that one is reported.
        if (declared.stage !== null && globalArgs.has(pair.key)) continue;
        yield {
          path,
          severity: 'medium',
          message: `${where} takes a secret as a build argument, and build args are recorded in the image history: use \`RUN --mount=type=secret\` instead`,
        };
      } else if (value !== '' && isTemplate(value) && value.includes('$')) {
        yield {
          path,
          severity: 'medium',
          message: `${where} copies a build-time value into the image configuration, where anyone who can pull the image reads it: ${RUNTIME_SECRET}`,
        };
      }
    }
  },
};
