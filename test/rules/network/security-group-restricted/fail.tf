# Terraform: world-open ingress - SSH and HTTPS on the node group, extra ports on the ALB's group, all traffic over IPv6, PostgreSQL, an internal balancer, and module rules.
resource "aws_security_group" "nodes" {
  name   = "core-nodes"
  vpc_id = module.vpc.vpc_id

  ingress {
    description = "SSH for debugging"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: security-group-restricted critical
  }

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: security-group-restricted high
  }
}

resource "aws_security_group_rule" "nodes_all_ipv6" {
  type              = "ingress"
  security_group_id = aws_security_group.nodes.id
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  ipv6_cidr_blocks  = ["::/0"] # expect: security-group-restricted critical
}

resource "aws_security_group" "alb" {
  name   = "core-ingress-parser-alb"
  vpc_id = module.vpc.vpc_id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: security-group-restricted high
  }
}

resource "aws_lb" "ingress" {
  name               = "core-ingress-parser"
  load_balancer_type = "application"
  security_groups    = [aws_security_group.alb.id]
  subnets            = module.vpc.public_subnets
}

resource "aws_security_group" "sessions_db" {
  name   = "core-session-manager-db"
  vpc_id = module.vpc.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "sessions_db" {
  security_group_id = aws_security_group.sessions_db.id
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
  cidr_ipv4         = "0.0.0.0/0" # expect: security-group-restricted critical
}

resource "aws_security_group" "internal_alb" {
  name   = "core-routing-internal-alb"
  vpc_id = module.vpc.vpc_id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: security-group-restricted high
  }
}

resource "aws_lb" "internal" {
  name            = "core-routing-internal"
  internal        = true
  security_groups = [aws_security_group.internal_alb.id]
  subnets         = module.vpc.private_subnets
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "core-tools"
  cluster_version = "1.34"
  subnet_ids      = module.vpc.private_subnets

  node_security_group_additional_rules = {
    kubelet_debug = {
      type        = "ingress"
      protocol    = "tcp"
      from_port   = 10250
      to_port     = 10250
      cidr_blocks = ["0.0.0.0/0"] # expect: security-group-restricted high
    }
  }
}
