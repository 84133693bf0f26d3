# A root module with the platform's image repositories and no Inspector: reported once,
# at low severity, at the module's first resource.

resource "aws_ecr_repository" "core_routing" { # expect: inspector-enabled low
  name                 = "core-routing"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecr_repository" "core_ingress_parser" {
  name                 = "core-ingress-parser"
  image_tag_mutability = "IMMUTABLE"
}
