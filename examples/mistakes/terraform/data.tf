# Mistakes shown:
# - the sessions bucket has no default encryption and no public access block
# - a "status page assets" bucket with the public-read canned ACL
# - the staging sessions bucket is created by this production module, through
#   the same provider: staging and production share the account
# - the session audit database takes its password from a variable default
#   (variables.tf), and a copy of it sits as a literal in a secret version
# - Secrets Manager secrets without rotation (and without a KMS key)

resource "aws_s3_bucket" "sessions" {
  bucket = "core-sessions-111122223333"

  tags = { Environment = "prod" }
}

resource "aws_s3_bucket" "sessions_staging" {
  bucket = "core-sessions-staging-111122223333"

  tags = { Environment = "staging" }
}

resource "aws_s3_bucket" "status_assets" {
  bucket = "core-status-assets-111122223333"
}

resource "aws_s3_bucket_ownership_controls" "status_assets" {
  bucket = aws_s3_bucket.status_assets.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_acl" "status_assets" {
  bucket = aws_s3_bucket.status_assets.id
  acl    = "public-read"
}

resource "aws_sqs_queue" "ingress_rejects" {
  name = "core-ingress-parser-rejects"
}

resource "aws_db_subnet_group" "audit" {
  name       = "core-session-audit"
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_db_instance" "session_audit" {
  identifier           = "core-session-audit"
  engine               = "postgres"
  engine_version       = "16.4"
  instance_class       = "db.t4g.medium"
  allocated_storage    = 50
  db_name              = "sessions"
  username             = "sessions_admin"
  password             = var.db_password
  db_subnet_group_name = aws_db_subnet_group.audit.name
  skip_final_snapshot  = true
}

resource "aws_secretsmanager_secret" "db" {
  name = "prod/core-session-manager/audit-db"
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({
    username = "sessions_admin"
    password = "EXAMPLE-not-a-real-password"
  })
}

resource "aws_secretsmanager_secret" "redis" {
  name = "prod/core-session-manager/redis"
}
