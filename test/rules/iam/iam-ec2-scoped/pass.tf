# Terraform: the cluster autoscaler's documented policy: Describe actions on
# "*" and scaling only of the cluster's tagged Auto Scaling groups; the EBS
# CSI driver tags only volumes it creates.
data "aws_iam_policy_document" "cluster_autoscaler" {
  statement {
    actions = [
      "autoscaling:DescribeAutoScalingGroups",
      "autoscaling:DescribeAutoScalingInstances",
      "autoscaling:DescribeLaunchConfigurations",
      "autoscaling:DescribeTags",
      "ec2:DescribeInstanceTypes",
      "ec2:DescribeLaunchTemplateVersions",
    ]
    resources = ["*"]
  }

  statement {
    actions   = ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/k8s.io/cluster-autoscaler/core-eks"
      values   = ["owned"]
    }
  }
}

resource "aws_iam_policy" "ebs_csi_tags" {
  name = "core-ebs-csi-tags"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ec2:CreateTags"
      Resource = ["arn:aws:ec2:*:*:volume/*", "arn:aws:ec2:*:*:snapshot/*"]
      Condition = {
        StringEquals = { "ec2:CreateAction" = ["CreateVolume", "CreateSnapshot"] }
      }
    }]
  })
}
