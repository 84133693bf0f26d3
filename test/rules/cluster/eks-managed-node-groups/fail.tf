# Terraform: self-managed node ASGs (tagged themselves or through their launch template), custom-AMI managed node groups, and module self-managed groups.
resource "aws_launch_template" "legacy_nodes" {
  name_prefix = "core-legacy-nodes-"
  image_id    = data.aws_ssm_parameter.eks_ami.value

  tag_specifications {
    resource_type = "instance"
    tags = {
      "kubernetes.io/cluster/core" = "owned"
    }
  }
}

resource "aws_autoscaling_group" "legacy_nodes" {
  name                = "core-legacy-nodes"
  min_size            = 2
  max_size            = 6
  vpc_zone_identifier = module.vpc.private_subnets

  launch_template { # expect: eks-managed-node-groups medium
    id      = aws_launch_template.legacy_nodes.id
    version = "$Latest"
  }
}

resource "aws_autoscaling_group" "gpu_nodes" {
  name                = "core-gpu-nodes"
  min_size            = 0
  max_size            = 2
  vpc_zone_identifier = module.vpc.private_subnets
  launch_configuration = aws_launch_configuration.gpu.name

  tag {
    key                 = "kubernetes.io/cluster/${var.cluster_name}" # expect: eks-managed-node-groups medium
    value               = "owned"
    propagate_at_launch = true
  }
}

resource "aws_eks_node_group" "hardened" {
  cluster_name    = aws_eks_cluster.core.name
  node_group_name = "core-hardened"
  node_role_arn   = aws_iam_role.nodes.arn
  subnet_ids      = module.vpc.private_subnets
  ami_type        = "CUSTOM" # expect: eks-managed-node-groups low

  scaling_config {
    desired_size = 2
    min_size     = 2
    max_size     = 4
  }
}

resource "aws_launch_template" "golden" {
  name_prefix = "core-golden-"
  image_id    = "ami-0123456789abcdef0"
}

resource "aws_eks_node_group" "golden" {
  cluster_name    = aws_eks_cluster.core.name
  node_group_name = "core-golden"
  node_role_arn   = aws_iam_role.nodes.arn
  subnet_ids      = module.vpc.private_subnets

  launch_template { # expect: eks-managed-node-groups low
    id      = aws_launch_template.golden.id
    version = aws_launch_template.golden.latest_version
  }

  scaling_config {
    desired_size = 2
    min_size     = 2
    max_size     = 4
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "core-tools"
  cluster_version = "1.34"
  subnet_ids      = module.vpc.private_subnets

  self_managed_node_groups = {
    batch = { # expect: eks-managed-node-groups medium
      instance_type = "m6i.large"
    }
  }
}
