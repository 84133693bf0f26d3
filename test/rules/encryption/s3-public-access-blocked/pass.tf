# The sessions bucket of core-session-manager with all four public access block flags on, and a private ACL.
resource "aws_s3_bucket" "sessions" {
  bucket = "core-session-manager-sessions-111122223333"
}

resource "aws_s3_bucket_public_access_block" "sessions" {
  bucket                  = aws_s3_bucket.sessions.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "sessions" {
  bucket = aws_s3_bucket.sessions.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_acl" "sessions" {
  bucket = aws_s3_bucket.sessions.id
  acl    = "private"
}
