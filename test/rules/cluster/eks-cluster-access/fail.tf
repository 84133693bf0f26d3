# Terraform: cluster-admin access entries for the account root and a CI role, creator bootstrap admin, ConfigMap-only authentication, and module access entries.
resource "aws_eks_cluster" "core" {
  name     = "core"
  role_arn = aws_iam_role.cluster.arn
  version  = "1.34"

  access_config {
    authentication_mode                         = "CONFIG_MAP" # expect: eks-cluster-access low
    bootstrap_cluster_creator_admin_permissions = true # expect: eks-cluster-access low
  }

  vpc_config {
    subnet_ids             = module.vpc.private_subnets
    endpoint_public_access = false
  }
}

resource "aws_eks_access_entry" "account" {
  cluster_name  = aws_eks_cluster.core.name
  principal_arn = "arn:aws:iam::111122223333:root"
}

resource "aws_eks_access_policy_association" "account" {
  cluster_name  = aws_eks_cluster.core.name
  principal_arn = "arn:aws:iam::111122223333:root"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy" # expect: eks-cluster-access critical

  access_scope {
    type = "cluster"
  }
}

resource "aws_iam_role" "deployer" {
  name               = "core-ci-deployer"
  assume_role_policy = data.aws_iam_policy_document.ci_trust.json
}

resource "aws_eks_access_policy_association" "deployer" {
  cluster_name  = aws_eks_cluster.core.name
  principal_arn = aws_iam_role.deployer.arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy" # expect: eks-cluster-access medium

  access_scope {
    type = "cluster"
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name                             = "core-tools"
  cluster_version                          = "1.34"
  subnet_ids                               = module.vpc.private_subnets
  enable_cluster_creator_admin_permissions = true # expect: eks-cluster-access low

  access_entries = {
    platform = {
      principal_arn = "arn:aws:iam::111122223333:role/core-platform-engineers"
      policy_associations = {
        admin = { # expect: eks-cluster-access medium
          policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = {
            type = "cluster"
          }
        }
      }
    }
  }
}
