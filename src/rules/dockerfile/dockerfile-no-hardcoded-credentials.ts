import {
  describeCredentialType,
  detectCredentialValue,
  isPlausibleSecretValue,
  isSecretAssignment,
  isSecretLikeKey,
  keyWords,
  safeName,
  type CredentialDetection,
} from '../../core/credentials.js';
import type { Report, Rule, Severity } from '../../core/types.js';
import { dockerfileModelOf } from '../../inputs/dockerfile/resources.js';
import { commandAssignments, commandSites, declaredPairs, pairPlace, stageLabel } from './support.js';

const ADVICE = 'revoke it, keep it in AWS Secrets Manager and pass it to the build with `RUN --mount=type=secret`';
const RUNTIME_ADVICE = 'revoke it, keep it in AWS Secrets Manager and mount it at run time as a secret file';

/** Last words of a command-line flag that take a secret as the next word (`--password x`, `--api-key x`). */
const SECRET_FLAG_WORDS = new Set(['password', 'passwd', 'pass', 'pwd', 'token', 'secret', 'apikey', 'credential', 'credentials']);

function severityOf(detection: CredentialDetection): Severity {
  return detection.confidence === 'high' ? 'critical' : 'high';
}

function isSecretFlag(word: string): boolean {
  if (!/^--?[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(word)) return false;
  const words = keyWords(word);
  const last = words[words.length - 1];
  const pair = words.slice(-2).join(' ');
  return isSecretLikeKey(word) && last !== undefined && (SECRET_FLAG_WORDS.has(last) || pair === 'api key' || pair === 'access key');
}

interface Hit {
  detection?: CredentialDetection;
  /** The key or flag that holds a plausible secret, when no shape was found. */
  key?: string;
}

/** The strongest credential in a command: shapes anywhere, values under telling keys, and `--password <literal>`. */
function commandHit(text: string, words: readonly string[]): Hit | undefined {
  let detection = detectCredentialValue(text, { generic: false });
  if (detection?.confidence === 'high') return { detection };
  let keyed: string | undefined;
  for (const { key, value } of commandAssignments(words)) {
    const found = detectCredentialValue(value, { key });
    if (found && (!detection || found.confidence === 'high')) detection = found;
    if (detection?.confidence === 'high') return { detection };
    if (!found && keyed === undefined && isSecretAssignment(key, value)) keyed = key.replace(/^-+/, '');
  }
  for (let i = 0; i + 1 < words.length && keyed === undefined; i++) {
    const next = words[i + 1];
    if (isSecretFlag(words[i]) && !next.startsWith('-') && isPlausibleSecretValue(next, words[i])) keyed = words[i].replace(/^-+/, '');
  }
  if (detection) return { detection };
  return keyed === undefined ? undefined : { key: keyed };
}

export const dockerfileNoHardcodedCredentials: Rule = {
  id: 'dockerfile-no-hardcoded-credentials',
  practice: 'SEC-NO-HARDCODED-CREDENTIALS',
  severity: 'critical',
  title: 'Dockerfiles hold no hardcoded credentials',
  rationale:
    'A token in a RUN line, a URL with a password in ADD, or an access key in ENV is committed to Git with the Dockerfile and baked into the image history, where everyone who can read the repository or pull the image (and every CI log of the build) has it. It keeps working until someone notices and rotates it.',
  remediation:
    'Delete the credential from the Dockerfile and revoke it. Pass build-time credentials as BuildKit secrets (`RUN --mount=type=secret,id=git_token,env=GIT_TOKEN go mod download`, built with `--secret id=git_token,env=GIT_TOKEN`); give the running service its secrets from AWS Secrets Manager through a mounted Kubernetes Secret.',
  inputs: ['dockerfile'],
  *check(resource): Iterable<Report> {
    const model = dockerfileModelOf(resource);
    if (!model) return;
    // ENV/ARG: only high-confidence shapes here; the rest is dockerfile-no-secrets-in-env's judgement.
    for (const declared of declaredPairs(model)) {
      const { pair, instruction, path } = declared;
      if (pair.value === null) continue;
      const detection = detectCredentialValue(pair.value, { key: pair.key });
      if (detection?.confidence !== 'high') continue;
      yield {
        path,
        severity: 'critical',
        message: `${instruction} ${safeName(pair.key)} ${pairPlace(model, declared)} holds a hardcoded ${describeCredentialType(detection.type)}: ${instruction === 'ENV' ? RUNTIME_ADVICE : ADVICE}`,
      };
    }
    for (const site of commandSites(model)) {
      const hit = commandHit(site.text, site.words);
      if (!hit) continue;
      const where = `${site.instruction} in ${stageLabel(model, site.stage)}`;
      const advice = site.instruction === 'RUN' ? ADVICE : RUNTIME_ADVICE;
      if (hit.detection) {
        yield { path: site.path, severity: severityOf(hit.detection), message: `${where} contains a hardcoded ${describeCredentialType(hit.detection.type)}: ${advice}` };
      } else {
        yield { path: site.path, severity: 'high', message: `${where} passes a literal value as ${safeName(hit.key ?? '')}, which looks like a secret: ${advice}` };
      }
    }
    for (const [s, stage] of model.stages.entries()) {
      for (const [i, copy] of stage.copy.entries()) {
        for (const source of copy.sources) {
          const detection = detectCredentialValue(source, { generic: false });
          if (!detection) continue;
          yield {
            path: ['stages', s, 'copy', i],
            severity: severityOf(detection),
            message: `${copy.instruction} in ${stageLabel(model, s)} fetches a source with a hardcoded ${describeCredentialType(detection.type)}: ${ADVICE}`,
          };
          break;
        }
      }
    }
  },
};
