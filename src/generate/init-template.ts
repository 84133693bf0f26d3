// The commented starter spec `guardrail init` prints. examples/platform.yaml
// is this text (a test keeps them equal).
export const INIT_TEMPLATE = `# guardrail platform spec: the services of one EKS cluster, what each may
# reach, and where alerts go. \`guardrail generate platform.yaml -o out/\`
# turns it into Kubernetes manifests (a Kustomize base), Terraform for AWS
# and the observability configuration; \`guardrail scan out/\` finds nothing.
#
# This starter describes three core services:
#   core-ingress-parser (public) -> core-routing -> core-session-manager
# Replace names, account, images and ARNs with yours. Every field is checked
# against the schema (docs/platform-spec.schema.json): unknown fields,
# wildcard ARNs, images without a digest and literal secrets are refused.
apiVersion: guardrail.dev/v1
kind: Platform

cluster:
  name: core-platform
  region: eu-west-1
  accountId: "111122223333"         # quoted: 12 digits, leading zeros matter
  kubernetesVersion: "1.35"
  # The cluster's OIDC issuer without https:// (aws eks describe-cluster
  # --query cluster.identity.oidc.issuer); IRSA role trusts are bound to it.
  oidcProvider: oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE
  environment: production
  vpcCidr: 10.0.0.0/16
  availabilityZones: [eu-west-1a, eu-west-1b, eu-west-1c]
  mtls: true                        # Istio PeerAuthentication STRICT in every service namespace
  tracingEndpoint: tempo-distributor.observability.svc.cluster.local:4317
  # Admission verifies every service image's cosign signature. Keyless: the
  # Fulcio certificate must name this CI workflow; or give \`publicKey: |\` (PEM).
  imageSigning:
    keyless:
      issuer: https://token.actions.githubusercontent.com
      subject: https://github.com/example-org/core-platform/.github/workflows/release.yaml@refs/heads/main

services:
  # The edge: parses incoming requests behind the internet-facing load
  # balancer (HTTPS, WAF) and reads request templates from S3.
  - name: core-ingress-parser
    namespace: core-ingress-parser
    domain: core-edge
    image: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/core-ingress-parser@sha256:6f79555e3d6a53f54186200568b8fd6ae5c6b4ef081a03fa4fac9ff1d571c6b3
    ports:
      - name: http
        port: 8080
    metricsPort: 9090
    replicas: { min: 3, max: 12 }
    resources: { cpu: 250m, memory: 256Mi, cpuLimit: "1", memoryLimit: 512Mi }
    public: true
    hostname: api.core-platform.example.com
    aws:
      s3:
        - bucket: core-platform-ingress-templates
          prefix: templates/
          access: read
    slo: { latencyP95Ms: 150, latencyP99Ms: 400, errorRate: 0.001 }

  # Routes parsed requests to sessions; reads its routing table from DynamoDB
  # and publishes routing events to SQS.
  - name: core-routing
    namespace: core-routing
    domain: core-routing
    image: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/core-routing@sha256:3f4a674a4fd37cc06ce2903dd2a8afb1fae5cd3aaf7c0fa0084b0ccd785ad08e
    ports:
      - name: http
        port: 8080
    metricsPort: 9090
    replicas: { min: 3, max: 10 }
    resources: { cpu: 250m, memory: 256Mi, cpuLimit: "1", memoryLimit: 512Mi }
    accepts:
      - from: core-ingress-parser
        port: 8080
    aws:
      dynamodb:
        - arn: arn:aws:dynamodb:eu-west-1:111122223333:table/core-routing-routes
          access: read
      sqs:
        - arn: arn:aws:sqs:eu-west-1:111122223333:core-routing-events
          access: produce
    slo: { latencyP95Ms: 100, latencyP99Ms: 250, errorRate: 0.001 }

  # Establishes and tracks sessions: owns a PostgreSQL database (RDS, IAM
  # authentication) and a Redis cache (ElastiCache, auth token and TLS).
  - name: core-session-manager
    namespace: core-session-manager
    domain: core-sessions
    image: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/core-session-manager@sha256:8adb2ff691b2e5012f27b4c2977bdaa95e1c280e00561878c15dc8ef3d5e72bb
    ports:
      - name: http
        port: 8080
    metricsPort: 9090
    replicas: { min: 3, max: 12 }
    resources: { cpu: 500m, memory: 512Mi, cpuLimit: "2", memoryLimit: 1Gi }
    accepts:
      - from: core-routing
        port: 8080
    aws:
      # Secrets Manager secret names (never values): each is mounted as a file
      # under /var/run/secrets/<service>/.
      secrets:
        - core-platform/core-session-manager/session-signing-key
    database:
      engine: postgresql
      name: sessions
      instanceClass: db.r6g.large
      storageGb: 100
    cache: true
    slo: { latencyP95Ms: 50, latencyP99Ms: 150, errorRate: 0.0005 }

alerting:
  # Receivers read their credentials from Kubernetes Secrets in the
  # observability namespace: a reference (name and key), never the value.
  receivers:
    - name: oncall
      pagerduty:
        serviceKeySecret: { name: alertmanager-pagerduty, key: service-key }
    - name: platform-team
      slack:
        channel: "#core-platform-alerts"
        apiUrlSecret: { name: alertmanager-slack, key: api-url }
  page: oncall            # severity=page alerts wake someone up
  ticket: platform-team   # severity=ticket alerts are worked in office hours
`;
