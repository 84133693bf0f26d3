# Redis for core-session-manager sessions without TLS, encryption at rest or AUTH; a second group with the default key and optional TLS; a standalone Redis node.
resource "aws_elasticache_replication_group" "sessions" { # expect: elasticache-encrypted
  replication_group_id       = "core-sessions"
  description                = "core-session-manager sessions"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = "cache.r7g.large"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  transit_encryption_enabled = false # expect: elasticache-encrypted
}

resource "aws_elasticache_replication_group" "routing_cache" {
  replication_group_id       = "core-routing-cache"
  description                = "core-routing lookups"
  node_type                  = "cache.r7g.large"
  num_cache_clusters         = 2
  transit_encryption_enabled = true
  transit_encryption_mode    = "preferred" # expect: elasticache-encrypted medium
  at_rest_encryption_enabled = true # expect: elasticache-encrypted medium
  auth_token                 = data.aws_secretsmanager_secret_version.routing_cache_auth.secret_string
}

data "aws_secretsmanager_secret_version" "routing_cache_auth" {
  secret_id = "core-routing/redis-auth-token"
}

resource "aws_elasticache_cluster" "session_scratch" {
  cluster_id      = "core-session-scratch"
  engine          = "redis" # expect: elasticache-encrypted medium
  node_type       = "cache.t4g.small"
  num_cache_nodes = 1
}
