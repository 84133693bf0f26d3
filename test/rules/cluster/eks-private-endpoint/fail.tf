# Terraform: public EKS API endpoints - by default, open to the world, restricted, and through the EKS module.
variable "admin_cidrs" {
  type    = list(string)
  default = ["0.0.0.0/0"]
}

resource "aws_eks_cluster" "core" {
  name     = "core"
  role_arn = aws_iam_role.cluster.arn
  version  = "1.34"

  vpc_config { # expect: eks-private-endpoint high
    subnet_ids              = module.vpc.private_subnets
    endpoint_private_access = true
  }
}

resource "aws_eks_cluster" "core_staging" {
  name     = "core-staging"
  role_arn = aws_iam_role.cluster.arn

  vpc_config {
    subnet_ids             = module.vpc.private_subnets
    endpoint_public_access = true
    public_access_cidrs    = ["203.0.113.0/24", "0.0.0.0/0"] # expect: eks-private-endpoint high
  }
}

resource "aws_eks_cluster" "core_dev" {
  name     = "core-dev"
  role_arn = aws_iam_role.cluster.arn

  vpc_config {
    subnet_ids             = module.vpc.private_subnets
    endpoint_public_access = true # expect: eks-private-endpoint low
    public_access_cidrs    = ["203.0.113.0/24"]
  }
}

resource "aws_eks_cluster" "core_sandbox" {
  name     = "core-sandbox"
  role_arn = aws_iam_role.cluster.arn

  vpc_config {
    subnet_ids          = module.vpc.private_subnets
    public_access_cidrs = var.admin_cidrs # expect: eks-private-endpoint high
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name                   = "core-tools"
  cluster_version                = "1.34"
  cluster_endpoint_public_access = true # expect: eks-private-endpoint high
  vpc_id                         = module.vpc.vpc_id
  subnet_ids                     = module.vpc.private_subnets
}
