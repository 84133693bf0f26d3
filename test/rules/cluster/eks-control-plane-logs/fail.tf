# Terraform: no control-plane logs, audit missing, only the troubleshooting logs missing, and the module's explicit list.
locals {
  log_types = ["api", "audit"]
}

resource "aws_eks_cluster" "core" { # expect: eks-control-plane-logs high
  name     = "core"
  role_arn = aws_iam_role.cluster.arn
  version  = "1.34"

  vpc_config {
    subnet_ids             = module.vpc.private_subnets
    endpoint_public_access = false
  }
}

resource "aws_eks_cluster" "core_staging" {
  name                      = "core-staging"
  role_arn                  = aws_iam_role.cluster.arn
  enabled_cluster_log_types = local.log_types # expect: eks-control-plane-logs high

  vpc_config {
    subnet_ids             = module.vpc.private_subnets
    endpoint_public_access = false
  }
}

resource "aws_eks_cluster" "core_dev" {
  name                      = "core-dev"
  role_arn                  = aws_iam_role.cluster.arn
  enabled_cluster_log_types = ["api", "audit", "authenticator"] # expect: eks-control-plane-logs medium

  vpc_config {
    subnet_ids             = module.vpc.private_subnets
    endpoint_public_access = false
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name              = "core-tools"
  cluster_version           = "1.34"
  cluster_enabled_log_types = [] # expect: eks-control-plane-logs high
  subnet_ids                = module.vpc.private_subnets
}
