# Terraform: the core VPC reaches the internet through an internet and a NAT gateway, and the module defines no network firewall.
resource "aws_vpc" "core" { # expect: egress-firewall low
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
}

resource "aws_internet_gateway" "core" {
  vpc_id = aws_vpc.core.id
}

resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_nat_gateway" "core" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public_a.id
}
