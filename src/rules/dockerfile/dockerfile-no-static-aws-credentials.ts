import { isPlaceholder, isTemplate } from '../../core/credentials.js';
import type { Report, Rule } from '../../core/types.js';
import { dockerfileModelOf } from '../../inputs/dockerfile/resources.js';
import type { CopyInstruction } from '../../inputs/dockerfile/parse.js';
import { commandAssignments, commandSites, declaredPairs, pairPlace, stageLabel } from './support.js';

/** Environment variables the AWS SDKs and CLI read static credentials from. */
const CREDENTIAL_ENV = new Set(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ACCESS_KEY', 'AWS_SECRET_KEY']);

/** Keys of the shared credentials file and `aws configure set`, compared without case and separators. */
const CREDENTIAL_KEYS = new Set([...CREDENTIAL_ENV].map(normalizeKey));

function normalizeKey(key: string): string {
  return key.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}

/** A value that is really there: not empty, not a `$VAR` reference, not a documentation stand-in. */
function isLiteral(value: string): boolean {
  const v = value.trim();
  return v !== '' && !v.includes('$') && !isPlaceholder(v);
}

const CREDENTIALS_FILE = /(?:^|\/)\.aws\/credentials$/;
const AWS_DIRECTORY = /(?:^|\/)\.aws\/?$/;

/** COPY/ADD of the AWS shared credentials file, or of a whole ~/.aws directory. */
function copiesCredentials(copy: CopyInstruction): boolean {
  const sources = copy.sources.map((s) => s.trim());
  if (sources.some((s) => CREDENTIALS_FILE.test(s) || AWS_DIRECTORY.test(s))) return true;
  const destination = copy.destination?.trim() ?? '';
  if (CREDENTIALS_FILE.test(destination)) return true;
  // Into ~/.aws/: anything but the (key-free) config file.
  return AWS_DIRECTORY.test(destination) && sources.some((s) => !/(?:^|\/)config$/.test(s));
}

/** `aws configure set aws_secret_access_key <literal>` or `AWS_ACCESS_KEY_ID=<literal>` in a command. */
function commandCredential(words: readonly string[]): string | undefined {
  for (let i = 0; i + 4 < words.length; i++) {
    if (words[i] === 'aws' && words[i + 1] === 'configure' && words[i + 2] === 'set') {
      const key = words[i + 3].replace(/^.*\./, '');
      if (CREDENTIAL_KEYS.has(normalizeKey(key)) && isLiteral(words[i + 4])) return key;
    }
  }
  for (const { key, value } of commandAssignments(words)) {
    if (CREDENTIAL_KEYS.has(normalizeKey(key)) && isLiteral(value)) return key;
  }
  return undefined;
}

export const dockerfileNoStaticAwsCredentials: Rule = {
  id: 'dockerfile-no-static-aws-credentials',
  practice: 'IAM-ROLES-NOT-KEYS',
  severity: 'critical',
  title: 'Images carry no static AWS credentials',
  rationale:
    'An access key in ENV, in a build argument or in a copied ~/.aws/credentials file is in the image (configuration, history or a layer) for everyone who can pull it, and in Git with the Dockerfile. Access keys do not expire on their own, so a leaked one works from anywhere until it is found and rotated. On EKS the pod gets short-lived credentials for its own role from IRSA or Pod Identity, and the build gets them from CI OIDC federation.',
  remediation:
    'Remove the AWS_* variables and the credentials file, deactivate the access key, and let the SDK find the role: annotate the ServiceAccount with `eks.amazonaws.com/role-arn` (IRSA) or use an EKS Pod Identity association. When the build itself needs AWS (private artifacts in S3 or CodeArtifact), mount short-lived credentials for that step only: `RUN --mount=type=secret,id=aws,target=/root/.aws/credentials …`.',
  inputs: ['dockerfile'],
  *check(resource): Iterable<Report> {
    const model = dockerfileModelOf(resource);
    if (!model) return;
    for (const declared of declaredPairs(model)) {
      const { pair, instruction, path } = declared;
      if (!CREDENTIAL_ENV.has(pair.key) || pair.value === null) continue;
      const value = pair.value.trim();
      const where = `${instruction} ${pair.key} ${pairPlace(model, declared)}`;
      if (isLiteral(value)) {
        yield { path, message: `${where} sets a static AWS credential: remove it and use an IAM role (IRSA or EKS Pod Identity)` };
      } else if (instruction === 'ENV' && value.includes('$') && isTemplate(value)) {
        yield {
          path,
          severity: 'high',
          message: `${where} copies a build-time AWS credential into the image configuration, so the image runs on a static key: remove it and use an IAM role (IRSA or EKS Pod Identity)`,
        };
      }
    }
    for (const [s, stage] of model.stages.entries()) {
      for (const [i, copy] of stage.copy.entries()) {
        if (!copiesCredentials(copy)) continue;
        yield {
          path: ['stages', s, 'copy', i],
          message: `${copy.instruction} in ${stageLabel(model, s)} puts an AWS shared credentials file into the image: remove it and use an IAM role (IRSA or EKS Pod Identity)`,
        };
      }
    }
    for (const site of commandSites(model)) {
      const key = commandCredential(site.words);
      if (key === undefined) continue;
      yield {
        path: site.path,
        message: `${site.instruction} in ${stageLabel(model, site.stage)} sets ${key} to a literal value: remove it and use an IAM role (CI OIDC federation for builds, IRSA at run time)`,
      };
    }
  },
};
