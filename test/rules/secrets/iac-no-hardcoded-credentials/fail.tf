# Credentials written into the Terraform of the core services: a literal database password, a variable default used as the Redis AUTH token, AWS keys in a Lambda environment, a password inside jsonencode, a SecureString parameter value and a token in user data.
variable "redis_auth_token" {
  type    = string
  default = "b7Qm2xV9pL4sT8wZ3nR6yK1cF5hJ0dGa"
}

resource "aws_db_instance" "sessions" {
  identifier        = "core-sessions"
  engine            = "postgres"
  instance_class    = "db.r6g.large"
  allocated_storage = 50
  username          = "session_manager"
  password          = "Sessi0ns-Pr0d-2024!" # expect: iac-no-hardcoded-credentials high
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "core-sessions"
  description                = "core-session-manager sessions"
  transit_encryption_enabled = true
  auth_token                 = var.redis_auth_token # expect: iac-no-hardcoded-credentials
}

resource "aws_lambda_function" "routing_sync" {
  function_name = "core-routing-sync"
  role          = "arn:aws:iam::111122223333:role/core-routing-sync"
  handler       = "main.handler"
  runtime       = "python3.12"
  filename      = "routing-sync.zip"

  environment {
    variables = {
      AWS_ACCESS_KEY_ID     = "AKIAQ3EGRWLPZ4TXK7NB" # expect: iac-no-hardcoded-credentials critical
      AWS_SECRET_ACCESS_KEY = "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" # expect: iac-no-hardcoded-credentials critical
      ROUTING_TABLE         = "core-routing"
    }
  }
}

resource "aws_secretsmanager_secret_version" "ingress_parser_upstream" {
  secret_id     = "core-ingress-parser/upstream"
  secret_string = jsonencode({ username = "ingress-parser", password = "Ingr3ss-Parser-Pw" }) # expect: iac-no-hardcoded-credentials
}

resource "aws_ssm_parameter" "routing_partner_key" {
  name  = "/core-routing/partner-api-key"
  type  = "SecureString"
  value = "rk_partner_9f3Kx2mQ7vL1pZ8w" # expect: iac-no-hardcoded-credentials
}

resource "aws_instance" "bastion" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t4g.micro"
  user_data     = "#!/bin/bash\nexport GITHUB_TOKEN=ghp_R8mK2xQ9vL4pT7wZ1nB6yC3fH5jD0sGa2Ue8\n/opt/bootstrap.sh\n" # expect: iac-no-hardcoded-credentials critical
}
