// Types of aws-endpoint.js, for the tests that import it.
export interface AwsEndpoint {
  url: string;
  /** HTTP requests by IAM action, retries included. */
  calls: Map<string, number>;
  close(): Promise<void>;
}

export interface EndpointOptions {
  latencyMs?: number;
  pageSize?: number;
}

export function startAwsEndpoint(account: object, options?: EndpointOptions): Promise<AwsEndpoint>;
export function simulatedAccount(sizes?: { users?: number; groups?: number; buckets?: number; regions?: number; clusters?: number; keys?: number }): object;
