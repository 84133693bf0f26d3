# The core EKS cluster with Secrets envelope-encrypted under a customer-managed key; the module keeps its default encryption or names the key.
resource "aws_kms_key" "eks" {
  description         = "envelope encryption of the core cluster's Secrets"
  enable_key_rotation = true
}

resource "aws_eks_cluster" "core" {
  name     = "core"
  role_arn = "arn:aws:iam::111122223333:role/core-eks-cluster"
  version  = "1.30"

  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
  }

  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = aws_kms_key.eks.arn
    }
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "core"
  cluster_version = "1.30"
}

module "eks_byo_key" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name   = "core-dr"
  create_kms_key = false
  cluster_encryption_config = {
    resources        = ["secrets"]
    provider_key_arn = aws_kms_key.eks.arn
  }
}

module "karpenter" {
  source  = "terraform-aws-modules/eks/aws//modules/karpenter"
  version = "~> 20.0"

  cluster_name = module.eks.cluster_name
}
