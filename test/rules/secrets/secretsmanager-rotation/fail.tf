# Secrets of the core services without rotation: the Redis AUTH token of core-session-manager; core-routing's API key has a rotation, the other does not.
resource "aws_secretsmanager_secret" "redis_auth" { # expect: secretsmanager-rotation
  name       = "core-session-manager/redis-auth-token"
  kms_key_id = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_secretsmanager_secret" "routing_api_key" {
  name = "core-routing/partner-api-key"
}

resource "aws_secretsmanager_secret_rotation" "routing_api_key" {
  secret_id           = aws_secretsmanager_secret.routing_api_key.id
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:core-secret-rotation"

  rotation_rules {
    automatically_after_days = 30
  }
}

resource "aws_secretsmanager_secret" "ingress_parser_signing" { # expect: secretsmanager-rotation
  name = "core-ingress-parser/signing-key"
}
