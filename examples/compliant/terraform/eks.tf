# The EKS cluster "core": current Kubernetes version, private API endpoint
# only (reached from the VPN and the CI runners inside the VPC), every
# control-plane log type, Secrets envelope-encrypted with the platform key,
# API authentication mode with explicit access entries, and one managed node
# group in the private subnets whose role holds only what nodes need.

resource "aws_cloudwatch_log_group" "eks_cluster" {
  # EKS writes control-plane logs here; created first so that it is encrypted and kept for a year.
  name              = "/aws/eks/core/cluster"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.platform.arn
}

resource "aws_cloudwatch_log_group" "containers" {
  # Fluent Bit ships container logs here (fluent-bit-sa-role).
  name              = "/aws/eks/core-platform/containers"
  retention_in_days = 90
  kms_key_id        = aws_kms_key.platform.arn
}

resource "aws_iam_role" "cluster" {
  name = "core-eks-cluster"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
      Condition = {
        StringEquals = { "aws:SourceAccount" = local.account_id }
      }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "cluster" {
  role       = aws_iam_role.cluster.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"
}

resource "aws_eks_cluster" "core" {
  name     = "core"
  version  = "1.35"
  role_arn = aws_iam_role.cluster.arn

  enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]

  access_config {
    authentication_mode                         = "API"
    bootstrap_cluster_creator_admin_permissions = false
  }

  vpc_config {
    subnet_ids              = aws_subnet.private[*].id
    endpoint_private_access = true
    endpoint_public_access  = false
  }

  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = aws_kms_key.platform.arn
    }
  }

  upgrade_policy {
    support_type = "STANDARD"
  }

  depends_on = [
    aws_cloudwatch_log_group.eks_cluster,
    aws_iam_role_policy_attachment.cluster,
  ]
}

# ── Access entries: the break-glass role is the only cluster admin ─────────

resource "aws_eks_access_entry" "break_glass" {
  cluster_name  = aws_eks_cluster.core.name
  principal_arn = local.break_glass_role_arn
}

resource "aws_eks_access_policy_association" "break_glass" {
  cluster_name  = aws_eks_cluster.core.name
  principal_arn = local.break_glass_role_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"

  access_scope {
    type = "cluster"
  }
}

resource "aws_eks_access_entry" "readonly" {
  cluster_name  = aws_eks_cluster.core.name
  principal_arn = local.readonly_role_arn
}

resource "aws_eks_access_policy_association" "readonly" {
  cluster_name  = aws_eks_cluster.core.name
  principal_arn = local.readonly_role_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"

  access_scope {
    type = "cluster"
  }
}

# The CI role (GitHub Actions OIDC, see ../cloudformation) deploys the three services' namespaces only.
resource "aws_eks_access_entry" "ci_deploy" {
  cluster_name  = aws_eks_cluster.core.name
  principal_arn = local.ci_deploy_role_arn
}

resource "aws_eks_access_policy_association" "ci_deploy" {
  cluster_name  = aws_eks_cluster.core.name
  principal_arn = local.ci_deploy_role_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy"

  access_scope {
    type       = "namespace"
    namespaces = local.services
  }
}

# ── Managed node group ──────────────────────────────────────────────────────

resource "aws_iam_role" "node" {
  name = "core-eks-node"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

# Join the cluster and pull images; nothing else. The VPC CNI gets its own
# role through EKS Pod Identity, and workloads get theirs through IRSA.
resource "aws_iam_role_policy_attachment" "node_worker" {
  role       = aws_iam_role.node.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSWorkerNodeMinimalPolicy"
}

resource "aws_iam_role_policy_attachment" "node_ecr_pull" {
  role       = aws_iam_role.node.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly"
}

resource "aws_launch_template" "nodes" {
  name_prefix            = "core-nodes-"
  update_default_version = true
  vpc_security_group_ids = [aws_eks_cluster.core.vpc_config[0].cluster_security_group_id, aws_security_group.nodes.id]

  # IMDSv2 only, one hop: pods cannot reach the node role's credentials.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size           = 50
      volume_type           = "gp3"
      encrypted             = true
      kms_key_id            = aws_kms_key.platform.arn
      delete_on_termination = true
    }
  }
}

resource "aws_eks_node_group" "core" {
  cluster_name    = aws_eks_cluster.core.name
  node_group_name = "core-general"
  node_role_arn   = aws_iam_role.node.arn
  subnet_ids      = aws_subnet.private[*].id
  ami_type        = "AL2023_x86_64_STANDARD"
  capacity_type   = "ON_DEMAND"
  instance_types  = ["m7i.xlarge"]

  launch_template {
    id      = aws_launch_template.nodes.id
    version = aws_launch_template.nodes.latest_version
  }

  scaling_config {
    min_size     = 3
    desired_size = 3
    max_size     = 9
  }

  update_config {
    max_unavailable = 1
  }

  depends_on = [
    aws_iam_role_policy_attachment.node_worker,
    aws_iam_role_policy_attachment.node_ecr_pull,
  ]
}

# ── Add-ons ─────────────────────────────────────────────────────────────────

resource "aws_eks_addon" "pod_identity_agent" {
  cluster_name = aws_eks_cluster.core.name
  addon_name   = "eks-pod-identity-agent"
}

resource "aws_eks_addon" "vpc_cni" {
  cluster_name = aws_eks_cluster.core.name
  addon_name   = "vpc-cni"

  pod_identity_association {
    role_arn        = aws_iam_role.vpc_cni.arn
    service_account = "aws-node"
  }

  configuration_values = jsonencode({
    enableNetworkPolicy = "true"
  })

  depends_on = [aws_eks_addon.pod_identity_agent]
}

resource "aws_eks_addon" "coredns" {
  cluster_name = aws_eks_cluster.core.name
  addon_name   = "coredns"
  depends_on   = [aws_eks_node_group.core]
}

resource "aws_eks_addon" "kube_proxy" {
  cluster_name = aws_eks_cluster.core.name
  addon_name   = "kube-proxy"
}

# The VPC CNI's own role, assumed through EKS Pod Identity by kube-system/aws-node only.
resource "aws_iam_role" "vpc_cni" {
  name = "core-vpc-cni"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
      Condition = {
        StringEquals = {
          "aws:SourceAccount" = local.account_id
          "aws:SourceArn"     = "arn:aws:eks:eu-west-1:111122223333:cluster/core"
        }
      }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "vpc_cni" {
  role       = aws_iam_role.vpc_cni.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"
}
