# Terraform: node groups, the cluster and a Fargate profile in public subnets - by the subnets' settings and routes, or by the references' names.
resource "aws_vpc" "core" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_internet_gateway" "core" {
  vpc_id = aws_vpc.core.id
}

resource "aws_subnet" "public_a" {
  vpc_id                  = aws_vpc.core.id
  cidr_block              = "10.0.101.0/24"
  availability_zone       = "eu-west-1a"
  map_public_ip_on_launch = true
}

resource "aws_subnet" "edge" {
  vpc_id            = aws_vpc.core.id
  cidr_block        = "10.0.201.0/24"
  availability_zone = "eu-west-1b"
}

resource "aws_subnet" "private_a" {
  vpc_id            = aws_vpc.core.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_route_table" "edge" {
  vpc_id = aws_vpc.core.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.core.id
  }
}

resource "aws_route_table_association" "edge" {
  subnet_id      = aws_subnet.edge.id
  route_table_id = aws_route_table.edge.id
}

resource "aws_eks_node_group" "core" {
  cluster_name    = aws_eks_cluster.core.name
  node_group_name = "core"
  node_role_arn   = aws_iam_role.nodes.arn
  subnet_ids = [
    aws_subnet.public_a.id, # expect: nodes-in-private-subnets
    aws_subnet.private_a.id,
  ]

  scaling_config {
    desired_size = 3
    min_size     = 3
    max_size     = 6
  }
}

resource "aws_eks_node_group" "ingress" {
  cluster_name    = aws_eks_cluster.core.name
  node_group_name = "core-ingress-parser"
  node_role_arn   = aws_iam_role.nodes.arn
  subnet_ids      = [aws_subnet.edge.id] # expect: nodes-in-private-subnets

  scaling_config {
    desired_size = 2
    min_size     = 2
    max_size     = 4
  }
}

resource "aws_eks_cluster" "core" {
  name     = "core"
  role_arn = aws_iam_role.cluster.arn
  version  = "1.34"

  vpc_config {
    subnet_ids             = module.vpc.public_subnets # expect: nodes-in-private-subnets
    endpoint_public_access = false
  }
}

resource "aws_eks_fargate_profile" "core_routing" {
  cluster_name           = aws_eks_cluster.core.name
  fargate_profile_name   = "core-routing"
  pod_execution_role_arn = aws_iam_role.fargate.arn
  subnet_ids             = var.public_subnet_ids # expect: nodes-in-private-subnets

  selector {
    namespace = "core-routing"
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "core-tools"
  cluster_version = "1.34"
  subnet_ids      = module.vpc.private_subnets

  eks_managed_node_groups = {
    edge = {
      subnet_ids = module.vpc.public_subnets # expect: nodes-in-private-subnets
    }
  }
}
