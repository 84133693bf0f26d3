# Terraform: versions behind the EKS calendar in src/data/eks-versions.ts - standard support but two behind, extended support, out of support.
variable "cluster_version" {
  type    = string
  default = "1.30"
}

resource "aws_eks_cluster" "core" {
  name     = "core"
  role_arn = aws_iam_role.cluster.arn
  version  = "1.33" # expect: eks-version-current medium

  vpc_config {
    subnet_ids             = module.vpc.private_subnets
    endpoint_public_access = false
  }
}

resource "aws_eks_cluster" "core_staging" {
  name     = "core-staging"
  role_arn = aws_iam_role.cluster.arn
  version  = var.cluster_version # expect: eks-version-current medium

  vpc_config {
    subnet_ids             = module.vpc.private_subnets
    endpoint_public_access = false
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "core-legacy"
  cluster_version = "1.27" # expect: eks-version-current high
  subnet_ids      = module.vpc.private_subnets
}
