# IAM roles for service accounts. The cluster's OIDC provider, and one role
# per Kubernetes ServiceAccount, named as its eks.amazonaws.com/role-arn
# annotation says (../k8s). Each trust policy admits exactly
# system:serviceaccount:<namespace>:<name> (StringEquals) with the audience
# sts.amazonaws.com; each permission policy names its actions and resources.
# The three service policies are written in the three usual ways (a policy
# document data source, jsonencode, a heredoc); ../iam holds them as JSON.

resource "aws_iam_openid_connect_provider" "eks" {
  url            = aws_eks_cluster.core.identity[0].oidc[0].issuer
  client_id_list = ["sts.amazonaws.com"]
}

# ── core-session-manager ───────────────────────────────────────────────────
# Sessions in S3 under its own prefix, envelope keys from the platform key,
# and its Redis AUTH token from Secrets Manager.

resource "aws_iam_role" "core_session_manager" {
  name                 = "core-session-manager-sa-role"
  max_session_duration = 3600
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "CoreSessionManagerServiceAccountOnly"
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.eks.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.oidc_issuer}:sub" = "system:serviceaccount:core-session-manager:core-session-manager"
          "${local.oidc_issuer}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

data "aws_iam_policy_document" "core_session_manager" {
  statement {
    sid       = "SessionObjects"
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${aws_s3_bucket.sessions.arn}/core-session-manager/*"]
  }

  statement {
    sid       = "ListOwnPrefix"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.sessions.arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["core-session-manager/*"]
    }
  }

  statement {
    sid       = "SessionEnvelopeKeys"
    effect    = "Allow"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.platform.arn]
  }

  statement {
    sid       = "RedisAuthToken"
    effect    = "Allow"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = [aws_secretsmanager_secret.redis_auth.arn]
  }
}

resource "aws_iam_policy" "core_session_manager" {
  name        = "core-session-manager"
  description = "core-session-manager: its S3 prefix, the platform key, its Redis AUTH secret"
  policy      = data.aws_iam_policy_document.core_session_manager.json
}

resource "aws_iam_role_policy_attachment" "core_session_manager" {
  role       = aws_iam_role.core_session_manager.name
  policy_arn = aws_iam_policy.core_session_manager.arn
}

# ── core-routing ───────────────────────────────────────────────────────────
# Route tables from SSM Parameter Store, routes in DynamoDB, work from its SQS queue.

resource "aws_iam_role" "core_routing" {
  name                 = "core-routing-sa-role"
  max_session_duration = 3600
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "CoreRoutingServiceAccountOnly"
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.eks.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.oidc_issuer}:sub" = "system:serviceaccount:core-routing:core-routing"
          "${local.oidc_issuer}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "aws_iam_policy" "core_routing" {
  name        = "core-routing"
  description = "core-routing: its route-table parameters, routes table and request queue"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "RouteTableParameters"
        Effect = "Allow"
        Action = ["ssm:GetParametersByPath", "ssm:GetParameter"]
        Resource = [
          "arn:aws:ssm:eu-west-1:111122223333:parameter/core-routing/route-tables",
          "arn:aws:ssm:eu-west-1:111122223333:parameter/core-routing/route-tables/*",
        ]
      },
      {
        Sid      = "RoutesTable"
        Effect   = "Allow"
        Action   = ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem"]
        Resource = [aws_dynamodb_table.routes.arn, "${aws_dynamodb_table.routes.arn}/index/*"]
      },
      {
        Sid      = "RequestQueue"
        Effect   = "Allow"
        Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]
        Resource = aws_sqs_queue.routing_requests.arn
      },
      {
        Sid      = "DecryptQueueAndParameters"
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = aws_kms_key.platform.arn
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "core_routing" {
  role       = aws_iam_role.core_routing.name
  policy_arn = aws_iam_policy.core_routing.arn
}

# ── core-ingress-parser ────────────────────────────────────────────────────
# Rejected requests to its SQS queue and their payloads to its S3 prefix.

resource "aws_iam_role" "core_ingress_parser" {
  name                 = "core-ingress-parser-sa-role"
  max_session_duration = 3600
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "CoreIngressParserServiceAccountOnly"
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.eks.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.oidc_issuer}:sub" = "system:serviceaccount:core-ingress-parser:core-ingress-parser"
          "${local.oidc_issuer}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "aws_iam_policy" "core_ingress_parser" {
  name        = "core-ingress-parser"
  description = "core-ingress-parser: its rejects queue and S3 prefix"
  policy      = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "RejectsQueue",
          "Effect": "Allow",
          "Action": ["sqs:SendMessage", "sqs:GetQueueUrl"],
          "Resource": "${aws_sqs_queue.ingress_rejects.arn}"
        },
        {
          "Sid": "RejectedPayloads",
          "Effect": "Allow",
          "Action": "s3:PutObject",
          "Resource": "${aws_s3_bucket.sessions.arn}/core-ingress-parser/*"
        },
        {
          "Sid": "EncryptWithThePlatformKey",
          "Effect": "Allow",
          "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
          "Resource": "${aws_kms_key.platform.arn}"
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy_attachment" "core_ingress_parser" {
  role       = aws_iam_role.core_ingress_parser.name
  policy_arn = aws_iam_policy.core_ingress_parser.arn
}

# ── Platform agents with ServiceAccounts in ../k8s/platform ───────────────

# Fluent Bit (logging/fluent-bit): writes container logs to its log group only.
resource "aws_iam_role" "fluent_bit" {
  name = "fluent-bit-sa-role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.eks.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.oidc_issuer}:sub" = "system:serviceaccount:logging:fluent-bit"
          "${local.oidc_issuer}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "aws_iam_role_policy" "fluent_bit" {
  name = "ship-container-logs"
  role = aws_iam_role.fluent_bit.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "ContainerLogGroup"
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
      Resource = [aws_cloudwatch_log_group.containers.arn, "${aws_cloudwatch_log_group.containers.arn}:log-stream:*"]
    }]
  })
}

# OpenTelemetry Collector (monitoring/otel-collector): sends traces to X-Ray.
resource "aws_iam_role" "otel_collector" {
  name = "otel-collector-sa-role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.eks.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.oidc_issuer}:sub" = "system:serviceaccount:monitoring:otel-collector"
          "${local.oidc_issuer}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "aws_iam_role_policy" "otel_collector" {
  name = "export-traces"
  role = aws_iam_role.otel_collector.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "XRayTraces"
      Effect   = "Allow"
      Action   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
      Resource = "*"
    }]
  })
}
