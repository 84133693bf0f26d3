// AWS SDK v3 clients for the audit: one credential source shared by all of
// them, adaptive retries, and one client per service and region, made on
// first use.
import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { IAMClient } from '@aws-sdk/client-iam';
import { Inspector2Client } from '@aws-sdk/client-inspector2';
import { KMSClient } from '@aws-sdk/client-kms';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';

type AwsCredentialIdentityProvider = () => Promise<AwsCredentialIdentity>;
type AwsCredentialIdentity = Awaited<ReturnType<ReturnType<typeof fromNodeProviderChain>>>;

export interface ClientOptions {
  /** Shared config/credentials profile (SSO, assumed roles and credential_process included). */
  profile?: string;
  /** A role to assume with the resolved credentials before auditing. */
  roleArn?: string;
  externalId?: string;
  /** One endpoint for every service: for testing against a local endpoint. */
  endpoint?: string;
  /** Region for the calls that need one before regions are known (STS, DescribeRegions) and for global services. */
  homeRegion: string;
  /** Attempts per call, throttling retries included. */
  maxAttempts: number;
}

/** Credentials are refreshed this long before they expire. */
const EXPIRY_MARGIN_MS = 5 * 60 * 1000;

/** Resolves credentials once for all clients (an AssumeRole per client would be wasteful), and again near expiry. */
function shared(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let current: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    const held = current ? await current.catch(() => undefined) : undefined;
    if (!held || (held.expiration && held.expiration.getTime() - Date.now() < EXPIRY_MARGIN_MS)) current = provider();
    return await current!;
  };
}

type Constructor<C> = new (config: Record<string, unknown>) => C;

export class AwsClients {
  readonly credentials: AwsCredentialIdentityProvider;
  private readonly made = new Map<string, unknown>();

  constructor(readonly options: ClientOptions) {
    const base = fromNodeProviderChain(options.profile ? { profile: options.profile } : {});
    this.credentials = shared(
      options.roleArn
        ? fromTemporaryCredentials({
            masterCredentials: base,
            params: { RoleArn: options.roleArn, RoleSessionName: 'guardrail-audit', ...(options.externalId ? { ExternalId: options.externalId } : {}) },
            clientConfig: { region: options.homeRegion, ...(options.endpoint ? { endpoint: options.endpoint } : {}) },
          })
        : base,
    );
  }

  private client<C>(Client: Constructor<C>, region: string, extra: Record<string, unknown> = {}): C {
    const key = `${Client.name}\u0000${region}`;
    let client = this.made.get(key) as C | undefined;
    if (!client) {
      client = new Client({
        region,
        credentials: this.credentials,
        retryMode: 'adaptive',
        maxAttempts: this.options.maxAttempts,
        requestHandler: { requestTimeout: 30_000, connectionTimeout: 10_000 },
        ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
        ...extra,
      });
      this.made.set(key, client);
    }
    return client;
  }

  sts(): STSClient {
    return this.client(STSClient, this.options.homeRegion);
  }
  iam(): IAMClient {
    return this.client(IAMClient, this.options.homeRegion);
  }
  organizations(): OrganizationsClient {
    return this.client(OrganizationsClient, this.options.homeRegion);
  }
  s3control(): S3ControlClient {
    // S3 Control puts the account id in the host name (<account>.s3-control…), which a local endpoint does not have.
    const endpoint = this.options.endpoint;
    return this.client(S3ControlClient, this.options.homeRegion, endpoint ? { endpointProvider: () => ({ url: new URL(endpoint) }) } : {});
  }
  s3(region: string): S3Client {
    return this.client(S3Client, region, { followRegionRedirects: true, ...(this.options.endpoint ? { forcePathStyle: true } : {}) });
  }
  ec2(region: string): EC2Client {
    return this.client(EC2Client, region);
  }
  elbv2(region: string): ElasticLoadBalancingV2Client {
    return this.client(ElasticLoadBalancingV2Client, region);
  }
  wafv2(region: string): WAFV2Client {
    return this.client(WAFV2Client, region);
  }
  cloudtrail(region: string): CloudTrailClient {
    return this.client(CloudTrailClient, region);
  }
  guardduty(region: string): GuardDutyClient {
    return this.client(GuardDutyClient, region);
  }
  securityhub(region: string): SecurityHubClient {
    return this.client(SecurityHubClient, region);
  }
  inspector2(region: string): Inspector2Client {
    return this.client(Inspector2Client, region);
  }
  accessanalyzer(region: string): AccessAnalyzerClient {
    return this.client(AccessAnalyzerClient, region);
  }
  kms(region: string): KMSClient {
    return this.client(KMSClient, region);
  }
  eks(region: string): EKSClient {
    return this.client(EKSClient, region);
  }

  destroy(): void {
    for (const client of this.made.values()) (client as { destroy(): void }).destroy();
    this.made.clear();
  }
}
