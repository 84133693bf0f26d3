# Mistakes shown:
# - Kubernetes 1.28, out of every EKS support window
# - a public API endpoint open to 0.0.0.0/0
# - only the "api" control-plane log: no audit, no authenticator log
# - no envelope encryption of Kubernetes Secrets with a KMS key
# - the cluster creator keeps permanent cluster-admin, and the CI role gets
#   AmazonEKSClusterAdminPolicy on the whole cluster
# - nodes in the public subnets, with public IPs
# - a node role carrying AmazonS3FullAccess and the VPC CNI policy, which
#   every pod on the node can use through the instance metadata service
# - an extra self-managed Auto Scaling group of nodes on a hand-built AMI
# - the control-plane log group is not encrypted with a KMS key
# - a suppression written above the wrong resource, so it matches nothing

resource "aws_iam_role" "cluster" {
  name = "core-eks-cluster"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "eks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "cluster" {
  role       = aws_iam_role.cluster.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"
}

resource "aws_cloudwatch_log_group" "eks" {
  name              = "/aws/eks/core/cluster"
  retention_in_days = 7
}

resource "aws_eks_cluster" "core" {
  name     = "core"
  version  = var.cluster_version
  role_arn = aws_iam_role.cluster.arn

  enabled_cluster_log_types = ["api"]

  access_config {
    authentication_mode                         = "API_AND_CONFIG_MAP"
    bootstrap_cluster_creator_admin_permissions = true
  }

  vpc_config {
    subnet_ids              = aws_subnet.public[*].id
    endpoint_public_access  = true
    endpoint_private_access = false
    public_access_cidrs     = ["0.0.0.0/0"]
  }
}

# guardrail:ignore eks-cluster-access CI installs CRDs and needs cluster-admin
resource "aws_eks_access_entry" "ci" {
  cluster_name  = aws_eks_cluster.core.name
  principal_arn = "arn:aws:iam::111122223333:role/github-actions-deploy"
}

resource "aws_eks_access_policy_association" "ci" {
  cluster_name  = aws_eks_cluster.core.name
  principal_arn = "arn:aws:iam::111122223333:role/github-actions-deploy"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"

  access_scope {
    type = "cluster"
  }
}

resource "aws_iam_role" "node" {
  name = "eks-node-group-role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "node_worker" {
  role       = aws_iam_role.node.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"
}

resource "aws_iam_role_policy_attachment" "node_ecr" {
  role       = aws_iam_role.node.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"
}

resource "aws_iam_role_policy_attachment" "node_cni" {
  role       = aws_iam_role.node.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"
}

resource "aws_iam_role_policy_attachment" "node_s3" {
  role       = aws_iam_role.node.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
}

resource "aws_eks_node_group" "core" {
  cluster_name    = aws_eks_cluster.core.name
  node_group_name = "core"
  node_role_arn   = aws_iam_role.node.arn
  subnet_ids      = aws_subnet.public[*].id
  instance_types  = ["m5.xlarge"]

  remote_access {
    ec2_ssh_key               = "platform-team"
    source_security_group_ids = [aws_security_group.nodes.id]
  }

  scaling_config {
    min_size     = 2
    desired_size = 3
    max_size     = 6
  }
}

# "Temporary" nodes for the session audit database, on an AMI someone built by hand in 2023.
resource "aws_launch_template" "legacy_nodes" {
  name_prefix   = "core-legacy-"
  image_id      = "ami-0a1b2c3d4e5f60718"
  instance_type = "r5.large"
  key_name      = "platform-team"

  iam_instance_profile {
    name = "eks-node-group-role"
  }

  vpc_security_group_ids = [aws_security_group.nodes.id]

  tag_specifications {
    resource_type = "instance"
    tags = {
      "kubernetes.io/cluster/core" = "owned"
    }
  }
}

resource "aws_autoscaling_group" "legacy_nodes" {
  name                = "core-legacy-nodes"
  min_size            = 1
  max_size            = 2
  desired_capacity    = 1
  vpc_zone_identifier = aws_subnet.public[*].id

  launch_template {
    id      = aws_launch_template.legacy_nodes.id
    version = "$Latest"
  }

  tag {
    key                 = "kubernetes.io/cluster/core"
    value               = "owned"
    propagate_at_launch = true
  }
}
