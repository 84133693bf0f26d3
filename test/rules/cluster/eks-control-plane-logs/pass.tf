# Terraform: every control-plane log type; the module's defaults are not judged; an unresolved list is unknown.
variable "log_types" {
  type = list(string)
}

resource "aws_eks_cluster" "core" {
  name                      = "core"
  role_arn                  = aws_iam_role.cluster.arn
  version                   = "1.34"
  enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]

  vpc_config {
    subnet_ids             = module.vpc.private_subnets
    endpoint_public_access = false
  }
}

resource "aws_eks_cluster" "core_staging" {
  name                      = "core-staging"
  role_arn                  = aws_iam_role.cluster.arn
  enabled_cluster_log_types = var.log_types

  vpc_config {
    subnet_ids             = module.vpc.private_subnets
    endpoint_public_access = false
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "core-tools"
  cluster_version = "1.34"
  subnet_ids      = module.vpc.private_subnets
}
