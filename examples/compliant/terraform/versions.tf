# Provider and state configuration of the core platform's root module.
terraform {
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }

  # State in S3, encrypted with KMS, locked with S3 conditional writes.
  backend "s3" {
    bucket       = "core-platform-tfstate-111122223333"
    key          = "core-platform/eu-west-1/terraform.tfstate"
    region       = "eu-west-1"
    encrypt      = true
    kms_key_id   = "alias/core-platform-tfstate"
    use_lockfile = true
  }
}
