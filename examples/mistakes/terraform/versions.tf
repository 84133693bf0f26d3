# Mistakes shown:
# - local state (no backend): the state, with every secret Terraform knows,
#   sits unencrypted on whoever last ran apply
# - no version pinning of the AWS provider
terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}
