# ECR repositories of the core services whose tags can be overwritten: the provider default, an explicit MUTABLE, and the ECR module set to MUTABLE.
resource "aws_ecr_repository" "core_session_manager" { # expect: ecr-immutable-tags
  name = "core-session-manager"
}

resource "aws_ecr_repository" "core_routing" {
  name                 = "core-routing"
  image_tag_mutability = "MUTABLE" # expect: ecr-immutable-tags
}

module "ecr_core_ingress_parser" {
  source  = "terraform-aws-modules/ecr/aws"
  version = "~> 2.0"

  repository_name                 = "core-ingress-parser"
  repository_image_tag_mutability = "MUTABLE" # expect: ecr-immutable-tags
}
