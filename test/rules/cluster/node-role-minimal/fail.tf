# Terraform: node roles with policies beyond what nodes need - attachments, an inline policy, managed_policy_arns, and module additions.
resource "aws_iam_role" "nodes" {
  name = "core-nodes"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "nodes_worker" {
  role       = aws_iam_role.nodes.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"
}

resource "aws_iam_role_policy_attachment" "nodes_ecr" {
  role       = aws_iam_role.nodes.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"
}

resource "aws_iam_role_policy_attachment" "nodes_cni" {
  role       = aws_iam_role.nodes.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonEKS_CNI_Policy" # expect: node-role-minimal medium
}

resource "aws_iam_role_policy_attachment" "nodes_s3" {
  role       = aws_iam_role.nodes.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3FullAccess" # expect: node-role-minimal high
}

resource "aws_iam_role_policy_attachment" "nodes_sessions" {
  role       = aws_iam_role.nodes.id
  policy_arn = aws_iam_policy.core_sessions.arn # expect: node-role-minimal high
}

resource "aws_iam_policy" "core_sessions" {
  name = "core-session-manager-sessions"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "arn:aws:s3:::core-sessions/*" }]
  })
}

resource "aws_iam_role_policy" "nodes_debug" {
  name = "core-nodes-debug"
  role = aws_iam_role.nodes.id
  policy = jsonencode({ # expect: node-role-minimal high
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["ssm:GetParameter"], Resource = "*" }]
  })
}

resource "aws_eks_node_group" "core" {
  cluster_name    = aws_eks_cluster.core.name
  node_group_name = "core"
  node_role_arn   = aws_iam_role.nodes.arn
  subnet_ids      = module.vpc.private_subnets

  scaling_config {
    desired_size = 3
    min_size     = 3
    max_size     = 6
  }
}

data "aws_iam_policy_document" "ec2_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

# A self-managed nodes' role: EC2 trust and the worker-node policy make it a node role.
resource "aws_iam_role" "legacy_nodes" {
  name               = "core-legacy-nodes"
  assume_role_policy = data.aws_iam_policy_document.ec2_trust.json
  managed_policy_arns = [
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
    "arn:aws:iam::aws:policy/AdministratorAccess", # expect: node-role-minimal high
  ]
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "core-tools"
  cluster_version = "1.34"
  subnet_ids      = module.vpc.private_subnets

  eks_managed_node_group_defaults = {
    iam_role_additional_policies = {
      ssm = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
    }
  }

  eks_managed_node_groups = {
    core = {
      instance_types = ["m6i.large"]
      iam_role_additional_policies = {
        s3 = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" # expect: node-role-minimal high
      }
    }
  }
}
