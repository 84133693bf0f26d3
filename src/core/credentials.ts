// Credential detection shared by every input that can hold a literal value
// (Kubernetes manifests today; Dockerfile ENV and Terraform literals later).
//
// Three questions, answered without I/O and in time linear in the input:
//  - detectCredentialValue: does this string look like a credential by its
//    shape (vendor token formats, private keys, URLs with passwords, JWTs,
//    high-entropy strings)?
//  - isSecretLikeKey: does this key name hold a secret (DB_PASSWORD, apiKey),
//    as opposed to metadata about one (TOKEN_TTL, SECRET_NAME, PASSWORD_FILE)?
//  - isPlaceholder / isPlausibleSecretValue: is the value a template,
//    redaction or reference to a secret store rather than a secret?
//
// Callers must never print the value they pass in: only the type label.

export type CredentialConfidence = 'high' | 'medium';

export interface CredentialDetection {
  /** Stable kebab-case type, e.g. `aws-access-key-id`. */
  type: string;
  confidence: CredentialConfidence;
}

export interface DetectionContext {
  /** Name of the key (env var, map key, property) the value is assigned to. */
  key?: string;
  /**
   * Whether a random-looking token with no known shape counts (default true).
   * Turn it off for data that is random by nature, such as binary files.
   */
  generic?: boolean;
}

/** Strings longer than this are only scanned up to this length. */
export const MAX_SCAN_LENGTH = 64 * 1024;
/** Key names longer than this are not considered. */
const MAX_KEY_LENGTH = 256;

const LABELS: Record<string, string> = {
  'private-key': 'private key',
  'aws-access-key-id': 'AWS access key id',
  'aws-secret-access-key': 'AWS secret access key',
  'github-token': 'GitHub token',
  'gitlab-token': 'GitLab token',
  'slack-token': 'Slack token',
  'slack-webhook': 'Slack webhook URL',
  'stripe-key': 'Stripe secret key',
  'google-api-key': 'Google API key',
  'sendgrid-key': 'SendGrid API key',
  'twilio-key': 'Twilio credential',
  'pagerduty-key': 'PagerDuty key',
  'npm-token': 'npm token',
  'openai-key': 'OpenAI API key',
  'anthropic-key': 'Anthropic API key',
  jwt: 'JSON Web Token',
  'bearer-token': 'bearer token',
  'basic-auth-header': 'basic-auth header',
  'url-credentials': 'URL with embedded password',
  'database-connection-string': 'database connection string with a password',
  'connection-string-password': 'connection string with a password',
  'docker-registry-auth': 'container registry credential',
  'azure-storage-key': 'Azure storage account key',
  'generic-high-entropy': 'high-entropy secret',
};

/** A human label for a detection type, safe to put in a message. */
export function describeCredentialType(type: string): string {
  const base = type.endsWith('-base64') ? type.slice(0, -'-base64'.length) : type;
  const label = LABELS[base] ?? base.replace(/-/g, ' ');
  return base === type ? label : `base64-encoded ${label}`;
}

// ---------------------------------------------------------------------------
// Entropy and character classes

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  const n = [...value].length;
  for (const count of counts.values()) {
    const p = count / n;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

const HEX = /^[0-9a-fA-F]+$/;
const BASE64ISH = /^[A-Za-z0-9+/_-]+={0,2}$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function charClass(ch: string): number {
  if (ch >= 'A' && ch <= 'Z') return 0;
  if (ch >= 'a' && ch <= 'z') return 1;
  if (ch >= '0' && ch <= '9') return 2;
  return 3;
}

/** Runs of same-class characters (upper, lower, digit, other) per character. */
export function classSwitchRate(value: string): number {
  if (value.length === 0) return 0;
  let runs = 1;
  for (let i = 1; i < value.length; i++) if (charClass(value[i]) !== charClass(value[i - 1])) runs++;
  return runs / value.length;
}

/**
 * Share of characters in word-like runs (`Routing`, `latency`: a capital or
 * not, then 2+ lowercase letters with a vowel). CamelCase identifiers score
 * 0.7 and more; random base62 tokens rarely exceed 0.5.
 */
export function wordLikeFraction(value: string): number {
  if (value.length === 0) return 0;
  let chars = 0;
  for (const match of value.matchAll(/[A-Z]?[a-z]{2,}/g)) if (/[aeiou]/.test(match[0])) chars += match[0].length;
  return chars / value.length;
}

function classes(value: string): { upper: boolean; lower: boolean; digit: boolean } {
  return { upper: /[A-Z]/.test(value), lower: /[a-z]/.test(value), digit: /[0-9]/.test(value) };
}

// ---------------------------------------------------------------------------
// Base64 helpers

const STRICT_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Decodes standard base64 (whitespace allowed) or returns undefined. */
export function decodeBase64(value: string): Buffer | undefined {
  const compact = value.length > MAX_SCAN_LENGTH * 2 ? value.slice(0, MAX_SCAN_LENGTH * 2) : value;
  const text = compact.replace(/\s+/g, '');
  if (text.length === 0 || text.length % 4 !== 0 || !STRICT_BASE64.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}

function decodeBase64Url(value: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(value)) return undefined;
  return Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
}

/** True when the bytes are (almost all) printable text. */
export function isPrintableText(bytes: Buffer): boolean {
  if (bytes.length === 0) return false;
  let printable = 0;
  const n = Math.min(bytes.length, 4096);
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if ((b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d || b >= 0x80) printable++;
  }
  // A UTF-8 decode must also succeed without replacement characters (a cut-off last character aside).
  if (printable / n < 0.97) return false;
  return !bytes.subarray(0, n).toString('utf8').replace(/\uFFFD{1,3}$/, '').includes('\uFFFD');
}

// ---------------------------------------------------------------------------
// Key names

/** Words that mark a key as holding a secret. */
const SECRET_WORDS = new Set([
  'password', 'passwd', 'pwd', 'pass', 'passphrase', 'secret', 'secrets', 'token', 'tokens', 'apikey', 'apitoken',
  'credential', 'credentials', 'creds', 'privatekey', 'secretkey', 'accesskey', 'clientsecret', 'authtoken',
  'accesstoken', 'refreshtoken', 'bearer', 'auth', 'authorization', 'htpasswd', 'pgpass', 'requirepass', 'masterauth',
  'connectionstring', 'connstr', 'keystore', 'keytab', 'netrc',
]);

/** Two-word phrases that mark a key as holding a secret (`api_key`, `PRIVATE_KEY`). */
const SECRET_PAIRS = new Set([
  'api key', 'api keys', 'access key', 'private key', 'secret key', 'signing key', 'encryption key', 'master key', 'hmac key',
  'shared key', 'account key', 'ssh key', 'deploy key', 'session key', 'app key', 'client key', 'license key',
  'connection string', 'conn str', 'sas key', 'storage key', 'service key', 'integration key',
]);

/** Concatenated words that end a key such as `dbpassword` or `githubtoken`. */
const SECRET_SUFFIXES = ['password', 'passwd', 'secret', 'token', 'apikey', 'accesskey', 'secretkey', 'privatekey'];

/**
 * Words that, after the secret word, turn the key into metadata about a secret
 * (TOKEN_TTL, PASSWORD_MIN_LENGTH, SECRET_NAME, CLIENT_SECRET_FILE, SECRET_ARN).
 */
const QUALIFIERS = new Set([
  'ttl', 'expiry', 'expiration', 'expires', 'expire', 'lifetime', 'timeout', 'age', 'duration', 'interval', 'period',
  'rotation', 'days', 'hours', 'seconds', 'minutes', 'length', 'len', 'min', 'max', 'minlength', 'maxlength', 'size',
  'count', 'retries', 'attempts', 'limit', 'name', 'names', 'file', 'files', 'filename', 'path', 'paths', 'dir',
  'directory', 'location', 'mount', 'volume', 'arn', 'id', 'ids', 'ref', 'refs', 'reference', 'selector',
  'url', 'uri', 'endpoint', 'host', 'hostname', 'port', 'address', 'header', 'prefix', 'type', 'mode', 'kind',
  'class', 'enabled', 'enable', 'disabled', 'disable', 'required', 'require', 'policy', 'policies', 'regex',
  'pattern', 'format', 'algorithm', 'alg', 'version', 'provider', 'store', 'manager', 'namespace', 'field', 'env',
  'var', 'template', 'method', 'methods', 'backend', 'service', 'server', 'strategy', 'scheme', 'plugin',
  'mechanism', 'source', 'db', 'database', 'realm', 'domain', 'issuer', 'audience', 'scope', 'scopes', 'callback',
  'redirect', 'generator', 'hash', 'hashed', 'digest', 'checksum', 'sha', 'sha256', 'fingerprint',
  'description', 'label', 'labels', 'annotation', 'annotations', 'owner', 'user', 'username', 'login', 'email',
  'enforce', 'strength', 'complexity', 'reset', 'change', 'changed', 'updated', 'created', 'history', 'hint',
  'placeholder', 'example', 'input', 'prompt', 'config', 'configuration', 'settings', 'params', 'parameters',
  'keys', 'list', 'map', 'cache', 'encoding', 'charset', 'separator', 'delimiter', 'command',
  'cmd', 'script', 'handler', 'validator', 'validation', 'check', 'verify', 'verification', 'status', 'state',
  'used', 'usage', 'exchange', 'introspection', 'revocation', 'lookup', 'param', 'query', 'resolver',
]);

/** Words before the secret word that turn it into something public or a pointer. */
const LEADING_QUALIFIERS = new Set(['public', 'existing', 'no', 'skip', 'without', 'allow', 'use', 'is', 'has', 'show', 'hide', 'forgot', 'forgotten', 'reset']);

const KEY_WORDS_MEMO_LIMIT = 4096;
const keyWordsMemo = new Map<string, readonly string[]>();

/**
 * Splits a key into lowercase words on separators and camelCase boundaries.
 * Memoized (bounded): the same keys recur in every object a scan or an
 * admission review reads, and splitting them dominated the credential checks.
 */
export function keyWords(name: string): readonly string[] {
  const known = keyWordsMemo.get(name);
  if (known) return known;
  const spaced = name
    .slice(0, MAX_KEY_LENGTH)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2');
  const words = Object.freeze(
    spaced
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 0),
  );
  if (name.length <= MAX_KEY_LENGTH) {
    if (keyWordsMemo.size >= KEY_WORDS_MEMO_LIMIT) keyWordsMemo.clear();
    keyWordsMemo.set(name, words);
  }
  return words;
}

/** Secret words that count only as the last word (`basic_auth`, `REDIS_AUTH`), not in `auth_request` or `auth_basic`. */
const LAST_WORD_ONLY = new Set(['auth', 'authorization', 'bearer']);

function secretWordAt(words: readonly string[], i: number): number {
  const word = words[i];
  const next = words[i + 1];
  if (next !== undefined && SECRET_PAIRS.has(`${word} ${next}`)) return 2;
  if (LAST_WORD_ONLY.has(word) && i !== words.length - 1) return 0;
  if (SECRET_WORDS.has(word)) return 1;
  if (word.length > 8 && SECRET_SUFFIXES.some((s) => word.endsWith(s))) return 1;
  return 0;
}

/**
 * True when a key name says it holds a secret value: `password`, `DB_PASSWORD`,
 * `spring.datasource.password`, `apiKey`, `client-secret`, `AWS_SECRET_ACCESS_KEY`.
 * False for metadata about a secret: `TOKEN_TTL`, `PASSWORD_MIN_LENGTH`,
 * `SECRET_NAME`, `DB_PASSWORD_FILE`, `..._PATH`, `..._ARN`, `..._ID`, `secretKeyRef`.
 */
export function isSecretLikeKey(name: string): boolean {
  if (name.length === 0 || name.length > MAX_KEY_LENGTH) return false;
  const words = keyWords(name);
  let last = -1;
  let lastEnd = -1;
  for (let i = 0; i < words.length; i++) {
    const span = secretWordAt(words, i);
    if (span > 0) {
      last = i;
      lastEnd = i + span;
      i += span - 1;
    }
  }
  if (last < 0) return false;
  for (let i = lastEnd; i < words.length; i++) {
    if (QUALIFIERS.has(words[i])) return false;
  }
  if (last > 0 && LEADING_QUALIFIERS.has(words[last - 1])) return false;
  // An "SSH key" setting names a key pair or holds a public key (ec2_ssh_key);
  // a private key is caught by its PEM shape instead.
  const span = words.slice(last, lastEnd).join(' ');
  if (span === 'ssh key' || (span === 'key' && words[last - 1] === 'ssh')) return false;
  return true;
}

// ---------------------------------------------------------------------------
// Placeholders and references

const PLACEHOLDER_WORDS = new Set([
  'redacted', 'replace_me', 'replaceme', 'replace-me', 'placeholder', 'todo', 'tbd', 'fixme', 'none', 'null', 'nil',
  'undefined', 'n/a', 'na', '-', '~', 'example', 'sample', 'dummy', 'fake', 'notset', 'not-set', 'not_set', 'unset',
  'hidden', 'masked', 'omitted', 'secret-ref', 'set-me', 'set_me', 'setme', 'fill-me', 'fill_me', 'fillme',
]);

const REFERENCE_PREFIXES = [
  'vault:', 'vault://', 'ref+', 'arn:aws:secretsmanager:', 'arn:aws-us-gov:secretsmanager:', 'arn:aws-cn:secretsmanager:',
  'arn:aws:ssm:', 'arn:aws-us-gov:ssm:', 'arn:aws-cn:ssm:', 'arn:aws:kms:', 'ssm:', 'ssm://', 'secretsmanager:',
  'aws-secretsmanager:', 'awssm:', 'awsssm:', 'sm://', 'op://', 'gcp:secretmanager:', 'gcpsm://', 'akv://',
  'azurekeyvault:', 'keyvault:', 'secret://', 'k8s-secret://', 'env:', 'file:', 'sops:', 'bws://', 'doppler://',
];

/**
 * True when a value is (or contains) a template expression that a tool fills
 * in at deploy time: `${VAR}`, `$VAR`, `$(VAR)`, `{{ .Values.x }}`, `#{x}`,
 * `%(x)s`, `%X%`, `@x@`, `__X__`.
 */
export function isTemplate(value: string): boolean {
  const v = value.trim();
  if (v.length === 0 || v.length > MAX_SCAN_LENGTH) return false;
  if (hasTemplate(v, '${', '}') || hasTemplate(v, '{{', '}}') || hasTemplate(v, '#{', '}')) return true;
  if (/^\$[A-Za-z_][A-Za-z0-9_]*$/.test(v) || /^\$\([A-Za-z_][\w.[\]'"-]{0,255}\)$/.test(v)) return true; // $VAR, $(VAR), $(params.x)
  if (/\$__(?:file|env|vault)\{/.test(v)) return true; // Grafana $__file{...}
  if (/^%\([A-Za-z_][\w.-]*\)s$/.test(v) || /^%[A-Za-z_][\w.-]*%$/.test(v) || /^@[A-Za-z_][\w.-]*@$/.test(v)) return true;
  return /^__[A-Za-z0-9_.-]+__$/.test(v);
}

/**
 * True when a value is not a secret but a stand-in for one: empty, a template
 * (`${VAR}`, `$(VAR)`, `{{ .Values.x }}`, `#{x}`, `%(x)s`, `@x@`, `__X__`), a
 * redaction (`<redacted>`, `****`, `xxx`, `REPLACE_ME`, `YOUR_API_KEY`), an
 * encrypted value (`ENC(...)`), or a reference into a secret store (`vault:`,
 * `arn:aws:secretsmanager:`, `ssm:`, `ref+vault://`, `op://`). Note that a
 * weak default such as `changeme` is NOT a placeholder: it is a finding.
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (v.length > MAX_SCAN_LENGTH) return false;
  const lower = v.toLowerCase();
  if (PLACEHOLDER_WORDS.has(lower)) return true;
  if (isTemplate(v)) return true;
  if (/^<[^<>]{0,128}>$/.test(v) || /^\[[A-Za-z _-]{1,64}\]$/.test(v)) return true; // <redacted>, <your-token>, [REDACTED]
  if (/^(?:enc|encrypted|cipher|aes|kms)\(.{0,8192}\)$/i.test(v)) return true; // jasypt ENC(...) and friends
  if (/^ENC\[[A-Z0-9_]{1,32},data:/.test(v)) return true; // SOPS-encrypted value
  if (/^[x*.#•_-]{3,}$/i.test(v)) return true; // xxx, ****, ...
  if (/^(?:your|insert|enter|put|paste)[-_ ]?[a-z0-9_ -]{0,60}$/i.test(v)) return true; // YOUR_API_KEY
  if (/^[a-z0-9_ -]{0,64}[-_ ]here$/i.test(v)) return true; // token-goes-here
  if (/^(?:AKIA|ASIA)[A-Z0-9]{0,16}EXAMPLE$/.test(v) || /EXAMPLEKEY$/.test(v)) return true; // AWS documentation keys
  if (REFERENCE_PREFIXES.some((p) => lower.startsWith(p))) return true;
  if (/^projects\/[^/\s]+\/secrets\/[^/\s]+/.test(v)) return true; // GCP Secret Manager resource name
  if (/^https:\/\/[a-z0-9-]+\.vault\.azure\.net\/secrets\//i.test(v)) return true; // Azure Key Vault secret URI
  return false;
}

/** True when `open` occurs and `close` follows it (a template expression). */
function hasTemplate(value: string, open: string, close: string): boolean {
  const start = value.indexOf(open);
  return start >= 0 && value.indexOf(close, start + open.length) > start;
}

/** Boolean-ish and empty-ish values that no secret key really holds. */
const NON_SECRET_LITERALS = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'enabled', 'disabled', 'required', 'optional', '0', '1']);

const REFERENCE_NOUNS = new Set(['secret', 'secrets', 'credentials', 'creds']);
const REFERENCE_HOLDERS = new Set(['tls', 'ca', 'cert', 'certificate', 'key', 'keys', 'ssh', 'basic', 'registry', 'pull', 'config', 'env']);

/**
 * True when a value assigned to a secret-like key plausibly is the secret
 * itself: not a placeholder, not a boolean, not a file path, not a URL without
 * credentials, and not the name of a Kubernetes Secret when the key says
 * `...Secret` (`passwordSecret: db-credentials`).
 */
export function isPlausibleSecretValue(value: string, key?: string): boolean {
  const v = value.trim();
  if (isPlaceholder(v)) return false;
  if (NON_SECRET_LITERALS.has(v.toLowerCase())) return false;
  if (v.length > MAX_SCAN_LENGTH) return true;
  // Prose (`the password for basic auth`), as in descriptions and comments.
  if (v.split(/\s+/).length >= 3) return false;
  // File paths: /run/secrets/db, ./token, ~/.netrc.
  if (/^(?:\/|\.\.?\/|~\/)[^\s]*$/.test(v) && (v.match(/\//g)?.length ?? 0) >= 1 && !/^\/\//.test(v)) return false;
  // URLs carry a secret only in userinfo or query, which the shape detector checks.
  if (/^[a-z][a-z0-9+.-]{1,20}:\/\//i.test(v) && detectCredentialValue(v) === undefined) return false;
  if (key && /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(v)) {
    // `passwordSecret: db-credentials`, `tls-secret: routing-tls`: the name of a Secret object, not a value.
    // (`SESSION_SECRET` and `clientSecret` hold values: the word before `secret` must say what the Secret holds.)
    const words = keyWords(key);
    const last = words[words.length - 1];
    const before = words[words.length - 2];
    if (REFERENCE_NOUNS.has(last) && before !== undefined && (SECRET_WORDS.has(before) || REFERENCE_HOLDERS.has(before))) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Shapes

interface ShapePattern {
  type: string;
  confidence: CredentialConfidence;
  /** Global regex; must be linear (bounded quantifiers, literal prefixes). */
  regex: RegExp;
  /** Literals of which the text must contain one for the regex to run (a cheap prefilter). */
  hints: readonly string[];
  /** Extra check on the match (e.g. JWT header decodes to JSON with alg); may refine the type. */
  accept?: (match: RegExpExecArray) => CredentialConfidence | CredentialDetection | undefined;
}

const NOT_ALNUM_BEFORE = '(?<![A-Za-z0-9])';
const NOT_ALNUM_AFTER = '(?![A-Za-z0-9])';

function rx(source: string, flags = 'g'): RegExp {
  return new RegExp(source, flags);
}

const SHAPES: readonly ShapePattern[] = [
  {
    type: 'private-key',
    hints: ['PRIVATE KEY'],
    confidence: 'high',
    regex: rx('-----BEGIN[ A-Z0-9]{0,40} PRIVATE KEY(?: BLOCK)?-----|-----BEGIN PRIVATE KEY-----'),
  },
  {
    type: 'aws-access-key-id',
    hints: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
    confidence: 'high',
    regex: rx(`${NOT_ALNUM_BEFORE}(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}${NOT_ALNUM_AFTER}`),
    accept: (m) => (/EXAMPLE/.test(m[0]) ? undefined : 'high'),
  },
  { type: 'github-token', hints: ['gh'], confidence: 'high', regex: rx(`${NOT_ALNUM_BEFORE}gh[pousr]_[A-Za-z0-9]{36,251}${NOT_ALNUM_AFTER}`) },
  { type: 'github-token', hints: ['github_pat_'], confidence: 'high', regex: rx(`${NOT_ALNUM_BEFORE}github_pat_[A-Za-z0-9_]{50,255}${NOT_ALNUM_AFTER}`) },
  { type: 'gitlab-token', hints: ['gl'], confidence: 'high', regex: rx(`${NOT_ALNUM_BEFORE}gl(?:pat|dt|rt|ptt|soat)-[A-Za-z0-9_-]{20,64}`) },
  { type: 'slack-token', hints: ['xox'], confidence: 'high', regex: rx(`${NOT_ALNUM_BEFORE}xox[abposr]-[A-Za-z0-9-]{10,250}`) },
  { type: 'slack-token', hints: ['xapp-'], confidence: 'high', regex: rx(`${NOT_ALNUM_BEFORE}xapp-[0-9]-[A-Za-z0-9-]{10,250}`) },
  {
    type: 'slack-webhook',
    hints: ['hooks.slack.com'],
    confidence: 'high',
    regex: rx('https://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9_]{6,20}/[A-Za-z0-9_]{6,20}/[A-Za-z0-9_]{16,64}'),
  },
  {
    type: 'stripe-key',
    hints: ['_live_', '_test_'],
    confidence: 'high',
    regex: rx(`${NOT_ALNUM_BEFORE}(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}${NOT_ALNUM_AFTER}`),
    accept: (m) => (m[0].includes('_test_') ? 'medium' : 'high'),
  },
  { type: 'google-api-key', hints: ['AIza'], confidence: 'high', regex: rx(`${NOT_ALNUM_BEFORE}AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])`) },
  { type: 'sendgrid-key', hints: ['SG.'], confidence: 'high', regex: rx(`${NOT_ALNUM_BEFORE}SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])`) },
  { type: 'twilio-key', hints: ['SK'], confidence: 'medium', regex: rx(`${NOT_ALNUM_BEFORE}SK[0-9a-f]{32}${NOT_ALNUM_AFTER}`) },
  { type: 'npm-token', hints: ['npm_'], confidence: 'high', regex: rx(`${NOT_ALNUM_BEFORE}npm_[A-Za-z0-9]{36}${NOT_ALNUM_AFTER}`) },
  { type: 'openai-key', hints: ['T3BlbkFJ'], confidence: 'high', regex: rx(`${NOT_ALNUM_BEFORE}sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{0,200}T3BlbkFJ[A-Za-z0-9_-]{10,200}`) },
  { type: 'anthropic-key', hints: ['sk-ant-'], confidence: 'high', regex: rx(`${NOT_ALNUM_BEFORE}sk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_-]{80,120}`) },
  {
    type: 'azure-storage-key',
    hints: ['AccountKey=', 'accountkey=', 'ACCOUNTKEY='],
    confidence: 'high',
    regex: rx('AccountKey=[A-Za-z0-9+/]{80,90}={0,2}', 'gi'),
  },
  {
    type: 'jwt',
    hints: ['.eyJ'],
    confidence: 'high',
    regex: rx(`${NOT_ALNUM_BEFORE}eyJ[A-Za-z0-9_-]{8,4096}\\.eyJ[A-Za-z0-9_-]{8,16384}\\.[A-Za-z0-9_-]{0,4096}`),
    accept: (m) => {
      const [header, , signature] = m[0].split('.');
      const decoded = decodeBase64Url(header);
      if (decoded === undefined) return undefined;
      try {
        const parsed: unknown = JSON.parse(decoded);
        if (typeof parsed !== 'object' || parsed === null || typeof (parsed as Record<string, unknown>).alg !== 'string') return undefined;
      } catch {
        return undefined;
      }
      return signature.length >= 16 ? 'high' : 'medium';
    },
  },
  {
    type: 'bearer-token',
    hints: ['Bearer'],
    confidence: 'medium',
    regex: rx('\\bBearer[ \\t]{1,8}([A-Za-z0-9._~+/-]{20,4096}=*)', 'g'),
    accept: (m) => (shannonEntropy(m[1]) >= 3.5 && !isPlaceholder(m[1]) ? 'medium' : undefined),
  },
  {
    type: 'basic-auth-header',
    hints: ['Basic'],
    confidence: 'high',
    regex: rx('\\bBasic[ \\t]{1,8}([A-Za-z0-9+/]{8,1024}={0,2})(?![A-Za-z0-9+/=])', 'g'),
    accept: (m) => {
      const bytes = decodeBase64(m[1]);
      if (!bytes || !isPrintableText(bytes)) return undefined;
      const text = bytes.toString('utf8');
      const colon = text.indexOf(':');
      return colon > 0 && colon < text.length - 1 && !isPlaceholder(text.slice(colon + 1)) ? 'high' : undefined;
    },
  },
  {
    type: 'docker-registry-auth',
    hints: ['"auth"'],
    confidence: 'high',
    regex: rx('"auth"[ \\t]{0,8}:[ \\t]{0,8}"([A-Za-z0-9+/]{4,2048}={0,2})"', 'g'),
    accept: (m) => {
      const bytes = decodeBase64(m[1]);
      if (!bytes || !isPrintableText(bytes)) return undefined;
      const text = bytes.toString('utf8');
      const colon = text.indexOf(':');
      return colon >= 0 && colon < text.length - 1 && !isPlaceholder(text.slice(colon + 1)) ? 'high' : undefined;
    },
  },
  {
    type: 'connection-string-password',
    hints: ['='],
    confidence: 'high',
    // ADO.NET / ODBC style: Server=...;User Id=...;Password=...;
    regex: rx('(?:^|[;"\'\\s])(?:password|pwd)[ \\t]{0,4}=[ \\t]{0,4}([^;"\'\\s]{1,256})', 'gi'),
    accept: (m) => {
      const full = m.input;
      // Only in something that looks like a connection string (other key=value; pairs).
      const hasPairs = /(?:server|host|data source|user id|uid|database|initial catalog|port)[ \t]{0,4}=/i.test(full.slice(0, 4096));
      if (!hasPairs || !full.includes(';')) return undefined;
      return isPlaceholder(m[1]) ? undefined : 'high';
    },
  },
  {
    type: 'database-connection-string',
    hints: ['='],
    confidence: 'high',
    // JDBC and URL query parameters: ...?user=app&password=...
    regex: rx('[?&;](?:password|pwd|passwd)=([^&;#\\s"\']{1,256})', 'gi'),
    accept: (m) => {
      const before = m.input.slice(Math.max(0, m.index - 2048), m.index);
      const schemes = [...before.matchAll(/([a-z][a-z0-9+.-]{1,20}):(?:[a-z0-9+.-]{1,20}:)?\/\//gi)];
      const scheme = schemes.length > 0 ? schemes[schemes.length - 1][1].toLowerCase() : undefined;
      if (scheme === undefined || isPlaceholder(decodeUriSafe(m[1]))) return undefined;
      const type = DATABASE_SCHEMES.has(scheme) || scheme === 'jdbc' ? 'database-connection-string' : 'url-credentials';
      return { type, confidence: 'high' };
    },
  },
];

const DATABASE_SCHEMES = new Set([
  'postgres', 'postgresql', 'mysql', 'mariadb', 'mongodb', 'mongodb+srv', 'redis', 'rediss', 'amqp', 'amqps',
  'mssql', 'sqlserver', 'oracle', 'cockroachdb', 'clickhouse', 'cassandra', 'neo4j', 'neo4j+s', 'bolt', 'memcached',
  'elasticsearch', 'couchbase', 'couchbases', 'nats', 'kafka', 'mqtt', 'mqtts', 'ldap', 'ldaps', 'sqlite',
]);

/** Passwords in URL userinfo that are documentation stand-ins, not secrets. */
const URL_PASSWORD_STANDINS = new Set(['password', 'pass', 'pwd', 'passwd', 'secret', 'pw']);

function decodeUriSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** `scheme://user:password@host`, found by a linear scan for `://`. */
function urlCredentials(text: string): CredentialDetection | undefined {
  let from = 0;
  let best: CredentialDetection | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const at = text.indexOf('://', from);
    if (at < 0) break;
    from = at + 3;
    // Scheme: letters, digits, + . - before ://, possibly after `jdbc:`.
    let s = at;
    while (s > 0 && s > at - 32 && /[A-Za-z0-9+.-]/.test(text[s - 1])) s--;
    const scheme = text.slice(s, at).toLowerCase();
    if (!/^[a-z][a-z0-9+.-]*$/.test(scheme)) continue;
    // Authority: up to the first / ? # whitespace quote or end, bounded.
    let e = from;
    const limit = Math.min(text.length, from + 1024);
    while (e < limit && !'/?#"\'`<> \t\r\n'.includes(text[e])) e++;
    const authority = text.slice(from, e);
    const atSign = authority.lastIndexOf('@');
    if (atSign <= 0) continue;
    const userinfo = authority.slice(0, atSign);
    const colon = userinfo.indexOf(':');
    if (colon < 0) continue;
    const password = decodeUriSafe(userinfo.slice(colon + 1));
    if (password.length === 0 || isPlaceholder(password) || /^\$/.test(password)) continue;
    const host = authority.slice(atSign + 1);
    if (host.length === 0) continue;
    const type = DATABASE_SCHEMES.has(scheme) || scheme.startsWith('jdbc') ? 'database-connection-string' : 'url-credentials';
    const confidence: CredentialConfidence = URL_PASSWORD_STANDINS.has(password.toLowerCase()) ? 'medium' : 'high';
    if (confidence === 'high') return { type, confidence };
    best ??= { type, confidence };
  }
  return best;
}

/** Key-context patterns: values that are credentials only under a telling key. */
function contextual(value: string, key: string | undefined): CredentialDetection | undefined {
  if (!key) return undefined;
  const words = keyWords(key);
  const joined = words.join(' ');
  const v = value.trim();
  const secretKey = isSecretLikeKey(key);
  // AWS secret access key: 40 chars of base64, under a key that says so.
  if (/^[A-Za-z0-9/+]{40}$/.test(v) && !HEX.test(v)) {
    const { upper, lower, digit } = classes(v);
    if (upper && lower && digit && (/\baws\b/.test(joined) || /secret access key|secret key|secretaccesskey/.test(joined))) {
      if (/EXAMPLEKEY$/.test(v)) return undefined;
      return { type: 'aws-secret-access-key', confidence: 'high' };
    }
  }
  if (/\btwilio\b/.test(joined) && /^[0-9a-f]{32}$/.test(v) && secretKey) return { type: 'twilio-key', confidence: 'high' };
  if (/\bpagerduty\b|\bpd\b/.test(joined) || /\b(?:routing|integration|service) key\b/.test(joined)) {
    if (/^[0-9a-f]{32}$/.test(v) || (/\bpagerduty\b/.test(joined) && /^[A-Za-z0-9_+-]{20}$/.test(v) && shannonEntropy(v) >= 3.5)) {
      return { type: 'pagerduty-key', confidence: /\bpagerduty\b/.test(joined) ? 'high' : 'medium' };
    }
  }
  return undefined;
}

/**
 * Generic high-entropy token. Without a key, only a single base64-ish token
 * with upper and lower case and digits and near-random entropy; under a
 * secret-like key, any non-trivial random-looking token (incl. long hex).
 */
/** Last words of a key that name an identifier, not a secret (CLIENT_ID, IMAGE_DIGEST). */
const IDENTIFIER_SUFFIXES = new Set([
  'id', 'ids', 'uid', 'uuid', 'guid', 'name', 'arn', 'url', 'uri', 'host', 'path', 'file', 'version', 'sha', 'hash',
  'digest', 'checksum', 'commit', 'revision', 'rev', 'region', 'account', 'image', 'tag', 'ref', 'etag', 'fingerprint',
]);

/**
 * Separator-joined words, acronyms and numbers (`redis-auth-token`,
 * `ELBSecurityPolicy-TLS13-1-2-2021-06`): names, not random tokens.
 */
const NAME_SEGMENT = /^(?:[0-9]+|[A-Z]{1,6}[0-9]{0,4}|[A-Z]?[a-z]+[0-9]{0,4}|[A-Z]*(?:[A-Z][a-z]+)+[0-9]{0,4})$/;

export function isStructuredName(value: string): boolean {
  const segments = value.split(/[-_./:]/);
  return segments.length >= 2 && segments.every((segment) => segment === '' || NAME_SEGMENT.test(segment));
}

function highEntropy(value: string, key: string | undefined): CredentialDetection | undefined {
  const v = value.trim();
  if (isStructuredName(v)) return undefined;
  if (key !== undefined) {
    const words = keyWords(key);
    if (words.length > 0 && IDENTIFIER_SUFFIXES.has(words[words.length - 1])) return undefined;
  }
  const secretKey = key !== undefined && isSecretLikeKey(key);
  if (v.length < (secretKey ? 16 : 24) || v.length > 512) return undefined;
  if (!(secretKey ? /^[\x21-\x7e]+$/ : BASE64ISH).test(v)) return undefined;
  if (isPlaceholder(v)) return undefined;
  const entropy = shannonEntropy(v);
  if (secretKey) {
    if (UUID.test(v)) return { type: 'generic-high-entropy', confidence: 'medium' };
    if (HEX.test(v)) return v.length >= 32 && entropy >= 3.0 ? { type: 'generic-high-entropy', confidence: 'medium' } : undefined;
    const { upper, lower, digit } = classes(v);
    const kinds = Number(upper) + Number(lower) + Number(digit) + Number(/[+/_=-]/.test(v));
    return kinds >= 2 && entropy >= 3.5 ? { type: 'generic-high-entropy', confidence: 'medium' } : undefined;
  }
  if (HEX.test(v) || UUID.test(v)) return undefined;
  const { upper, lower, digit } = classes(v);
  if (!(upper && lower && digit)) return undefined;
  // Base64 of text is text, not a key: judge the decoded text instead.
  const bytes = STRICT_BASE64.test(v) && v.length % 4 === 0 ? decodeBase64(v) : undefined;
  if (bytes && isPrintableText(bytes)) return undefined;
  // Random text switches between upper, lower and digit on most characters
  // (about 62% for base62); camelCase identifiers with numbers switch rarely.
  const threshold = Math.min(4.5, Math.log2(v.length) - 1.0);
  const random = entropy >= threshold && classSwitchRate(v) >= 0.4 && wordLikeFraction(v) < 0.6;
  return random ? { type: 'generic-high-entropy', confidence: 'medium' } : undefined;
}

const RANK: Record<CredentialConfidence, number> = { high: 2, medium: 1 };

function better(a: CredentialDetection | undefined, b: CredentialDetection | undefined): CredentialDetection | undefined {
  if (!a) return b;
  if (!b) return a;
  return RANK[b.confidence] > RANK[a.confidence] ? b : a;
}

function detectShapes(text: string): CredentialDetection | undefined {
  let found: CredentialDetection | undefined;
  for (const shape of SHAPES) {
    if (!shape.hints.some((hint) => text.includes(hint))) continue;
    shape.regex.lastIndex = 0;
    let match: RegExpExecArray | null;
    let tries = 0;
    while ((match = shape.regex.exec(text)) !== null && tries++ < 200) {
      if (match[0].length === 0) shape.regex.lastIndex++;
      const accepted = shape.accept ? shape.accept(match) : shape.confidence;
      if (accepted) {
        const detection = typeof accepted === 'string' ? { type: shape.type, confidence: accepted } : accepted;
        found = better(found, detection);
        if (detection.confidence === 'high') return found;
        break;
      }
    }
  }
  return better(found, urlCredentials(text));
}

/**
 * Detects a credential in a string by its shape. Vendor formats, private
 * keys, JWTs and URLs with passwords are found anywhere in the string (so a
 * script or config file holding one is flagged); the generic high-entropy
 * check applies to the whole value only. With `context.key`, a key such as
 * `AWS_SECRET_ACCESS_KEY` or `api_key` lets shorter or less distinctive values
 * count. Whole-value base64 is decoded once and checked again. Strings over
 * 64 KiB are scanned up to 64 KiB. Returns the strongest detection.
 */
// Manifests repeat the same short strings (ports, names, levels) thousands of
// times: results for short values are remembered, in a bounded table.
const MEMO_LIMIT = 50_000;
const MEMO_MAX_LENGTH = 256;
const memo = new Map<string, CredentialDetection | null>();

export function detectCredentialValue(value: string, context: DetectionContext = {}): CredentialDetection | undefined {
  if (typeof value !== 'string' || value.length < 8) return undefined;
  if (value.length > MEMO_MAX_LENGTH) return detect(value, context);
  const memoKey = `${context.generic === false ? 0 : 1}\u0000${context.key ?? ''}\u0000${value}`;
  const known = memo.get(memoKey);
  if (known !== undefined) return known ?? undefined;
  const found = detect(value, context);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(memoKey, found ?? null);
  return found;
}

function detect(value: string, context: DetectionContext): CredentialDetection | undefined {
  const text = value.length > MAX_SCAN_LENGTH ? value.slice(0, MAX_SCAN_LENGTH) : value;
  const key = context.key !== undefined && context.key.length <= MAX_KEY_LENGTH ? context.key : undefined;
  let found = detectShapes(text);
  if (found?.confidence === 'high') return found;
  found = better(found, contextual(text, key));
  if (found?.confidence === 'high') return found;
  // Whole-value base64 of text: look inside once (a base64 PEM key, a token).
  const trimmed = text.trim();
  if (trimmed.length >= 16 && STRICT_BASE64.test(trimmed.replace(/\s+/g, ''))) {
    const bytes = decodeBase64(trimmed);
    if (bytes && isPrintableText(bytes)) {
      const inner = detectShapes(bytes.toString('utf8').slice(0, MAX_SCAN_LENGTH)) ?? contextual(bytes.toString('utf8'), key);
      if (inner) found = better(found, { type: `${inner.type}-base64`, confidence: inner.confidence });
      if (found?.confidence === 'high') return found;
    }
  }
  if (context.generic !== false && !/\s/.test(trimmed)) found = better(found, highEntropy(trimmed, key));
  return found;
}

/**
 * A key or name as it may appear in a message: itself, unless it has a
 * credential's shape (someone pasted a token where a name goes).
 */
export function safeName(name: string): string {
  return detectCredentialValue(name, { generic: false }) ? '<redacted>' : name;
}

// ---------------------------------------------------------------------------
// Assignments and config files

export interface Assignment {
  key: string;
  value: string;
}

const ASSIGNMENT = /^(?:export[ \t]+|set[ \t]+|-[ \t]+)?["']?([A-Za-z_@$][A-Za-z0-9_.\-[\]]{0,127})["']?[ \t]*(?::=|=|:(?=[ \t]|$))[ \t]*(.*)$/;
const FLAG_ASSIGNMENT = /^-{1,2}([A-Za-z][A-Za-z0-9_.-]{0,127})=(.*)$/;
const DIRECTIVE = /^([A-Za-z_][A-Za-z0-9_.-]{0,63})[ \t]+(\S{1,512})$/;
const XML_ELEMENT = /^<([A-Za-z_][A-Za-z0-9_.-]{0,63})>([^<]{1,512})<\/([A-Za-z_][A-Za-z0-9_.-]{0,63})>/;

function cleanValue(raw: string): string {
  let v = raw.trim();
  if (v.endsWith(',')) v = v.slice(0, -1).trimEnd();
  const quote = v[0];
  if ((quote === '"' || quote === "'") && v.length >= 2) {
    const end = v.indexOf(quote, 1);
    return end > 0 ? v.slice(1, end) : v.slice(1);
  }
  // Unquoted: drop a trailing comment.
  const comment = v.search(/[ \t][#;]/);
  return comment >= 0 ? v.slice(0, comment).trimEnd() : v;
}

/**
 * Parses one line of a config file or command line as `key = value`,
 * `key: value`, `"key": "value",`, `export KEY=value`, `--flag=value`,
 * `<key>value</key>` or `directive value` (`requirepass ...`). Returns
 * undefined for anything else, including block starts (`key: |`).
 */
export function parseAssignment(line: string): Assignment | undefined {
  const text = line.trim();
  if (text.length === 0 || text.length > 4096) return undefined;
  let key: string | undefined;
  let raw: string | undefined;
  const flag = FLAG_ASSIGNMENT.exec(text);
  const xml = flag ? null : XML_ELEMENT.exec(text);
  const assignment = flag || xml ? null : ASSIGNMENT.exec(text);
  if (flag) [, key, raw] = flag;
  else if (xml && xml[1] === xml[3]) [, key, raw] = xml;
  else if (assignment) [, key, raw] = assignment;
  else {
    // `requirepass x`, `HTTP_Passwd x`: only when the directive's last word is itself a secret word.
    const directive = DIRECTIVE.exec(text);
    const words = directive ? keyWords(directive[1]) : [];
    const last = words[words.length - 1];
    if (directive && last !== undefined && SECRET_WORDS.has(last) && !LAST_WORD_ONLY.has(last) && isSecretLikeKey(directive[1])) [, key, raw] = directive;
  }
  if (key === undefined || raw === undefined) return undefined;
  const value = cleanValue(raw);
  if (value === '' || /^[|>][+-]?[0-9]?$/.test(value) || value === '{' || value === '[' || value === '&' || value.startsWith('*')) return undefined;
  return { key, value };
}

/**
 * True when a value is itself the name of a secret's key (`password`,
 * `db-password`, `api_key`, `tls.key`), as in `secretKey: password`: it names
 * a key, it is not a secret.
 */
export function looksLikeSecretKeyName(value: string): boolean {
  const v = value.trim();
  if (!/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(v)) return false;
  const words = keyWords(v);
  const last = words[words.length - 1];
  return last !== undefined && (SECRET_WORDS.has(last) || last === 'key' || last === 'crt' || last === 'pem') && isSecretLikeKey(v);
}

/** True when `key` says it holds a secret and `value` plausibly is one. */
export function isSecretAssignment(key: string, value: string): boolean {
  return isSecretLikeKey(key) && isPlausibleSecretValue(value, key);
}

export interface TextSecret {
  /** 0-based line within the text. */
  line: number;
  /** The key the line assigns, when it is an assignment. */
  key?: string;
  /** Set when the value has a credential shape; unset for a secret-like key with a literal value. */
  detection?: CredentialDetection;
}

const MAX_TEXT_LINES = 5000;
const MAX_TEXT_FINDINGS = 50;

function isCommentLine(line: string): boolean {
  return /^(?:#|;|\/\/|!|--|<!--|\*|\/\*|REM\b)/.test(line.trimStart());
}

/**
 * Finds secrets in a config file or script held as a string (a ConfigMap
 * value, a command, Helm values): credential shapes on any line, and
 * secret-like keys assigned a literal value on non-comment lines. Bounded to
 * the first 64 KiB and 5000 lines; returns at most 50 hits.
 */
export function findSecretsInText(text: string): TextSecret[] {
  const body = text.length > MAX_SCAN_LENGTH ? text.slice(0, MAX_SCAN_LENGTH) : text;
  const lines = body.split('\n', MAX_TEXT_LINES);
  const hits: TextSecret[] = [];
  for (let i = 0; i < lines.length && hits.length < MAX_TEXT_FINDINGS; i++) {
    const line = lines[i];
    if (line.trim().length === 0) continue;
    const assignment = isCommentLine(line) ? undefined : parseAssignment(line);
    const detection =
      (assignment ? detectCredentialValue(assignment.value, { key: assignment.key, generic: false }) : undefined) ??
      detectCredentialValue(line, { generic: false });
    if (detection) hits.push({ line: i, key: assignment?.key, detection });
    else if (assignment && isSecretAssignment(assignment.key, assignment.value)) hits.push({ line: i, key: assignment.key });
  }
  return hits;
}
