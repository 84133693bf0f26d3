# ECR repositories of the core services with immutable tags; the ECR module is immutable by default.
resource "aws_ecr_repository" "core_session_manager" {
  name                 = "core-session-manager"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecr_repository" "core_routing" {
  name                 = "core-routing"
  image_tag_mutability = "IMMUTABLE_WITH_EXCLUSION"

  image_tag_mutability_exclusion_filter {
    filter      = "latest*"
    filter_type = "WILDCARD"
  }
}

module "ecr_core_ingress_parser" {
  source  = "terraform-aws-modules/ecr/aws"
  version = "~> 2.0"

  repository_name = "core-ingress-parser"
}
