# Terraform: the core VPC's NAT egress goes through AWS Network Firewall.
resource "aws_vpc" "core" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_internet_gateway" "core" {
  vpc_id = aws_vpc.core.id
}

resource "aws_nat_gateway" "core" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public_a.id
}

resource "aws_networkfirewall_firewall" "core" {
  name                = "core-egress"
  firewall_policy_arn = aws_networkfirewall_firewall_policy.core.arn
  vpc_id              = aws_vpc.core.id

  subnet_mapping {
    subnet_id = aws_subnet.firewall_a.id
  }
}
