# Terraform: API authentication without creator admin, cluster-admin only for the break-glass role, namespaced access for CI.
resource "aws_eks_cluster" "core" {
  name     = "core"
  role_arn = aws_iam_role.cluster.arn
  version  = "1.34"

  access_config {
    authentication_mode                         = "API"
    bootstrap_cluster_creator_admin_permissions = false
  }

  vpc_config {
    subnet_ids             = module.vpc.private_subnets
    endpoint_public_access = false
  }
}

resource "aws_iam_role" "break_glass" {
  name               = "core-eks-break-glass"
  assume_role_policy = data.aws_iam_policy_document.security_team_trust.json
}

resource "aws_eks_access_policy_association" "break_glass" {
  cluster_name  = aws_eks_cluster.core.name
  principal_arn = aws_iam_role.break_glass.arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"

  access_scope {
    type = "cluster"
  }
}

resource "aws_eks_access_policy_association" "deployer" {
  cluster_name  = aws_eks_cluster.core.name
  principal_arn = aws_iam_role.deployer.arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy"

  access_scope {
    type       = "namespace"
    namespaces = ["core-session-manager", "core-routing", "core-ingress-parser"]
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "core-tools"
  cluster_version = "1.34"
  subnet_ids      = module.vpc.private_subnets

  access_entries = {
    viewers = {
      principal_arn = "arn:aws:iam::111122223333:role/core-platform-engineers"
      policy_associations = {
        view = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
  }
}
