# Sessions of core-session-manager: ElastiCache Redis (OSS) replication group
# in the private subnets, reachable from the nodes only, TLS required in
# transit, encrypted at rest with the platform key, AUTH token from a
# sensitive variable at creation and rotated through Secrets Manager after.

resource "aws_elasticache_subnet_group" "sessions" {
  name       = "core-sessions"
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_cloudwatch_log_group" "redis_slow_log" {
  name              = "/aws/elasticache/core-sessions/slow-log"
  retention_in_days = 30
  kms_key_id        = aws_kms_key.platform.arn
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id = "core-sessions"
  description          = "Sessions of core-session-manager"
  engine               = "redis"
  engine_version       = "7.1"
  node_type            = "cache.r7g.large"
  port                 = 6379
  parameter_group_name = "default.redis7"

  num_cache_clusters         = 3
  automatic_failover_enabled = true
  multi_az_enabled           = true

  subnet_group_name  = aws_elasticache_subnet_group.sessions.name
  security_group_ids = [aws_security_group.redis.id]

  at_rest_encryption_enabled = true
  kms_key_id                 = aws_kms_key.platform.arn
  transit_encryption_enabled = true
  transit_encryption_mode    = "required"
  auth_token                 = var.redis_auth_token
  auth_token_update_strategy = "ROTATE"

  snapshot_retention_limit   = 7
  auto_minor_version_upgrade = true

  log_delivery_configuration {
    destination      = aws_cloudwatch_log_group.redis_slow_log.name
    destination_type = "cloudwatch-logs"
    log_format       = "json"
    log_type         = "slow-log"
  }

  lifecycle {
    # The rotation function owns the token after creation.
    ignore_changes = [auth_token]
  }
}
