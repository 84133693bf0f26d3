# Terraform: managed node groups (EKS-optimized and Bottlerocket AMI types, a launch template without an AMI), and an ASG that is not a node group.
resource "aws_launch_template" "nodes" {
  name_prefix            = "core-nodes-"
  update_default_version = true

  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }
}

resource "aws_eks_node_group" "core" {
  cluster_name    = aws_eks_cluster.core.name
  node_group_name = "core"
  node_role_arn   = aws_iam_role.nodes.arn
  subnet_ids      = module.vpc.private_subnets
  ami_type        = "BOTTLEROCKET_x86_64"

  launch_template {
    id      = aws_launch_template.nodes.id
    version = aws_launch_template.nodes.latest_version
  }

  scaling_config {
    desired_size = 3
    min_size     = 3
    max_size     = 6
  }
}

resource "aws_autoscaling_group" "bastion" {
  name                = "core-bastion"
  min_size            = 1
  max_size            = 1
  vpc_zone_identifier = module.vpc.private_subnets

  tag {
    key                 = "Name"
    value               = "core-bastion"
    propagate_at_launch = true
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "core-tools"
  cluster_version = "1.34"
  subnet_ids      = module.vpc.private_subnets

  eks_managed_node_groups = {
    core = {
      ami_type       = "AL2023_x86_64_STANDARD"
      instance_types = ["m6i.large"]
    }
  }
}
