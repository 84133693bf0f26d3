# The platform VPC has a flow log; the edge VPC and the VPCs of two
# terraform-aws-modules/vpc calls do not.

resource "aws_vpc" "platform" {
  cidr_block = "10.20.0.0/16"
}

resource "aws_flow_log" "platform" {
  vpc_id               = aws_vpc.platform.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::platform-flow-logs-111122223333"
}

resource "aws_vpc" "edge" { # expect: vpc-flow-logs medium
  cidr_block = "10.30.0.0/16"
}

module "vpc_data" { # expect: vpc-flow-logs
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.8.1"

  name = "data"
  cidr = "10.40.0.0/16"
}

module "vpc_legacy" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.8.1"

  name            = "legacy"
  cidr            = "10.50.0.0/16"
  enable_flow_log = false # expect: vpc-flow-logs
}
