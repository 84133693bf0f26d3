# Where the services keep data: the sessions bucket, the SQS queues between
# ingress-parser and routing, the routes table, and the Secrets Manager
# secrets that External Secrets Operator mounts into the pods (../k8s). All
# encrypted with the platform key; every secret rotates.

# ── S3: sessions (core-session-manager/) and rejected payloads (core-ingress-parser/) ──

resource "aws_s3_bucket" "sessions" {
  bucket = "core-sessions-111122223333"
}

resource "aws_s3_bucket_ownership_controls" "sessions" {
  bucket = aws_s3_bucket.sessions.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "sessions" {
  bucket                  = aws_s3_bucket.sessions.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "sessions" {
  bucket = aws_s3_bucket.sessions.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.platform.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_versioning" "sessions" {
  bucket = aws_s3_bucket.sessions.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "sessions" {
  bucket = aws_s3_bucket.sessions.id

  rule {
    id     = "expire-sessions"
    status = "Enabled"
    filter {
      prefix = "core-session-manager/"
    }
    expiration {
      days = 30
    }
    noncurrent_version_expiration {
      noncurrent_days = 7
    }
  }

  rule {
    id     = "expire-rejected-payloads"
    status = "Enabled"
    filter {
      prefix = "core-ingress-parser/"
    }
    expiration {
      days = 14
    }
    noncurrent_version_expiration {
      noncurrent_days = 1
    }
  }
}

# TLS only, and only through the VPC's gateway endpoint.
resource "aws_s3_bucket_policy" "sessions" {
  bucket = aws_s3_bucket.sessions.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.sessions.arn, "${aws_s3_bucket.sessions.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        Sid       = "DenyObjectAccessOutsideTheVpc"
        Effect    = "Deny"
        Principal = "*"
        Action    = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
        Resource  = "${aws_s3_bucket.sessions.arn}/*"
        Condition = { StringNotEquals = { "aws:SourceVpce" = aws_vpc_endpoint.s3.id } }
      },
    ]
  })
}

# ── SQS ─────────────────────────────────────────────────────────────────────

resource "aws_sqs_queue" "routing_requests_dlq" {
  name                      = "core-routing-requests-dlq"
  kms_master_key_id         = aws_kms_key.platform.arn
  message_retention_seconds = 1209600
}

resource "aws_sqs_queue" "routing_requests" {
  name                       = "core-routing-requests"
  kms_master_key_id          = aws_kms_key.platform.arn
  visibility_timeout_seconds = 60
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.routing_requests_dlq.arn
    maxReceiveCount     = 5
  })
}

resource "aws_sqs_queue" "ingress_rejects" {
  name                      = "core-ingress-parser-rejects"
  kms_master_key_id         = aws_kms_key.platform.arn
  message_retention_seconds = 345600
}

# ── DynamoDB ────────────────────────────────────────────────────────────────

resource "aws_dynamodb_table" "routes" {
  name                        = "core-routing-routes"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "tenant"
  range_key                   = "route"
  deletion_protection_enabled = true

  attribute {
    name = "tenant"
    type = "S"
  }

  attribute {
    name = "route"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.platform.arn
  }

  point_in_time_recovery {
    enabled = true
  }
}

# ── Secrets Manager ─────────────────────────────────────────────────────────
# Names match the ExternalSecrets' remoteRef keys in ../k8s.

resource "aws_secretsmanager_secret" "redis_auth" {
  name                    = "prod/core-session-manager/redis"
  description             = "AUTH token of the core-sessions Redis (property auth-token)"
  kms_key_id              = aws_kms_key.platform.arn
  recovery_window_in_days = 30
}

# The first value; rotations replace it (and the replication group's token) afterwards.
resource "aws_secretsmanager_secret_version" "redis_auth" {
  secret_id = aws_secretsmanager_secret.redis_auth.id
  secret_string = jsonencode({
    "auth-token" = var.redis_auth_token
  })

  lifecycle {
    ignore_changes = [secret_string]
  }
}

resource "aws_secretsmanager_secret_rotation" "redis_auth" {
  secret_id           = aws_secretsmanager_secret.redis_auth.id
  rotation_lambda_arn = var.secret_rotation_lambda_arn

  rotation_rules {
    automatically_after_days = 30
  }
}

# The services' other secrets: values are set and rotated by their rotation functions, never by Terraform.
resource "aws_secretsmanager_secret" "service" {
  for_each = toset([
    "prod/core-session-manager/session-signing-key",
    "prod/core-routing/route-cache",
    "prod/core-ingress-parser/backend-tls",
    "prod/core-ingress-parser/webhook",
  ])

  name                    = each.key
  kms_key_id              = aws_kms_key.platform.arn
  recovery_window_in_days = 30
}

resource "aws_secretsmanager_secret_rotation" "service" {
  for_each = aws_secretsmanager_secret.service

  secret_id           = aws_secretsmanager_secret.service[each.key].id
  rotation_lambda_arn = var.secret_rotation_lambda_arn

  rotation_rules {
    automatically_after_days = 30
  }
}
