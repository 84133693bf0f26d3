# Secrets of the core services, each rotated (joined by id, arn and by name).
resource "aws_secretsmanager_secret" "redis_auth" {
  name = "core-session-manager/redis-auth-token"
}

resource "aws_secretsmanager_secret_rotation" "redis_auth" {
  secret_id           = aws_secretsmanager_secret.redis_auth.id
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:core-redis-auth-rotation"

  rotation_rules {
    automatically_after_days = 30
  }
}

resource "aws_secretsmanager_secret" "routing_api_key" {
  name = "core-routing/partner-api-key"
}

resource "aws_secretsmanager_secret_rotation" "routing_api_key" {
  secret_id           = aws_secretsmanager_secret.routing_api_key.arn
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:core-secret-rotation"

  rotation_rules {
    schedule_expression = "rate(30 days)"
  }
}

resource "aws_secretsmanager_secret" "ingress_parser_signing" {
  name = "core-ingress-parser/signing-key"
}

resource "aws_secretsmanager_secret_rotation" "ingress_parser_signing" {
  secret_id           = "core-ingress-parser/signing-key"
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:core-secret-rotation"

  rotation_rules {
    automatically_after_days = 90
  }
}
