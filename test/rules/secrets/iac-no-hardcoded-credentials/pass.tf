# Credentials of the core services come from Secrets Manager, RDS-managed secrets, generated values and sensitive variables without defaults; names, ARNs and lengths of secrets are not secrets.
variable "partner_api_key" {
  type      = string
  sensitive = true
}

data "aws_secretsmanager_secret_version" "redis_auth" {
  secret_id = "core-session-manager/redis-auth-token"
}

resource "random_password" "ingress_parser_upstream" {
  length  = 32
  special = false
}

resource "aws_db_instance" "sessions" {
  identifier                  = "core-sessions"
  engine                      = "postgres"
  instance_class              = "db.r6g.large"
  allocated_storage           = 50
  username                    = "session_manager"
  manage_master_user_password = true
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "core-sessions"
  description                = "core-session-manager sessions: the auth token lives in Secrets Manager"
  transit_encryption_enabled = true
  auth_token                 = data.aws_secretsmanager_secret_version.redis_auth.secret_string
}

resource "aws_secretsmanager_secret_version" "ingress_parser_upstream" {
  secret_id     = "core-ingress-parser/upstream"
  secret_string = jsonencode({ username = "ingress-parser", password = random_password.ingress_parser_upstream.result })
}

resource "aws_ssm_parameter" "routing_partner_key" {
  name  = "/core-routing/partner-api-key"
  type  = "SecureString"
  value = var.partner_api_key
}

resource "aws_api_gateway_authorizer" "routing" {
  name                   = "core-routing"
  rest_api_id            = "a1b2c3d4e5"
  authorizer_uri         = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:111122223333:function:core-routing-auth/invocations"
  authorizer_credentials = "arn:aws:iam::111122223333:role/core-routing-authorizer"
}

resource "aws_codebuild_project" "core_routing" {
  name         = "core-routing"
  service_role = "arn:aws:iam::111122223333:role/core-routing-build"

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"

    environment_variable {
      name  = "GITHUB_TOKEN"
      value = "core-routing/github-token"
      type  = "SECRETS_MANAGER"
    }
  }

  source {
    type = "GITHUB"
  }
}
