# The core platform as first written, before guardrail: one root module that
# "does everything" for the three core services on EKS in eu-west-1.
#
# Mistakes shown (this file):
# - no account baseline anywhere in the module: no GuardDuty detector, no
#   Security Hub, no CloudTrail trail, no Inspector, no IAM Access Analyzer,
#   no account password policy ("we'll turn those on later")
# - staging resources deployed through the same provider as production
#   (see data.tf), so both live in one account
provider "aws" {
  region = "eu-west-1"
}

data "aws_caller_identity" "current" {}

data "aws_availability_zones" "available" {}

locals {
  name = "core"
  azs  = slice(data.aws_availability_zones.available.names, 0, 3)
}
