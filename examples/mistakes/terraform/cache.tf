# Mistakes shown:
# - the sessions Redis requires no AUTH token
# - no encryption in transit (session ids cross the VPC in clear text) and
#   none at rest
# - its security group admits 6379 from anywhere (network.tf)
resource "aws_elasticache_subnet_group" "sessions" {
  name       = "core-sessions"
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id = "core-sessions"
  description          = "sessions"
  engine               = "redis"
  engine_version       = "7.1"
  node_type            = "cache.r7g.large"
  num_cache_clusters   = 2
  port                 = 6379
  subnet_group_name    = aws_elasticache_subnet_group.sessions.name
  security_group_ids   = [aws_security_group.redis.id]
}
