# Mistakes shown:
# - one IRSA role, core-platform-shared-role, for core-session-manager AND
#   core-routing (their ServiceAccounts in ../k8s both name it), so either
#   service can do everything the other needs
# - its trust policy admits every service account of every namespace
#   (StringLike system:serviceaccount:*:*) and checks no audience
# - its policy: s3:* and kms:* on "*", SQS and DynamoDB on every resource,
#   every secret in the account, and sts:AssumeRole on any role
# - core-ingress-parser's role trusts the namespace's "default" service
#   account instead of core-ingress-parser (copy-paste), without audience,
#   and grants sqs:* and logs:* everywhere
# - the cluster-autoscaler role trusts every kube-system service account and
#   holds ec2:* and iam:* ("it needed to pass the node role")

resource "aws_iam_openid_connect_provider" "eks" {
  url             = aws_eks_cluster.core.identity[0].oidc[0].issuer
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"]
}

locals {
  oidc = replace(aws_iam_openid_connect_provider.eks.url, "https://", "")
}

resource "aws_iam_role" "shared" {
  name = "core-platform-shared-role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.eks.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringLike = {
          "${local.oidc}:sub" = "system:serviceaccount:*:*"
        }
      }
    }]
  })
}

resource "aws_iam_role_policy" "shared" {
  name = "core-platform"
  role = aws_iam_role.shared.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "Sessions"
        Effect   = "Allow"
        Action   = "s3:*"
        Resource = "*"
      },
      {
        Sid      = "Encryption"
        Effect   = "Allow"
        Action   = "kms:*"
        Resource = "*"
      },
      {
        Sid      = "QueuesAndTables"
        Effect   = "Allow"
        Action   = ["sqs:*", "dynamodb:*", "ssm:GetParametersByPath"]
        Resource = "*"
      },
      {
        Sid      = "Secrets"
        Effect   = "Allow"
        Action   = "secretsmanager:GetSecretValue"
        Resource = "*"
      },
      {
        Sid      = "DataAccount"
        Effect   = "Allow"
        Action   = "sts:AssumeRole"
        Resource = "*"
      },
    ]
  })
}

resource "aws_iam_role" "core_ingress_parser" {
  name = "core-ingress-parser-sa-role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.eks.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.oidc}:sub" = "system:serviceaccount:core-ingress-parser:default"
        }
      }
    }]
  })
}

resource "aws_iam_role_policy" "core_ingress_parser" {
  name = "core-ingress-parser"
  role = aws_iam_role.core_ingress_parser.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["sqs:*", "logs:*"]
      Resource = "*"
    }]
  })
}

resource "aws_iam_role" "cluster_autoscaler" {
  name = "cluster-autoscaler"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.eks.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringLike = {
          "${local.oidc}:sub" = "system:serviceaccount:kube-system:*"
          "${local.oidc}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "aws_iam_role_policy" "cluster_autoscaler" {
  name = "cluster-autoscaler"
  role = aws_iam_role.cluster_autoscaler.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["autoscaling:*", "ec2:*"]
        Resource = "*"
      },
      {
        Effect   = "Allow"
        Action   = "iam:*"
        Resource = "*"
      },
    ]
  })
}
