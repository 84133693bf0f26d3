# Registry-wide enhanced scanning (Amazon Inspector) covers every repository, so per-repository scan_on_push is not needed.
resource "aws_ecr_registry_scanning_configuration" "registry" {
  scan_type = "ENHANCED"

  rule {
    scan_frequency = "CONTINUOUS_SCAN"
    repository_filter {
      filter      = "*"
      filter_type = "WILDCARD"
    }
  }
}

resource "aws_ecr_repository" "core_session_manager" {
  name                 = "core-session-manager"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecr_repository" "core_routing" {
  name                 = "core-routing"
  image_tag_mutability = "IMMUTABLE"
}
