# Buckets of core-session-manager that can become public: no public access block, a block with flags off, a public-read ACL (v3 inline and v4+ resource).
resource "aws_s3_bucket" "sessions" { # expect: s3-public-access-blocked
  bucket = "core-session-manager-sessions-111122223333"
}

resource "aws_s3_bucket" "session_exports" {
  bucket = "core-session-manager-exports-111122223333"
}

resource "aws_s3_bucket_public_access_block" "session_exports" {
  bucket                  = aws_s3_bucket.session_exports.id
  block_public_acls       = true
  block_public_policy     = false # expect: s3-public-access-blocked
  ignore_public_acls      = true
  restrict_public_buckets = false
}

resource "aws_s3_bucket" "session_assets" {
  bucket = "core-session-manager-assets-111122223333"
  acl    = "public-read" # expect: s3-public-access-blocked critical
}

resource "aws_s3_bucket_public_access_block" "session_assets" { # expect: s3-public-access-blocked
  bucket = aws_s3_bucket.session_assets.id
}

resource "aws_s3_bucket" "session_reports" {
  bucket = "core-session-manager-reports-111122223333"
}

resource "aws_s3_bucket_public_access_block" "session_reports" {
  bucket                  = aws_s3_bucket.session_reports.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_acl" "session_reports" {
  bucket = aws_s3_bucket.session_reports.id
  acl    = "public-read" # expect: s3-public-access-blocked medium
}
