# A root module with the session bucket and no IAM Access Analyzer: reported once, at
# low severity, at the module's first resource.

resource "aws_s3_bucket" "sessions" { # expect: access-analyzer-enabled low
  bucket = "core-session-manager-sessions"
}

resource "aws_s3_bucket_public_access_block" "sessions" {
  bucket                  = aws_s3_bucket.sessions.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
