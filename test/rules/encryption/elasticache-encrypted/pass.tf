# Redis for core-session-manager sessions with TLS required, encryption at rest under a customer-managed key, and an AUTH token from Secrets Manager; a Valkey group with RBAC users.
resource "aws_kms_key" "sessions" {
  description         = "core-session-manager sessions data"
  enable_key_rotation = true
}

data "aws_secretsmanager_secret_version" "redis_auth" {
  secret_id = "core-session-manager/redis-auth-token"
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "core-sessions"
  description                = "core-session-manager sessions"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = "cache.r7g.large"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  transit_encryption_enabled = true
  at_rest_encryption_enabled = true
  kms_key_id                 = aws_kms_key.sessions.arn
  auth_token                 = data.aws_secretsmanager_secret_version.redis_auth.secret_string
}

resource "aws_elasticache_replication_group" "routing_cache" {
  replication_group_id       = "core-routing-cache"
  description                = "core-routing lookups"
  engine                     = "valkey"
  node_type                  = "cache.r7g.large"
  num_cache_clusters         = 2
  transit_encryption_enabled = true
  kms_key_id                 = aws_kms_key.sessions.arn
  user_group_ids             = [aws_elasticache_user_group.routing.id]
}

resource "aws_elasticache_user_group" "routing" {
  engine        = "REDIS"
  user_group_id = "core-routing"
  user_ids      = ["default-disabled", "core-routing"]
}

resource "aws_elasticache_cluster" "sessions_replica" {
  cluster_id           = "core-sessions-replica"
  replication_group_id = aws_elasticache_replication_group.sessions.id
}
