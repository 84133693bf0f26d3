import { describe, expect, it } from 'vitest';
import {
  classSwitchRate,
  decodeBase64,
  describeCredentialType,
  detectCredentialValue,
  isPlaceholder,
  findSecretsInText,
  isPlausibleSecretValue,
  isSecretLikeKey,
  isTemplate,
  keyWords,
  looksLikeSecretKeyName,
  parseAssignment,
  shannonEntropy,
} from '../../src/core/credentials.js';

// Every token below is random and fake, generated for these tests only.
const TOKENS = {
  awsKeyId: 'AKIAJJLDIPS2RUSW7GGE',
  awsSessionKeyId: 'ASIAY7CSKCY3RVKRJ2IX',
  awsSecret: '1iQykzdpZheow1IG8ERLQl9ygRnscgXFddj8T+jy',
  github: 'ghp_YAEO6P0Mv2VUemIsdWeDmlsfP7asP9oGx6vv',
  githubFineGrained: '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',
  gitlab: 'glpat-v1uTCPiYg7W68cm8Gvzd',
  slack: 'xoxb-048614946421-491611656145-kwB9qAeDjCuhBE1N7GdyuND1',
  stripe: 'sk_live_s97n6Z2udCeVB6V2ikwIqSjS',
  google: 'AIzarf12AeTDQlIPfZnISbug_jnZ3NI0nLQdB1v',
  sendgrid: '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',
  npm: 'npm_mdtGsRC418wCCqC4m2SiLgWECAQJNtAsEyo2',
  twilioApiKey: 'SK1f787446610cb9810d5969421dc7b588',
  hex32: 'a1623b18707d956604705c8f04a4d5ad',
  pagerduty: 'bNJKhOWpkPacjvaAAhHu',
  random32: 'Uu4tqAEC2cVSUrJmjCCVgQwqjUrcuPH6',
  randomBase64Key: '3vBbRe1XpkZ1B2/yiZVmnkYWyShTzWWKiWeMW3SbPeplB3H6tn2rMxUR1uI/ZYinL1uv19C+1B6o+GVWCDWL0w==',
  jwt: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjb3JlLXJvdXRpbmciLCJpc3MiOiJzZXNzaW9uLW1hbmFnZXIiLCJpYXQiOjE3MDAwMDAwMDB9.Qm9ndXNTaWduYXR1cmVGb3JVbml0VGVzdHNPbmx5MDE',
};

const PEM = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun',
  'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK',
  '-----END RSA PRIVATE KEY-----',
].join('\n');

function typeOf(value: string, key?: string): string | undefined {
  return detectCredentialValue(value, { key })?.type;
}

describe('detectCredentialValue: vendor shapes', () => {
  it.each([
    ['aws-access-key-id', TOKENS.awsKeyId],
    ['aws-access-key-id', TOKENS.awsSessionKeyId],
    ['github-token', TOKENS.github],
    ['github-token', TOKENS.githubFineGrained],
    ['gitlab-token', TOKENS.gitlab],
    ['slack-token', TOKENS.slack],
    ['stripe-key', TOKENS.stripe],
    ['google-api-key', TOKENS.google],
    ['sendgrid-key', TOKENS.sendgrid],
    ['npm-token', TOKENS.npm],
    ['jwt', TOKENS.jwt],
    ['private-key', PEM],
    ['private-key', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----'],
    ['private-key', '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END PRIVATE KEY-----'],
    ['private-key', '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIIrYSSNQFaA2Hwf1duRSxKtLYX5CB04fSeQ6tF1aY/PuoAoGCCqGSM49\n-----END EC PRIVATE KEY-----'],
    ['slack-webhook', 'https://hooks.slack.com/services/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'],
  ])('finds a %s with high confidence', (type, value) => {
    expect(detectCredentialValue(value)).toEqual({ type, confidence: 'high' });
  });

  it('finds tokens inside longer text (scripts, config files, command lines)', () => {
    expect(typeOf(`curl -H "Authorization: token ${TOKENS.github}" https://api.github.com/user`)).toBe('github-token');
    expect(typeOf(`#!/bin/sh\nexport AWS_ACCESS_KEY_ID=${TOKENS.awsKeyId}\naws s3 ls\n`)).toBe('aws-access-key-id');
    expect(typeOf(`--slack-token=${TOKENS.slack}`)).toBe('slack-token');
    expect(typeOf(`tls:\n  key: |\n    ${PEM.split('\n').join('\n    ')}\n`)).toBe('private-key');
  });

  it('needs the token to stand alone, not be part of a longer word', () => {
    expect(typeOf(`X${TOKENS.awsKeyId}`)).toBeUndefined();
    expect(typeOf(`${TOKENS.awsKeyId}Z`)).toBeUndefined();
  });

  it('rates Stripe test keys and Twilio SK keys medium', () => {
    expect(detectCredentialValue('sk_test_s97n6Z2udCeVB6V2ikwIqSjS')).toEqual({ type: 'stripe-key', confidence: 'medium' });
    expect(detectCredentialValue(TOKENS.twilioApiKey)).toEqual({ type: 'twilio-key', confidence: 'medium' });
  });

  it('ignores the AWS documentation example keys', () => {
    expect(detectCredentialValue('AKIAIOSFODNN7EXAMPLE')).toBeUndefined();
    expect(detectCredentialValue('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', { key: 'AWS_SECRET_ACCESS_KEY' })).toBeUndefined();
  });

  it('only takes a JWT whose header decodes to JSON with alg', () => {
    expect(typeOf(TOKENS.jwt)).toBe('jwt');
    const noAlg = `eyJ0eXAiOiJKV1QifQ.${TOKENS.jwt.split('.')[1]}.${TOKENS.jwt.split('.')[2]}`;
    expect(typeOf(noAlg)).toBeUndefined();
    expect(typeOf('eyJnotreallyjson.eyJnotreallyjsoneither.abc')).toBeUndefined();
  });
});

describe('detectCredentialValue: key context', () => {
  it('takes a 40-character base64 string as an AWS secret key only under a telling key', () => {
    expect(detectCredentialValue(TOKENS.awsSecret, { key: 'AWS_SECRET_ACCESS_KEY' })).toEqual({ type: 'aws-secret-access-key', confidence: 'high' });
    expect(detectCredentialValue(TOKENS.awsSecret, { key: 'aws_secret_access_key' })?.type).toBe('aws-secret-access-key');
    expect(detectCredentialValue(TOKENS.awsSecret, { key: 'secretAccessKey' })?.type).toBe('aws-secret-access-key');
    expect(detectCredentialValue(TOKENS.awsSecret, { key: 'BUILD_REF' })?.type).not.toBe('aws-secret-access-key');
  });

  it('does not take a 40-character hex git sha for an AWS secret key', () => {
    expect(detectCredentialValue('4f9c2d1e8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d', { key: 'AWS_SECRET_ACCESS_KEY' })?.type).not.toBe('aws-secret-access-key');
    expect(detectCredentialValue('4f9c2d1e8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d', { key: 'GIT_COMMIT' })).toBeUndefined();
  });

  it('knows Twilio auth tokens and PagerDuty keys by their key', () => {
    expect(detectCredentialValue(TOKENS.hex32, { key: 'TWILIO_AUTH_TOKEN' })).toEqual({ type: 'twilio-key', confidence: 'high' });
    expect(detectCredentialValue(TOKENS.hex32, { key: 'PAGERDUTY_INTEGRATION_KEY' })).toEqual({ type: 'pagerduty-key', confidence: 'high' });
    expect(detectCredentialValue(TOKENS.pagerduty, { key: 'PAGERDUTY_API_TOKEN' })).toEqual({ type: 'pagerduty-key', confidence: 'high' });
    expect(detectCredentialValue(TOKENS.hex32, { key: 'routing_key' })).toEqual({ type: 'pagerduty-key', confidence: 'medium' });
    expect(detectCredentialValue(TOKENS.hex32)).toBeUndefined();
  });

  it('takes random-looking values under a secret-like key as generic secrets', () => {
    expect(detectCredentialValue('S3cr3t-Pa55w0rd-For-Db', { key: 'DB_PASSWORD' })).toEqual({ type: 'generic-high-entropy', confidence: 'medium' });
    expect(detectCredentialValue('0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0', { key: 'SECRET_KEY' })?.type).toBe('generic-high-entropy');
    expect(detectCredentialValue('3f2a1b4c-5d6e-4f80-9a1b-2c3d4e5f6a7b', { key: 'API_KEY' })?.type).toBe('generic-high-entropy');
    expect(detectCredentialValue('3f2a1b4c-5d6e-4f80-9a1b-2c3d4e5f6a7b', { key: 'REQUEST_ID' })).toBeUndefined();
    expect(detectCredentialValue('aaaaaaaaaaaaaaaaaaaa', { key: 'DB_PASSWORD' })).toBeUndefined();
  });
});

describe('detectCredentialValue: URLs, connection strings and headers', () => {
  it('finds passwords in URL userinfo', () => {
    expect(detectCredentialValue('postgres://app:Zq7vN2pL9xR4@db.core-routing.svc:5432/routing')).toEqual({ type: 'database-connection-string', confidence: 'high' });
    expect(detectCredentialValue('mongodb+srv://svc:Zq7vN2pL9xR4@cluster0.mongodb.net/sessions')?.type).toBe('database-connection-string');
    expect(detectCredentialValue('redis://:Zq7vN2pL9xR4@redis.core-session-manager.svc:6379/0')?.type).toBe('database-connection-string');
    expect(detectCredentialValue('https://deploy:Zq7vN2pL9xR4@git.example.com/platform/charts.git')).toEqual({ type: 'url-credentials', confidence: 'high' });
    expect(detectCredentialValue('jdbc:postgresql://db:5432/routing?user=app&password=Zq7vN2pL9xR4')?.type).toBe('database-connection-string');
  });

  it('rates a literal "password" in a URL medium and ignores templated or empty ones', () => {
    expect(detectCredentialValue('postgres://user:password@localhost/db')).toEqual({ type: 'database-connection-string', confidence: 'medium' });
    expect(detectCredentialValue('postgres://app:${DB_PASSWORD}@db:5432/routing')).toBeUndefined();
    expect(detectCredentialValue('postgres://app:$(DB_PASSWORD)@db:5432/routing')).toBeUndefined();
    expect(detectCredentialValue('postgres://app:<password>@db:5432/routing')).toBeUndefined();
    expect(detectCredentialValue('postgres://app:@db:5432/routing')).toBeUndefined();
    expect(detectCredentialValue('postgres://app@db:5432/routing')).toBeUndefined();
    expect(detectCredentialValue('ssh://git@github.com/org/repo.git')).toBeUndefined();
    expect(detectCredentialValue('https://example.com/login?next=/home')).toBeUndefined();
  });

  it('finds passwords in ADO.NET style connection strings', () => {
    expect(detectCredentialValue('Server=tcp:db.example.com,1433;Database=routing;User Id=app;Password=Zq7vN2pL9xR4;')?.type).toBe('connection-string-password');
    expect(detectCredentialValue('Server=db;Database=routing;User Id=app;Password=${DB_PASSWORD};')).toBeUndefined();
    expect(detectCredentialValue('DefaultEndpointsProtocol=https;AccountName=corelogs;AccountKey=' + 'k'.repeat(20) + TOKENS.randomBase64Key.slice(0, 66) + ';EndpointSuffix=core.windows.net')?.type).toBe('azure-storage-key');
  });

  it('finds bearer and basic authorization headers', () => {
    expect(detectCredentialValue(`Authorization: Bearer ${TOKENS.random32}`)).toEqual({ type: 'bearer-token', confidence: 'medium' });
    expect(detectCredentialValue('Authorization: Bearer ${TOKEN}')).toBeUndefined();
    const basic = Buffer.from('ops:Zq7vN2pL9xR4').toString('base64');
    expect(detectCredentialValue(`Authorization: Basic ${basic}`)).toEqual({ type: 'basic-auth-header', confidence: 'high' });
    expect(detectCredentialValue('Basic authentication is enabled for this endpoint')).toBeUndefined();
  });

  it('finds registry credentials in a docker config', () => {
    const auth = Buffer.from('robot$ci:Zq7vN2pL9xR4').toString('base64');
    expect(detectCredentialValue(`{"auths":{"registry.example.com":{"auth":"${auth}"}}}`)?.type).toBe('docker-registry-auth');
  });
});

describe('detectCredentialValue: base64 and generic entropy', () => {
  it('looks inside whole-value base64 once', () => {
    expect(detectCredentialValue(Buffer.from(PEM).toString('base64'))).toEqual({ type: 'private-key-base64', confidence: 'high' });
    expect(detectCredentialValue(Buffer.from(TOKENS.github).toString('base64'))?.type).toBe('github-token-base64');
    expect(describeCredentialType('private-key-base64')).toBe('base64-encoded private key');
  });

  it('takes a random-looking token as a generic secret', () => {
    expect(detectCredentialValue(TOKENS.random32)).toEqual({ type: 'generic-high-entropy', confidence: 'medium' });
    expect(detectCredentialValue(TOKENS.randomBase64Key)).toEqual({ type: 'generic-high-entropy', confidence: 'medium' });
  });

  it.each([
    ['a UUID', '3f2a1b4c-5d6e-4f80-9a1b-2c3d4e5f6a7b'],
    ['a sha256 digest', 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['a bare sha256 hex digest', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['a git sha', '4f9c2d1e8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d'],
    ['an image by digest', 'registry.example.com/core-routing@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['an image by tag', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/core-ingress-parser:v1.42.0-rc.3'],
    ['base64 of a short word', 'cGFzc3dvcmQ='],
    ['base64 of a sentence', 'VGhpcyBpcyBhIHRlc3Qgc3RyaW5nIGZvciB5b3U='],
    ['base64 of a CA certificate', Buffer.from('-----BEGIN CERTIFICATE-----\nMIIC/jCCAeagAwIBAgIBADANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDEwprdWJl\n-----END CERTIFICATE-----\n').toString('base64')],
    ['a Kubernetes name', 'core-session-manager-7d4b9c8f6-x2k9p'],
    ['a Kubernetes label key', 'app.kubernetes.io/part-of'],
    ['a service DNS name', 'core-routing.core-routing.svc.cluster.local'],
    ['an IAM role ARN', 'arn:aws:iam::123456789012:role/core-routing-irsa'],
    ['a Secrets Manager ARN', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/core-routing/db-AbCdEf'],
    ['a CamelCase identifier', 'AmazonEKSWorkerNodePolicy2024'],
    ['a long CamelCase identifier', 'Ubuntu2204LTSWithKernel6Point5OnGraviton3'],
    ['an alert name', 'CoreRoutingLatencyP99High'],
    ['another alert name', 'HighErrorRate5xxOnIngress'],
    ['a class name', 'MyServiceAccountTokenRefresher9000'],
    ['an EKS OIDC issuer', 'https://oidc.eks.eu-west-1.amazonaws.com/id/5C7B1D4E9A2F3B6C8D0E1F2A3B4C5D6E'],
    ['a version string', 'v1.29.3-eks-ae9a62a'],
    ['a cron schedule', '*/15 * * * *'],
    ['a Java option line', '-XX:MaxRAMPercentage=75.0 -XX:+UseG1GC -Dfile.encoding=UTF-8'],
    ['a public certificate', '-----BEGIN CERTIFICATE-----\nMIIC/jCCAeagAwIBAgIBADANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDEwprdWJl\n-----END CERTIFICATE-----'],
    ['an SSH public key', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGmK2p3gQ5tQ0mWb0b0cX1mK8f2yL9sNq3rT4uV5wX6y ops@bastion'],
    ['a short string', 'abc'],
    ['an empty string', ''],
  ])('ignores %s', (_what, value) => {
    expect(detectCredentialValue(value)).toBeUndefined();
  });
});

describe('detectCredentialValue: bounded work', () => {
  it('handles huge and pathological strings quickly', () => {
    const inputs = [
      'A'.repeat(1_000_000),
      '{'.repeat(200_000),
      '://'.repeat(100_000),
      'eyJ'.repeat(100_000),
      'eyJhbGciOi.'.repeat(20_000),
      'Bearer '.repeat(50_000),
      'password='.repeat(50_000),
      ';password=x'.repeat(50_000),
      `a:b@`.repeat(100_000),
      '-----BEGIN '.repeat(50_000),
      'x'.repeat(70_000) + TOKENS.github,
    ];
    const start = performance.now();
    for (const input of inputs) detectCredentialValue(input, { key: 'password' });
    expect(performance.now() - start).toBeLessThan(3000);
  });

  it('scans only the first 64 KiB', () => {
    expect(detectCredentialValue(`${TOKENS.github}\n${'x'.repeat(70_000)}`)?.type).toBe('github-token');
    expect(detectCredentialValue(`${'x '.repeat(40_000)}${TOKENS.github}`)).toBeUndefined();
  });

  it('does not throw on non-strings', () => {
    expect(detectCredentialValue(42 as unknown as string)).toBeUndefined();
  });
});

describe('isSecretLikeKey', () => {
  it.each([
    'password', 'PASSWORD', 'DB_PASSWORD', 'db-password', 'dbPassword', 'DBPassword', 'dbpassword', 'passwd', 'DB_PASS',
    'spring.datasource.password', 'secret', 'client_secret', 'clientSecret', 'CLIENT-SECRET', 'JWT_SECRET', 'NEXTAUTH_SECRET',
    'token', 'GITHUB_TOKEN', 'githubToken', 'authToken', 'access_token', 'refreshToken', 'api_key', 'apiKey', 'APIKey',
    'API-KEY', 'apikey', 'x-api-key', 'access_key', 'AWS_SECRET_ACCESS_KEY', 'private_key', 'privateKey', 'SECRET_KEY_BASE',
    'credentials', 'creds', 'basic_auth', 'REDIS_AUTH', 'auth', 'passphrase', 'SIGNING_KEY', 'encryption-key', 'APP_KEY',
    'NEW_RELIC_LICENSE_KEY', 'connectionString', 'requirepass', 'webhook_secret', 'COOKIE_SECRET', 'session.secret',
    'HTTP_Passwd', 'keystore.p12', 'Authorization',
  ])('%s is secret-like', (name) => {
    expect(isSecretLikeKey(name)).toBe(true);
  });

  it.each([
    'TOKEN_TTL', 'token-ttl', 'tokenExpiry', 'PASSWORD_MIN_LENGTH', 'passwordMaxLength', 'SECRET_NAME', 'secretName',
    'DB_PASSWORD_FILE', 'passwordFile', 'CLIENT_SECRET_PATH', 'SECRET_ARN', 'DB_SECRET_ARN', 'TOKEN_ID', 'ACCESS_KEY_ID',
    'AWS_ACCESS_KEY_ID', 'SIGNING_KEY_ID', 'secretKeyRef', 'secretRef', 'secretStoreRef', 'existingSecret', 'public_key',
    'PUBLIC_API_KEY', 'TOKEN_URL', 'tokenEndpoint', 'AUTH_MODE', 'AUTH_ENABLED', 'auth_url', 'authSource', 'AUTH_TYPE',
    'PASSWORD_POLICY', 'password_hash_algorithm', 'TOKEN_ISSUER', 'TOKEN_AUDIENCE', 'SECRETS_DIR', 'tokenizer',
    'passport', 'bypass', 'compass', 'keyspace', 'monkey', 'USERNAME', 'DB_HOST', 'LOG_LEVEL', 'author', 'authority',
    'GOOGLE_APPLICATION_CREDENTIALS_FILE', 'TOKEN_REFRESH_INTERVAL', 'PASSWORD_ROTATION_DAYS', 'routing_key', '', 'x'.repeat(300),
    'auth_basic', 'auth_request', 'authorization-mode', 'BEARER_FORMAT', 'client-secret-file', 'bearer_token_file',
  ])('%s is not secret-like', (name) => {
    expect(isSecretLikeKey(name)).toBe(false);
  });

  it('splits keys into words', () => {
    expect(keyWords('AWS_SECRET_ACCESS_KEY')).toEqual(['aws', 'secret', 'access', 'key']);
    expect(keyWords('spring.datasource.password')).toEqual(['spring', 'datasource', 'password']);
    expect(keyWords('APIKey')).toEqual(['api', 'key']);
    expect(keyWords('dbPasswordFile')).toEqual(['db', 'password', 'file']);
  });
});

describe('isPlaceholder', () => {
  it.each([
    '', '   ', '${DB_PASSWORD}', 'prefix-${VAR}-suffix', '$DB_PASSWORD', '$(DB_PASSWORD)', '{{ .Values.db.password }}',
    '{{ required "x" .Values.token }}', '#{db.password}', '%(password)s', '%DB_PASSWORD%', '@db.password@', '__DB_PASSWORD__',
    '<redacted>', '<your-token>', '[REDACTED]', 'REDACTED', 'REPLACE_ME', 'replaceme', 'xxx', 'XXXXXXXX', '****', '........',
    'YOUR_API_KEY', 'your-password-here', 'token-goes-here', 'TODO', 'placeholder', 'null', 'none', 'ENC(AbCdEf0123==)',
    'vault:secret/data/core-routing#password', 'ref+vault://secret/core-routing#/db/password', 'ref+awssecrets://prod/core-routing/db',
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/core-routing/db-AbCdEf', 'arn:aws:ssm:eu-west-1:123456789012:parameter/core/db',
    'ssm:/core-routing/db/password', 'op://platform/core-routing/password', 'projects/platform/secrets/db-password/versions/latest',
    'AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '$(params.git-token)', '$__file{/etc/secrets/admin}',
    'ENC[AES256_GCM,data:Tr7o=,iv:1=,tag:2=,type:str]',
  ])('%j is a placeholder', (value) => {
    expect(isPlaceholder(value)).toBe(true);
  });

  it.each(['changeme', 'change_me', 'hunter2', 'admin', 'postgres', 'S3cr3t!', 'password123', TOKENS.github, 'my-app-secret-value'])(
    '%j is not a placeholder',
    (value) => {
      expect(isPlaceholder(value)).toBe(false);
    },
  );

  it('is bounded on huge templated-looking input', () => {
    const start = performance.now();
    isPlaceholder('{'.repeat(60_000));
    isPlaceholder('${'.repeat(30_000));
    isPlaceholder('<'.repeat(60_000));
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe('isTemplate', () => {
  it('knows deploy-time templates but not redactions or example keys', () => {
    expect(isTemplate('${REDIS_PASSWORD}')).toBe(true);
    expect(isTemplate('{{ .Values.password }}')).toBe(true);
    expect(isTemplate('$(DB_PASSWORD)')).toBe(true);
    expect(isTemplate('<redacted>')).toBe(false);
    expect(isTemplate('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toBe(false);
    expect(isTemplate('changeme')).toBe(false);
  });
});

describe('isPlausibleSecretValue', () => {
  it('tells a Secret name under passwordSecret from a value under SESSION_SECRET', () => {
    expect(isPlausibleSecretValue('git-credentials', 'password-secret')).toBe(false);
    expect(isPlausibleSecretValue('routing-tls', 'tlsSecret')).toBe(false);
    expect(isPlausibleSecretValue('keyboard-cat-2024', 'SESSION_SECRET')).toBe(true);
    expect(isPlausibleSecretValue('my-client-secret', 'clientSecret')).toBe(true);
  });

  it('rejects prose', () => {
    expect(isPlausibleSecretValue('the name of the Secret key holding the password', 'password')).toBe(false);
  });

  it('rejects booleans, paths, plain URLs and Secret names under ...Secret keys', () => {
    expect(isPlausibleSecretValue('true')).toBe(false);
    expect(isPlausibleSecretValue('/var/run/secrets/db/password')).toBe(false);
    expect(isPlausibleSecretValue('https://auth.example.com/token')).toBe(false);
    expect(isPlausibleSecretValue('db-credentials', 'passwordSecret')).toBe(false);
    expect(isPlausibleSecretValue('${DB_PASSWORD}')).toBe(false);
  });

  it('accepts real-looking values', () => {
    expect(isPlausibleSecretValue('changeme')).toBe(true);
    expect(isPlausibleSecretValue('hunter2', 'password')).toBe(true);
    expect(isPlausibleSecretValue('https://ops:Zq7vN2pL9xR4@git.example.com/x.git')).toBe(true);
  });
});

describe('parseAssignment', () => {
  it.each([
    ['spring.datasource.password=S3cret', 'spring.datasource.password', 'S3cret'],
    ['spring.datasource.password S3cret', 'spring.datasource.password', 'S3cret'],
    ['  password: "hunter2"', 'password', 'hunter2'],
    ['- password: hunter2 # comment', 'password', 'hunter2'],
    ['"password": "hunter2",', 'password', 'hunter2'],
    ["export DB_PASSWORD='hunter2'", 'DB_PASSWORD', 'hunter2'],
    ['admin_password = hunter2', 'admin_password', 'hunter2'],
    ['--db-password=hunter2', 'db-password', 'hunter2'],
    ['<password>hunter2</password>', 'password', 'hunter2'],
    ['requirepass hunter2', 'requirepass', 'hunter2'],
    ['HTTP_Passwd hunter2', 'HTTP_Passwd', 'hunter2'],
  ])('parses %j', (line, key, value) => {
    expect(parseAssignment(line)).toEqual({ key, value });
  });

  it.each(['password: |', 'password:', 'secrets:', 'auth_basic "Restricted";', 'listen 8080;', 'url: https://x.example.com/a', '# just a comment', ''])(
    'does not take %j for a secret assignment',
    (line) => {
      const parsed = parseAssignment(line);
      expect(parsed === undefined || parsed.key !== 'password' || parsed.value === '').toBe(true);
      if (line.startsWith('auth_basic') || line.startsWith('listen')) expect(parsed).toBeUndefined();
    },
  );
});

describe('findSecretsInText', () => {
  it('finds secret assignments and credential shapes by line, never comments', () => {
    const text = [
      'server.port=8080',
      '# password=commented-out',
      'spring.datasource.password=S3cr3t-Rout1ng',
      'spring.datasource.username=routing',
      `github.token=${TOKENS.github}`,
      'token.ttl=3600',
      'password.file=/etc/secrets/db',
      'redis.password=${REDIS_PASSWORD}',
    ].join('\n');
    const hits = findSecretsInText(text);
    expect(hits.map((h) => [h.line, h.key, h.detection?.type])).toEqual([
      [2, 'spring.datasource.password', undefined],
      [4, 'github.token', 'github-token'],
    ]);
  });

  it('finds a private key on its header line, in a comment too', () => {
    expect(findSecretsInText(`# key:\n${PEM}`).map((h) => h.line)).toEqual([1]);
  });

  it('is bounded', () => {
    const text = 'password=hunter2\n'.repeat(100_000);
    const start = performance.now();
    expect(findSecretsInText(text).length).toBe(50);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe('looksLikeSecretKeyName', () => {
  it('knows key names used as values', () => {
    expect(looksLikeSecretKeyName('password')).toBe(true);
    expect(looksLikeSecretKeyName('db-password')).toBe(true);
    expect(looksLikeSecretKeyName('tls.key')).toBe(false);
    expect(looksLikeSecretKeyName('api_key')).toBe(true);
    expect(looksLikeSecretKeyName('parser-db-pass-2024')).toBe(false);
    expect(looksLikeSecretKeyName('hunter2')).toBe(false);
  });
});

describe('helpers', () => {
  it('computes Shannon entropy', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
  });

  it('measures class switching', () => {
    expect(classSwitchRate('aaaa')).toBe(0.25);
    expect(classSwitchRate('aA1a')).toBe(1);
  });

  it('decodes only strict base64', () => {
    expect(decodeBase64('aGVsbG8=')?.toString()).toBe('hello');
    expect(decodeBase64('aGVsbG8')).toBeUndefined();
    expect(decodeBase64('not base64!')).toBeUndefined();
  });
});

describe('structured names are not secrets', () => {
  it.each(['redis-auth-token', 'session-signing-key', 'ELBSecurityPolicy-TLS13-1-2-2021-06', 'prod/core-routing/db'])('%s', (value) => {
    expect(detectCredentialValue(value, { key: 'secretKey' })).toBeUndefined();
    expect(detectCredentialValue(value)).toBeUndefined();
  });

  it('still flags random tokens with separators', () => {
    expect(detectCredentialValue('q8Zr-x7Kp2_VmT9wLc4N-bY6sHe3', { key: 'api_token' })).toBeDefined();
  });
});

describe('SSH key settings', () => {
  it('name key pairs, not secrets', () => {
    expect(isSecretLikeKey('ec2_ssh_key')).toBe(false);
    expect(isSecretLikeKey('ssh_private_key')).toBe(true);
  });
});
