# The sessions bucket of core-session-manager encrypted with a customer-managed key (joined by id, by name, and through a variable the scan cannot resolve).
resource "aws_kms_key" "sessions" {
  description         = "core-session-manager sessions data"
  enable_key_rotation = true
}

resource "aws_s3_bucket" "sessions" {
  bucket = "core-session-manager-sessions-111122223333"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "sessions" {
  bucket = aws_s3_bucket.sessions.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.sessions.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket" "session_exports" {
  bucket = "core-session-manager-exports-111122223333"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "session_exports" {
  bucket = "core-session-manager-exports-111122223333"

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms:dsse"
      kms_master_key_id = aws_kms_key.sessions.arn
    }
  }
}

variable "audit_bucket_name" {
  type = string
}

resource "aws_s3_bucket" "session_audit" {
  bucket = var.audit_bucket_name
}

resource "aws_s3_bucket_server_side_encryption_configuration" "session_audit" {
  bucket = var.audit_bucket_name

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.sessions.arn
    }
  }
}
