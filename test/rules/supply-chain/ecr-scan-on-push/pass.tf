# ECR repositories of the core services that scan on push, per repository.
resource "aws_ecr_repository" "core_session_manager" {
  name                 = "core-session-manager"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }
}

module "ecr_core_routing" {
  source  = "terraform-aws-modules/ecr/aws"
  version = "~> 2.0"

  repository_name = "core-routing"
}
