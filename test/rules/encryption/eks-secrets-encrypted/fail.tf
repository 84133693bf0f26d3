# The core EKS cluster without envelope encryption of Secrets: the resource, and the terraform-aws-modules/eks module with encryption switched off or on v18 defaults.
resource "aws_eks_cluster" "core" { # expect: eks-secrets-encrypted
  name     = "core"
  role_arn = "arn:aws:iam::111122223333:role/core-eks-cluster"
  version  = "1.30"

  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
  }
}

resource "aws_eks_cluster" "core_staging" {
  name     = "core-staging"
  role_arn = "arn:aws:iam::111122223333:role/core-eks-cluster"

  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
  }

  encryption_config { # expect: eks-secrets-encrypted
    resources = ["configmaps"]
    provider {
      key_arn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    }
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name              = "core"
  cluster_version           = "1.30"
  cluster_encryption_config = {} # expect: eks-secrets-encrypted
}

module "eks_legacy" {
  source  = "terraform-aws-modules/eks/aws"
  version = "18.31.2" # expect: eks-secrets-encrypted

  cluster_name    = "core-legacy"
  cluster_version = "1.27"
}
