# Mistakes shown:
# - image tags are mutable: "core-session-manager:latest" can be overwritten
#   after review
# - images are never scanned (no scan on push, no registry scanning rule)
resource "aws_ecr_repository" "services" {
  for_each = toset(["core-session-manager", "core-routing", "core-ingress-parser"])
  name     = each.key
}
