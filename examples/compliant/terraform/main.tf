# Core platform (eu-west-1, account 111122223333): the AWS side of the three
# core services core-ingress-parser -> core-routing -> core-session-manager
# running on the EKS cluster "core". The Kubernetes side is in ../k8s.
#
#   kms.tf        one customer-managed key (rotation, tight key policy)
#   network.tf    VPC, private node subnets, public ALB subnets, egress through
#                 AWS Network Firewall, flow logs, security groups, endpoints
#   eks.tf        cluster, managed node group, add-ons, access entries
#   irsa.tf       OIDC provider and one IRSA role per ServiceAccount
#   data.tf       sessions bucket, queues, routes table, Secrets Manager secrets
#   cache.tf      ElastiCache Redis for sessions
#   ecr.tf        image repositories
#   alb.tf        the public Application Load Balancer
#   waf.tf        its WAF web ACL
#   detection.tf  GuardDuty, Security Hub, CloudTrail, Inspector, Access
#                 Analyzer, password policy, account-wide S3 public access block

provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]

  default_tags {
    tags = {
      Environment = "prod"
      Platform    = "core"
      ManagedBy   = "terraform"
      Repository  = "example-org/platform"
    }
  }
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  name       = "core"
  account_id = "111122223333"
  region     = "eu-west-1"
  azs        = slice(data.aws_availability_zones.available.names, 0, 3)

  # The three core services: namespace and ServiceAccount share the service's name.
  services = ["core-session-manager", "core-routing", "core-ingress-parser"]

  # Roles people and pipelines use; the break-glass role is the only cluster admin.
  break_glass_role_arn = "arn:aws:iam::111122223333:role/platform-break-glass"
  terraform_role_arn   = "arn:aws:iam::111122223333:role/platform-terraform"
  ci_deploy_role_arn   = "arn:aws:iam::111122223333:role/core-platform-ci"
  readonly_role_arn    = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_PlatformReadOnly_4f1c2a9b7d3e5f60"

  # Issuer of the cluster's OIDC provider without the scheme: the prefix of the :sub and :aud condition keys.
  oidc_issuer = replace(aws_iam_openid_connect_provider.eks.url, "https://", "")
}
