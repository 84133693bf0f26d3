# Terraform: the latest EKS version, one behind it, an unset version (EKS picks its default) and an unresolved variable.
variable "cluster_version" {
  type = string
}

resource "aws_eks_cluster" "core" {
  name     = "core"
  role_arn = aws_iam_role.cluster.arn
  version  = "1.35"

  vpc_config {
    subnet_ids             = module.vpc.private_subnets
    endpoint_public_access = false
  }
}

resource "aws_eks_cluster" "core_staging" {
  name     = "core-staging"
  role_arn = aws_iam_role.cluster.arn
  version  = var.cluster_version

  vpc_config {
    subnet_ids             = module.vpc.private_subnets
    endpoint_public_access = false
  }
}

resource "aws_eks_cluster" "core_dev" {
  name     = "core-dev"
  role_arn = aws_iam_role.cluster.arn

  vpc_config {
    subnet_ids             = module.vpc.private_subnets
    endpoint_public_access = false
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name               = "core-tools"
  kubernetes_version = "1.34"
  subnet_ids         = module.vpc.private_subnets
}
