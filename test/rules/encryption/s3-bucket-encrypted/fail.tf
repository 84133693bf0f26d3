# Buckets of core-session-manager without a KMS default encryption: none at all, S3-managed keys (provider v4+ resource and v3 inline block), and the AWS-managed aws/s3 key.
resource "aws_s3_bucket" "sessions" { # expect: s3-bucket-encrypted
  bucket = "core-session-manager-sessions-111122223333"
}

resource "aws_s3_bucket" "session_exports" {
  bucket = "core-session-manager-exports-111122223333"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "session_exports" {
  bucket = aws_s3_bucket.session_exports.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256" # expect: s3-bucket-encrypted medium
    }
  }
}

resource "aws_s3_bucket" "session_archive" {
  bucket = "core-session-manager-archive-111122223333"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "session_archive" {
  bucket = aws_s3_bucket.session_archive.bucket

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms" # expect: s3-bucket-encrypted low
    }
  }
}

resource "aws_s3_bucket" "legacy_sessions" {
  bucket = "core-session-manager-legacy-111122223333"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256" # expect: s3-bucket-encrypted medium
      }
    }
  }
}
