# One environment per root module: the environment comes from a variable, and the only
# literal Environment tag says production.

variable "environment" {
  type = string
}

module "core_routing" {
  source      = "./modules/service"
  name        = "core-routing"
  environment = var.environment
}

resource "aws_s3_bucket" "sessions" {
  bucket = "core-session-manager-sessions"
  tags = {
    Environment = "production"
    Service     = "core-session-manager"
  }
}
