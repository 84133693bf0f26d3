// guardrail's catalog of practices: the product's contract. Every rule names
// one of these ids; docs/practices.md shows how each is covered.

export type Surface = 'k8s' | 'iam' | 'terraform' | 'cfn' | 'dockerfile' | 'kubelet' | 'live-aws';

export interface Practice {
  id: string;
  title: string;
  /** What a secure, observable platform does, in guardrail's words. */
  description: string;
  where: Surface[];
  /** What `guardrail generate` produces for it, if anything. */
  generates?: string;
  /** Why guardrail cannot check it, where no front end does. */
  limitation?: string;
}

export const PRACTICES: Practice[] = [
  // ── IAM ──────────────────────────────────────────────────────────────────
  {
    id: 'IAM-IRSA-PER-SERVICE',
    title: 'Give each service account its own IAM role',
    description:
      'Every workload that calls AWS gets a dedicated IAM role through IRSA, and no role ARN is annotated on more than one ServiceAccount. A shared role hands every service the union of all their permissions, so one compromised pod reaches everything the others can.',
    where: ['k8s', 'terraform', 'cfn'],
    generates: 'A dedicated IAM role per ServiceAccount, with its permission policy and a trust policy bound to that ServiceAccount.',
  },
  {
    id: 'IAM-IRSA-TRUST-SCOPED',
    title: 'Scope IRSA trust policies to one service account',
    description:
      'The trust policy of an IRSA role must pin the OIDC provider `sub` claim with StringEquals to exactly system:serviceaccount:<namespace>:<name> and the `aud` claim to sts.amazonaws.com. Without that condition, any pod in the cluster (or any cluster sharing the provider) can assume the role.',
    where: ['iam', 'terraform', 'cfn', 'k8s'],
    generates: 'A trust policy that admits only the named ServiceAccount and the STS audience.',
  },
  {
    id: 'IAM-NO-FULL-WILDCARD',
    title: 'Never allow every action',
    description:
      'No Allow statement may grant the action "*" or "*:*". Such a grant is full administrator access, which turns any leaked credential for the identity into a takeover of the account.',
    where: ['iam', 'terraform', 'cfn'],
  },
  {
    id: 'IAM-NO-IAM-ADMIN',
    title: 'Keep IAM administration away from workloads',
    description:
      'Workload policies must not grant iam:* nor the actions that let an identity raise its own privileges, such as iam:CreatePolicyVersion, iam:AttachRolePolicy, iam:PutRolePolicy, iam:UpdateAssumeRolePolicy or iam:PassRole on any role. Any one of them lets a compromised pod make itself an administrator.',
    where: ['iam', 'terraform', 'cfn'],
  },
  {
    id: 'IAM-NO-ASSUME-ANY-ROLE',
    title: 'Name the roles a principal may assume',
    description:
      'sts:AssumeRole and its variants must list specific role ARNs, never "*" or a pattern that matches arbitrary roles. Otherwise the identity can hop into any role whose trust policy admits the account, escaping least privilege.',
    where: ['iam', 'terraform', 'cfn'],
  },
  {
    id: 'IAM-KMS-SCOPED',
    title: 'Scope KMS permissions to specific keys',
    description:
      'Policies must not grant kms:* and must not allow KMS actions on Resource "*"; each grant names the key ARNs it needs. Broad KMS rights let one workload decrypt data protected by keys that belong to others.',
    where: ['iam', 'terraform', 'cfn'],
    generates: 'Service roles that use only the key ARNs their spec lists, and the platform key only through S3 or Secrets Manager (kms:ViaService).',
  },
  {
    id: 'IAM-S3-SCOPED',
    title: 'Scope S3 access to buckets and prefixes',
    description:
      'S3 permissions name the bucket and, for object actions, the path prefix the workload uses; s3:* on all buckets is never granted. This limits what a compromised pod can read, overwrite or exfiltrate.',
    where: ['iam', 'terraform', 'cfn'],
    generates: 'Service roles with object actions on exactly bucket/prefix* and ListBucket limited by s3:prefix, read or write as the spec says.',
  },
  {
    id: 'IAM-EC2-SCOPED',
    title: 'Restrict EC2 control to what controllers need',
    description:
      'ec2:* is not granted; a controller that really manages EC2 (for example the cluster autoscaler) gets only its documented action list, scoped by resource or tag where possible. Unbounded EC2 rights allow launching, modifying or deleting the infrastructure the cluster runs on.',
    where: ['iam', 'terraform', 'cfn'],
  },
  {
    id: 'IAM-NO-WILDCARD-RESOURCE',
    title: 'Name resources in IAM statements',
    description:
      'Actions that support resource-level permissions are granted on specific ARNs, not "*", and Allow statements do not use NotAction or NotResource. Wildcard and inverted grants silently cover resources created later and are hard to review.',
    where: ['iam', 'terraform', 'cfn'],
    generates: 'Service roles whose every statement names the spec\'s ARNs: no wildcard beyond a key prefix, a table\'s indexes and Secrets Manager\'s suffix.',
  },
  {
    id: 'IAM-ROLES-NOT-KEYS',
    title: 'Use IAM roles, not long-lived access keys',
    description:
      'Services obtain AWS credentials from IAM roles (IRSA, instance profiles, task roles); IAM users with access keys are not used by software and static AWS credentials appear in no manifest, template or image. Long-lived keys leak through repositories, logs and images and stay valid until someone notices.',
    where: ['k8s', 'terraform', 'cfn', 'dockerfile', 'live-aws'],
    generates: 'IRSA roles for every service and for Fluent Bit and the VPC CNI; no IAM user or access key anywhere.',
  },
  {
    id: 'IAM-CI-OIDC',
    title: 'Federate CI/CD to AWS with scoped OIDC',
    description:
      'Pipelines assume an AWS role through OIDC federation, and the role trust policy restricts the token subject to the expected repository and, where possible, branch or environment. No AWS secrets are stored in the CI system, and no other repository on the same CI provider can assume the role.',
    where: ['iam', 'terraform', 'cfn'],
  },
  {
    id: 'IAM-MFA-HUMANS',
    title: 'Require MFA for human users',
    description:
      'People who sign in to AWS, and privileged people above all, must use multi-factor authentication, enforced for example by an aws:MultiFactorAuthPresent condition. A stolen password alone then does not open the account.',
    where: ['iam', 'terraform', 'live-aws', 'cfn'],
  },
  {
    id: 'IAM-ACCESS-ANALYZER',
    title: 'Enable IAM Access Analyzer',
    description:
      'An IAM Access Analyzer is created for the account or organization and its findings are reviewed. It reveals resources shared outside the zone of trust and unused access that should be removed.',
    where: ['terraform', 'cfn', 'live-aws'],
    generates: 'An account IAM Access Analyzer (external access).',
  },
  {
    id: 'IAM-PASSWORD-POLICY',
    title: 'Set a strong account password policy',
    description:
      'The account password policy requires long, complex passwords, prevents reuse and sets an expiry. Console passwords are otherwise only as strong as the weakest user choice.',
    where: ['terraform', 'cfn', 'live-aws'],
    generates: 'The CIS account password policy (14 characters, all classes, 24 remembered, 90 days).',
  },
  {
    id: 'IAM-UNUSED-USERS',
    title: 'Remove unused IAM users and stale keys',
    description:
      'IAM users that have not been used for 45 days are deleted, and old access keys are deactivated and removed. Dormant identities are credentials nobody watches, and a favourite entry point for attackers.',
    where: ['live-aws'],
    limitation:
      'Last-use dates of users and keys exist only in a live account (credential report, access-key last-used data); no manifest or template shows them. guardrail checks this with `guardrail audit aws` against a live account, never in `guardrail scan`.',
  },
  {
    id: 'IAM-NODE-ROLE-MINIMAL',
    title: 'Keep the node role minimal',
    description:
      'The EC2 instance role of worker nodes holds only what the kubelet and node agents need (joining the cluster, pulling images, the CNI); application permissions are given to pods through IRSA. Every pod that can reach the instance metadata service can use the node role, so anything extra on it is shared with all pods.',
    where: ['terraform', 'cfn'],
    generates: 'A node role with AmazonEKSWorkerNodePolicy and AmazonEC2ContainerRegistryPullOnly only; the VPC CNI on its own IRSA role; IMDSv2 with a hop limit of 1.',
  },
  {
    id: 'IAM-CLUSTER-ACCESS',
    title: 'Map IAM identities to least-privilege cluster groups',
    description:
      'Access to the Kubernetes API goes through IAM authentication (the aws-auth ConfigMap or EKS access entries), with each role or user mapped to a group that holds only the rights it needs. No broad role, wildcard or ordinary user is mapped to system:masters, which cannot be restricted by RBAC.',
    where: ['k8s', 'terraform', 'cfn'],
    generates: 'EKS authentication through access entries only, no creator admin, and cluster-admin for one break-glass role.',
  },

  // ── Kubernetes API and RBAC ──────────────────────────────────────────────
  {
    id: 'K8S-RBAC-NO-CLUSTER-ADMIN',
    title: 'Never bind app service accounts to cluster-admin',
    description:
      'No RoleBinding or ClusterRoleBinding gives an application ServiceAccount cluster-admin or a ClusterRole with equal power. A workload holding those rights turns any code-execution bug into control of the whole cluster.',
    where: ['k8s'],
  },
  {
    id: 'K8S-RBAC-LEAST-PRIVILEGE',
    title: 'Grant only the RBAC rights a subject needs',
    description:
      'Roles list explicit verbs and resources: no "*" verbs or resources, no cluster-wide read of Secrets, no escalate, bind or impersonate, and no pods/exec or pods/attach for workloads; namespaced Roles are preferred to ClusterRoles. These rights are the usual paths from one compromised pod to the rest of the cluster.',
    where: ['k8s'],
    generates: 'A namespaced Role and RoleBinding per service with exactly the API rules its spec declares (no wildcards, escalation or broad Secret reads).',
  },
  {
    id: 'K8S-SA-TOKEN-AUTOMOUNT',
    title: 'Do not mount API tokens into pods that never use them',
    description:
      'Pods and ServiceAccounts of workloads that do not talk to the Kubernetes API set automountServiceAccountToken to false. A mounted token is a credential an attacker inside the container can use against the API server for free.',
    where: ['k8s'],
    generates: 'ServiceAccounts and pods with automountServiceAccountToken: false, unless the service declares Kubernetes API rules.',
  },
  {
    id: 'K8S-NODE-API-AUTH',
    title: 'Require authentication on the API server and kubelet',
    description:
      'Anonymous requests to the API server and the kubelet are refused, the kubelet delegates authentication and authorization to the API server (webhook mode), its read-only port is closed, and the API server uses a client certificate when it calls kubelets. An open kubelet API lets anyone on the network run code in any pod of the node.',
    where: ['kubelet'],
    limitation:
      'These are kube-apiserver and kubelet flags or configuration files of self-managed clusters, which none of the inputs guardrail scans contain. On EKS, AWS sets them for the control plane and the EKS-optimized and Bottlerocket node images, so guardrail relies on CLU-MANAGED-NODES instead and does not check the flags; custom node bootstrap settings remain unchecked.',
  },
  {
    id: 'K8S-ETCD-PROTECTED',
    title: 'Protect etcd with TLS and encryption at rest',
    description:
      'etcd answers only the API server, over mutually authenticated TLS, and the data it stores is encrypted. Whoever can read etcd can read every Secret and change every object of the cluster. On EKS, AWS runs etcd and its TLS; what the platform controls is envelope encryption of Secrets with a KMS key.',
    where: ['kubelet', 'terraform'],
    generates: 'EKS with envelope encryption of Secrets under the platform KMS key.',
    limitation:
      'On EKS, etcd, its network exposure and its TLS are run by AWS and appear in no input guardrail reads; on self-managed clusters they live in etcd flags outside the manifests. The part the platform controls, envelope encryption of Secrets, is checked in Terraform and CloudFormation and audited live under SEC-ETCD-ENCRYPTION.',
  },

  // ── Network ──────────────────────────────────────────────────────────────
  {
    id: 'NET-DEFAULT-DENY',
    title: 'Deny all traffic by default in every namespace',
    description:
      'Each application namespace has a NetworkPolicy that selects all pods and denies both ingress and egress, and every permitted flow is added by an explicit policy. Without it, any compromised pod can reach every other pod and the outside world.',
    where: ['k8s'],
    generates: 'A default-deny NetworkPolicy for each namespace, plus a policy allowing DNS egress to kube-dns.',
  },
  {
    id: 'NET-NO-BROAD-CROSS-NAMESPACE',
    title: 'Name the peers of cross-namespace traffic',
    description:
      'NetworkPolicy rules do not admit traffic from every namespace or every pod with an empty selector; a flow that crosses namespaces names its source namespace and pods by label. A wildcard peer quietly undoes namespace isolation.',
    where: ['k8s'],
    generates: 'NetworkPolicies for each declared flow at both ends, naming the peer namespace and its pods.',
  },
  {
    id: 'NET-NAMESPACE-PER-DOMAIN',
    title: 'Run workloads in per-domain namespaces',
    description:
      'Workloads live in namespaces dedicated to one component domain or team, never in the default namespace. Namespaces are the boundary that RBAC, NetworkPolicies, Pod Security labels and quotas attach to, so mixing workloads there blurs every one of those controls.',
    where: ['k8s'],
    generates: 'A Namespace manifest for each component domain.',
  },
  {
    id: 'NET-PRIVATE-NODES',
    title: 'Keep nodes in private subnets',
    description:
      'Worker nodes are placed in private subnets without public IP addresses; only load balancers are placed in public subnets. Nodes are then not reachable from the internet even if a security group is too open.',
    where: ['terraform', 'cfn'],
    generates: 'Managed nodes, databases and caches in private subnets with NAT egress; public subnets hold only the load balancer and NAT gateways.',
  },
  {
    id: 'NET-SG-RESTRICTED',
    title: 'Restrict security group ingress',
    description:
      'No security group admits 0.0.0.0/0 or ::/0 except HTTP/HTTPS on a public load balancer; application tiers accept traffic only from the load balancer security group and databases only from the application security group. Open ports are the most common way in for automated attacks.',
    where: ['terraform', 'cfn', 'live-aws'],
    generates: 'Security groups that admit the cluster only (databases, caches, endpoints from the VPC), and 443/80 from the internet on the ALB\'s group alone.',
  },
  {
    id: 'NET-WAF',
    title: 'Put WAF in front of public load balancers',
    description:
      'Every internet-facing load balancer is associated with an AWS WAF web ACL that uses AWS managed rule groups (common threats, known bad inputs, IP reputation) and a rate-based rule. This blocks common web exploits and floods before they reach the cluster.',
    where: ['terraform', 'cfn', 'k8s', 'live-aws'],
    generates: 'ALB Ingresses for public services with the web ACL attached (its ARN filled in from the Terraform output by Kustomize).',
  },
  {
    id: 'NET-MTLS',
    title: 'Require strict mTLS in the service mesh',
    description:
      'When a service mesh is installed, service-to-service traffic must use mutual TLS in STRICT mode, not PERMISSIVE or disabled. That encrypts traffic inside the cluster and lets every service prove its identity, which zero-trust networking needs.',
    where: ['k8s'],
    generates: 'A mesh-wide Istio PeerAuthentication with mTLS STRICT and sidecar injection on the service namespaces, when the spec asks for mTLS.',
  },
  {
    id: 'NET-TLS-INGRESS',
    title: 'Terminate TLS at ingress and redirect HTTP',
    description:
      'Ingresses and load-balancer listeners serve HTTPS with certificates from cert-manager or ACM, and plain HTTP only redirects to HTTPS. Credentials and session data never cross the network in clear text.',
    where: ['k8s', 'terraform', 'cfn'],
    generates: 'ALB Ingresses that serve HTTPS only (TLS 1.3 policy, ACM certificate by host) and redirect HTTP to HTTPS.',
  },
  {
    id: 'NET-FLOW-LOGS',
    title: 'Enable VPC flow logs',
    description:
      'Every VPC has flow logs sent to CloudWatch Logs or S3. They are the record needed to trace suspicious connections, and to investigate one after the fact.',
    where: ['terraform', 'cfn', 'live-aws'],
    generates: 'VPC flow logs of all traffic to a KMS-encrypted log group.',
  },
  {
    id: 'NET-EKS-PRIVATE-ENDPOINT',
    title: 'Make the EKS API endpoint private or restricted',
    description:
      'The cluster API endpoint is private, or its public access is limited to a short list of trusted CIDR ranges. An endpoint open to the internet exposes the API server to credential stuffing and to any future authentication flaw.',
    where: ['terraform', 'cfn', 'live-aws'],
    generates: 'An EKS API endpoint that is private only.',
  },
  {
    id: 'NET-EGRESS-FIREWALL',
    title: 'Route traffic through a network firewall hub',
    description:
      'Incoming and outgoing traffic of the workload VPCs passes through a central network account or hub where AWS Network Firewall filters it. A single inspection point makes it possible to block exfiltration and command-and-control traffic for all accounts.',
    where: ['terraform', 'cfn'],
  },

  // ── Pod security ─────────────────────────────────────────────────────────
  {
    id: 'POD-PSA-RESTRICTED',
    title: 'Enforce the restricted Pod Security Standard',
    description:
      'Every application namespace carries the label pod-security.kubernetes.io/enforce=restricted, so the API server itself rejects pods that do not meet the restricted profile. This is a cluster-side backstop for every other pod hardening practice.',
    where: ['k8s'],
    generates: 'Pod Security Admission labels (enforce, audit and warn set to restricted) for each namespace.',
  },
  {
    id: 'POD-NON-ROOT',
    title: 'Run containers as non-root',
    description:
      'Pods set runAsNonRoot: true with a non-zero runAsUser (such as 10001), and images declare a non-root USER. A process running as root inside a container is one kernel or runtime bug away from root on the node.',
    where: ['k8s', 'dockerfile'],
    generates: 'Deployments that run as user and group 10001 with runAsNonRoot.',
  },
  {
    id: 'POD-NO-PRIVILEGE-ESCALATION',
    title: 'Forbid privilege escalation',
    description:
      'Every container sets allowPrivilegeEscalation: false. That stops setuid binaries and similar mechanisms from giving a process more privileges than its parent had.',
    where: ['k8s'],
    generates: 'allowPrivilegeEscalation: false on every container.',
  },
  {
    id: 'POD-DROP-ALL-CAPABILITIES',
    title: 'Drop all Linux capabilities',
    description:
      'Containers drop ALL capabilities and add none back, except NET_BIND_SERVICE when a low port is really needed. The default capability set still includes powers (raw sockets, changing file ownership) that attackers use to move further.',
    where: ['k8s'],
    generates: 'Containers that drop ALL capabilities.',
  },
  {
    id: 'POD-READ-ONLY-ROOT-FS',
    title: 'Make the root filesystem read-only',
    description:
      'Containers set readOnlyRootFilesystem: true and write only to explicit volumes such as an emptyDir. An attacker then cannot drop tools or change binaries inside the running container.',
    where: ['k8s'],
    generates: 'Containers with a read-only root filesystem and an emptyDir on /tmp.',
  },
  {
    id: 'POD-SECCOMP',
    title: 'Apply a seccomp profile',
    description:
      'Pods or containers set a seccomp profile of type RuntimeDefault or Localhost, never Unconfined. Filtering system calls removes much of the kernel attack surface a container escape relies on.',
    where: ['k8s'],
    generates: 'The RuntimeDefault seccomp profile on every pod and container.',
  },
  {
    id: 'POD-NO-PRIVILEGED',
    title: 'Do not run privileged containers',
    description:
      'No container sets privileged: true. A privileged container has every capability and the devices of the host, so it is effectively root on the node.',
    where: ['k8s'],
  },
  {
    id: 'POD-NO-HOST-NAMESPACES',
    title: 'Do not share host namespaces or ports',
    description:
      'Pods do not use hostNetwork, hostPID or hostIPC, and containers do not bind a hostPort. Sharing the host namespaces lets a pod see node processes, sniff node traffic and bypass NetworkPolicies.',
    where: ['k8s'],
  },
  {
    id: 'POD-NO-HOST-PATH',
    title: 'Do not mount host paths',
    description:
      'Pods use no hostPath volumes. A mount of the node filesystem can expose kubelet credentials and the container runtime socket, or let the pod modify the node.',
    where: ['k8s'],
  },
  {
    id: 'POD-MAC-PROFILES',
    title: 'Keep SELinux, AppArmor and sysctls safe',
    description:
      'Pods do not set custom SELinux users or roles, do not run Unconfined under AppArmor, do not use unsafe sysctls and keep the default procMount. Each of these loosens the mandatory access controls that contain a container.',
    where: ['k8s'],
  },

  // ── Secrets and encryption ───────────────────────────────────────────────
  {
    id: 'SEC-ETCD-ENCRYPTION',
    title: 'Envelope-encrypt Kubernetes Secrets with KMS',
    description:
      'The EKS cluster enables envelope encryption of the secrets resource with a customer-managed KMS key. Secrets are then protected by a key whose use IAM controls and CloudTrail records, not only by the storage encryption of etcd.',
    where: ['terraform', 'cfn', 'live-aws'],
    generates: 'EKS envelope encryption of Secrets with the platform\'s customer-managed key.',
  },
  {
    id: 'SEC-EXTERNAL-STORE',
    title: 'Source secrets from an external store',
    description:
      'Secret values come from AWS Secrets Manager or Vault through the External Secrets Operator, or are committed only as SealedSecrets; Secret manifests with data or stringData are not kept in git. A secret in git stays in its history and reaches everyone who can clone the repository.',
    where: ['k8s'],
    generates: 'A SecretStore per service that authenticates as its own ServiceAccount, and an ExternalSecret for each Secrets Manager secret it declares.',
  },
  {
    id: 'SEC-NOT-IN-CONFIGMAP',
    title: 'Never put secrets in ConfigMaps',
    description:
      'ConfigMaps hold configuration only, never passwords, tokens or keys. ConfigMaps are not covered by Secret encryption or Secret RBAC and are readable far more widely.',
    where: ['k8s'],
  },
  {
    id: 'SEC-NOT-IN-ENV',
    title: 'Keep secrets out of environment variables',
    description:
      'Secret values are never written as literal env values in manifests or ENV/ARG in Dockerfiles, and are preferably mounted as files rather than injected as environment variables. Environment variables end up in crash dumps, debug output, logs and image history.',
    where: ['k8s', 'dockerfile'],
    generates: 'Secrets mounted as files, never environment variables.',
  },
  {
    id: 'SEC-NO-HARDCODED-CREDENTIALS',
    title: 'Hardcode no credentials anywhere',
    description:
      'No AWS access key, token, password or private key appears in any manifest, template, policy or Dockerfile that guardrail scans. When guardrail finds one, its reports name the location and the kind of secret but never repeat the value.',
    where: ['k8s', 'terraform', 'cfn', 'dockerfile', 'iam'],
  },
  {
    id: 'SEC-ROTATION',
    title: 'Rotate secrets regularly',
    description:
      'Secrets have rotation configured (Secrets Manager rotation schedules) and synchronized copies refresh (an ExternalSecret refreshInterval that is set and not zero). A secret that is never rotated stays useful to whoever leaked it.',
    where: ['k8s', 'terraform', 'cfn'],
    generates: 'ExternalSecrets refreshed every hour, so rotated values reach the pods.',
  },
  {
    id: 'KMS-CMK-ROTATION',
    title: 'Turn on rotation for customer-managed KMS keys',
    description:
      'Symmetric customer-managed KMS keys have automatic key rotation enabled. Rotation limits how much data any one key version protects, and compliance frameworks require it.',
    where: ['terraform', 'cfn', 'live-aws'],
    generates: 'One customer-managed platform key with automatic rotation.',
  },
  {
    id: 'KMS-KEY-POLICY-TIGHT',
    title: 'Keep KMS key policies tight',
    description:
      'Key policies do not give kms:* to "*", to whole accounts beyond the key administrators, or to other broad principals; key use and key administration go to named roles. The key policy is the last word on who can decrypt, so it must not be the weakest link.',
    where: ['terraform', 'cfn', 'iam'],
    generates: 'A key policy that lists the actions of the account\'s IAM principals and of CloudWatch Logs, CloudTrail and EventBridge (each with its condition) instead of kms:*.',
  },
  {
    id: 'ENC-S3',
    title: 'Encrypt S3 buckets and block public access',
    description:
      'Every bucket uses server-side encryption with a KMS key and has all four S3 Block Public Access settings on. Public or unencrypted buckets are one of the most common sources of data leaks on AWS.',
    where: ['terraform', 'cfn', 'live-aws'],
    generates: 'Buckets encrypted with the platform key, versioned, owner-enforced, public access blocked and TLS-only.',
  },
  {
    id: 'ENC-REDIS',
    title: 'Secure ElastiCache Redis with auth and encryption',
    description:
      'Redis replication groups require an auth token (or RBAC users) and enable encryption in transit and at rest with a KMS key. Session and cache data is often as sensitive as the database behind it.',
    where: ['terraform', 'cfn'],
    generates: 'Redis replication groups with TLS required, encryption at rest with the platform key, and an AUTH token in Secrets Manager rotated every 30 days.',
  },
  {
    id: 'ENC-LOGS',
    title: 'Encrypt log groups with KMS',
    description:
      'CloudWatch log groups set a KMS key. Logs routinely capture tokens, personal data and internal addresses, so they deserve the same protection as the data stores.',
    where: ['terraform', 'cfn'],
    generates: 'Every log group (cluster, containers, flow logs, CloudTrail, WAF, databases, caches) encrypted with the platform key, with a retention.',
  },

  // ── Detection ────────────────────────────────────────────────────────────
  {
    id: 'DET-GUARDDUTY',
    title: 'Enable GuardDuty with EKS protection and alerts',
    description:
      'GuardDuty is enabled with EKS audit-log monitoring and runtime monitoring, and its findings are routed (for example by an EventBridge rule) to someone who acts on them. It detects compromised instances, credential exfiltration, DNS anomalies and suspicious API calls.',
    where: ['terraform', 'cfn', 'live-aws'],
    generates: 'GuardDuty with EKS audit logs, runtime monitoring (agent managed as an EKS add-on), S3, RDS, EBS and Lambda protection; findings routed to an encrypted SNS topic.',
  },
  {
    id: 'DET-SECURITY-HUB',
    title: 'Enable Security Hub with foundational standards',
    description:
      'Security Hub is enabled with the AWS Foundational Security Best Practices and CIS standards and collects findings from GuardDuty, Inspector and Access Analyzer. It gives one place to track posture and drive remediation.',
    where: ['terraform', 'cfn', 'live-aws'],
    generates: 'Security Hub subscribed to AWS Foundational Security Best Practices and CIS AWS Foundations Benchmark v3.0.0.',
  },
  {
    id: 'DET-CLOUDTRAIL',
    title: 'Run a multi-region, validated, encrypted CloudTrail',
    description:
      'A CloudTrail trail covers all regions, has log file validation on and encrypts its logs with KMS. It is the record of who did what in AWS, and it must be complete and tamper-evident to be trusted.',
    where: ['terraform', 'cfn', 'live-aws'],
    generates: 'A multi-region CloudTrail trail with log file validation and KMS encryption, into its own protected bucket and CloudWatch Logs.',
  },
  {
    id: 'DET-EKS-AUDIT-LOGS',
    title: 'Enable and ship EKS control-plane audit logs',
    description:
      'The cluster enables at least the audit and authenticator control-plane log types, delivered to CloudWatch Logs and kept in a central store. They show who did what in Kubernetes, which incident response cannot do without.',
    where: ['terraform', 'cfn', 'live-aws'],
    generates: 'All five EKS control-plane log types, into an encrypted log group.',
  },
  {
    id: 'DET-INSPECTOR',
    title: 'Enable Amazon Inspector',
    description:
      'Amazon Inspector is enabled for EC2 and ECR so that hosts and container images are continuously assessed for known vulnerabilities. It catches vulnerabilities disclosed after an image was built and scanned.',
    where: ['terraform', 'cfn', 'live-aws'],
    generates: 'Amazon Inspector for ECR images and EC2 nodes.',
  },
  {
    id: 'DET-RUNTIME',
    title: 'Run runtime threat detection in the cluster',
    description:
      'A runtime detector watches container behaviour on every node: a Falco DaemonSet or GuardDuty runtime monitoring with its agent. Static checks cannot see a shell spawned in a container or an unexpected outbound connection; runtime detection can.',
    where: ['k8s', 'terraform', 'cfn'],
    generates: 'GuardDuty runtime monitoring with its EKS add-on managed by GuardDuty.',
  },

  // ── Supply chain ─────────────────────────────────────────────────────────
  {
    id: 'SUP-IMAGE-DIGEST',
    title: 'Deploy images by digest',
    description:
      'Container images are referenced by @sha256 digest, never by :latest or without a tag. A digest pins exactly the image that was tested and scanned; a tag can be moved to something else.',
    where: ['k8s', 'dockerfile'],
    generates: 'Deployments with images by digest, and a Kyverno policy that refuses images without one.',
  },
  {
    id: 'SUP-IMAGE-SCAN',
    title: 'Scan images for vulnerabilities',
    description:
      'Registries scan images on push (ECR scan on push or enhanced scanning), and CI scans with a tool such as Trivy and fails on HIGH or CRITICAL findings. Known-vulnerable images should be stopped before they are deployed.',
    where: ['terraform', 'cfn'],
    generates: 'ECR repositories that scan images on push.',
  },
  {
    id: 'SUP-ECR-IMMUTABLE',
    title: 'Make registry tags immutable',
    description:
      'ECR repositories set image tag mutability to IMMUTABLE. A tag then always points to the same image, so a pushed tag cannot be silently replaced by a malicious build.',
    where: ['terraform', 'cfn'],
    generates: 'ECR repositories with immutable tags and KMS encryption.',
  },
  {
    id: 'SUP-IMAGE-SIGNING',
    title: 'Sign images and verify signatures at admission',
    description:
      'Images are signed in the pipeline with Sigstore/cosign, and an admission policy (Kyverno, Gatekeeper, the Sigstore policy controller) refuses pods whose images lack a valid signature. Only images built by the trusted pipeline can then run.',
    where: ['k8s'],
    generates: 'A Kyverno verifyImages policy (Enforce) that checks the cosign signature of every service image, by key or keyless identity.',
  },
  {
    id: 'SUP-MINIMAL-IMAGE',
    title: 'Build from minimal bases with a non-root user',
    description:
      'Dockerfiles start from a minimal base such as distroless and switch to a non-root USER in the final stage. Fewer packages mean fewer vulnerabilities and fewer tools for an attacker to use.',
    where: ['dockerfile'],
  },

  // ── Cluster ──────────────────────────────────────────────────────────────
  {
    id: 'CLU-VERSION-CURRENT',
    title: 'Keep EKS within one minor version of the latest',
    description:
      'The cluster Kubernetes version is no more than one minor version behind the newest version EKS supports. Old versions stop getting security fixes and eventually fall out of standard support.',
    where: ['terraform', 'cfn', 'live-aws'],
  },
  {
    id: 'CLU-MANAGED-NODES',
    title: 'Use managed node groups or Bottlerocket',
    description:
      'Nodes run in EKS managed node groups (or on Bottlerocket) so that AMI updates and patching are automated. Hand-managed nodes drift, miss patches and carry custom settings nobody reviews.',
    where: ['terraform', 'cfn'],
    generates: 'An EKS managed node group on the EKS-optimized AL2023 image.',
  },
  {
    id: 'CLU-ADMISSION-POLICY',
    title: 'Enforce policies with an admission controller',
    description:
      'A policy engine (Kyverno, OPA Gatekeeper, or guardrail serve) validates every request at admission and rejects objects that break the platform rules. Checks in CI can be skipped; admission control applies to every change, including manual ones.',
    where: ['k8s'],
    generates: 'The guardrail admission webhook (`guardrail serve`) together with its Deployment, Service and ValidatingWebhookConfiguration.',
  },
  {
    id: 'CLU-CIS-BENCHMARK',
    title: 'Audit the cluster against the CIS benchmark',
    description:
      'The cluster and its nodes are regularly audited against the CIS Kubernetes or EKS benchmark (for example with kube-bench) and findings are fixed. The benchmark covers node files, processes and settings that manifests never show.',
    where: ['kubelet', 'live-aws'],
    limitation:
      'Most benchmark checks inspect files, permissions and processes on the nodes themselves, so they require running kube-bench on the nodes; guardrail does not run on nodes and does not replace it. Where a benchmark item has a manifest or IaC counterpart (RBAC, pod security, API endpoint, audit logs) guardrail checks that through the corresponding practice, and account-level CIS controls are reported by `guardrail audit aws`.',
  },
  {
    id: 'CLU-DISABLE-UNUSED',
    title: 'Turn off features the platform does not use',
    description:
      'Features that widen the attack surface are off unless needed: no NodePort or unnecessary LoadBalancer Services, no automounted service-account tokens, no deprecated or legacy APIs. Every exposed feature is one more thing to secure.',
    where: ['k8s'],
  },

  // ── Observability ────────────────────────────────────────────────────────
  {
    id: 'OBS-LATENCY',
    title: 'Measure and alert on p95/p99 latency',
    description:
      'Each core component has its p95 and p99 request or processing latency recorded, with alerts when they exceed an objective. Tail latency is what users and sessions actually feel and usually degrades before anything fails outright.',
    where: ['k8s'],
    generates: 'Prometheus recording rules for p95/p99 latency and latency alerts for each component.',
  },
  {
    id: 'OBS-ERROR-RATE',
    title: 'Measure and alert on error rates',
    description:
      'Each core component has its error or failure ratio measured (5xx responses, dropped packets, failed session establishments) and alerted on. The error rate is the most direct signal that users are affected.',
    where: ['k8s'],
    generates: 'Error-ratio alert rules for each component.',
  },
  {
    id: 'OBS-SATURATION',
    title: 'Measure saturation and set resource limits',
    description:
      'CPU throttling, memory working set, OOMKills and HPA scaling events are measured and alerted on, and every container declares CPU and memory requests and limits. Without requests and limits, saturation cannot be judged and one noisy workload can starve its neighbours.',
    where: ['k8s'],
    generates: 'Alert rules for CPU throttling, memory pressure, OOMKills and HPA at maximum replicas.',
  },
  {
    id: 'OBS-METRICS-SCRAPED',
    title: 'Scrape metrics from every workload',
    description:
      'Every workload exposes metrics that Prometheus or a compatible system collects, through a ServiceMonitor, a PodMonitor or scrape annotations. A workload nobody scrapes cannot be alerted on.',
    where: ['k8s'],
    generates: 'A ServiceMonitor for each Service.',
  },
  {
    id: 'OBS-LOGS-SHIPPED',
    title: 'Ship container and control-plane logs centrally',
    description:
      'A log shipper (Fluent Bit or Vector) forwards container logs, and the control-plane logs are exported, to a central store such as CloudWatch Logs, Loki or OpenSearch. Logs that stay on the node disappear with it and cannot be searched across services.',
    where: ['k8s', 'terraform', 'cfn'],
    generates: 'A Fluent Bit configuration shipping container logs to a KMS-encrypted CloudWatch Logs group, and its IRSA ServiceAccount.',
  },
  {
    id: 'OBS-TRACING',
    title: 'Collect traces through OpenTelemetry',
    description:
      'Services send traces to an OpenTelemetry Collector, which exports them to a tracing backend such as X-Ray or an APM. Traces show where time is spent across services, which metrics and logs alone cannot.',
    where: ['k8s'],
    generates: 'An OpenTelemetry Collector configuration: OTLP in, memory limiter, batch, traces to the tracing backend, metrics to Prometheus.',
  },
  {
    id: 'OBS-ALERT-ROUTING',
    title: 'Route alerts to people',
    description:
      'Alerts reach a human: Alertmanager routes or CloudWatch alarm actions send them to Slack, PagerDuty or a similar channel. An alert that fires into nothing is the same as no alert.',
    where: ['k8s', 'terraform', 'cfn'],
    generates: 'An Alertmanager routing configuration with receivers by severity.',
  },
  {
    id: 'OBS-DASHBOARDS',
    title: 'Provide golden-signal dashboards per component',
    description:
      'Dashboards show, for each component, the golden signals and the application metrics operators need: request rate, average and peak response time, data I/O, utilization, threads, disk and network. They are what lets a person on call understand an incident quickly.',
    where: ['k8s'],
    generates: 'A Grafana dashboard with golden-signal panels for each component.',
  },
  {
    id: 'OBS-HEALTH-PROBES',
    title: 'Define readiness and liveness probes',
    description:
      'Every long-running container declares a readiness probe and a liveness probe. Kubernetes then stops sending traffic to pods that are not ready and restarts stuck ones, and their health becomes observable.',
    where: ['k8s'],
    generates: 'Startup, liveness and readiness probes on every Deployment.',
  },
  {
    id: 'OBS-DATABASE',
    title: 'Monitor database health',
    description:
      'Databases are monitored for deadlocks, lock timeouts, slow queries, transaction log length, replication lag, vacuum and maintenance jobs, backups, errors and spills to disk. Database trouble is a frequent root cause of application incidents and builds up slowly.',
    where: ['k8s'],
    generates: 'Alert rules for database health (locks, slow queries, replication, backups, vacuum).',
  },

  // ── Governance and incident response ─────────────────────────────────────
  {
    id: 'GOV-ACCOUNT-SEPARATION',
    title: 'Separate production into its own AWS accounts',
    description:
      'Production and non-production workloads run in separate AWS accounts under AWS Organizations, with service control policies and SSO access through tightly defined groups. A breach or mistake in a test account then cannot reach production.',
    where: ['terraform', 'cfn', 'live-aws'],
  },
  {
    id: 'GOV-COMPLIANCE-MAPPING',
    title: 'Map findings to compliance frameworks',
    description:
      'Each finding can be traced to the controls of the frameworks the business must meet, such as CIS, SOC 2, PCI DSS, HIPAA, ISO 27001 and the NSA/CISA Kubernetes hardening guide. That turns scan output into audit evidence.',
    where: ['k8s', 'terraform', 'cfn', 'iam'],
    limitation:
      'This is a mapping, not a property of any configuration, so there is nothing to check in the scanned files. guardrail does not certify compliance; its reports can only reference the practice ids, and any framework mapping is reference information that needs review by the organization.',
  },
  {
    id: 'GOV-IAC-SCANNED',
    title: 'Scan infrastructure code in CI',
    description:
      'Infrastructure is described as code and scanned for misconfiguration in CI, and the build fails on serious findings. Running `guardrail scan` in the pipeline is how a platform meets this practice: its exit code and SARIF/JUnit reports gate the build.',
    where: ['k8s', 'terraform', 'cfn'],
  },
  {
    id: 'IR-CONTAIN',
    title: 'Be ready to contain a compromised workload',
    description:
      'When a workload is suspected to be compromised, it can be isolated at once with a quarantine NetworkPolicy or security group, its credentials revoked and its logs preserved before anything is changed. Having the isolation ready beforehand saves the first, most important minutes.',
    where: ['k8s'],
    generates: 'A quarantine NetworkPolicy that cuts all ingress and egress of a named workload.',
  },
];

export const PRACTICE_BY_ID: ReadonlyMap<string, Practice> = new Map(PRACTICES.map((p) => [p.id, p]));
