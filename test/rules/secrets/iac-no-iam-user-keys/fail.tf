# An IAM user with access keys for the core-routing deploy pipeline instead of a role: an active key, an inactive one, and the user itself (no console login).
resource "aws_iam_user" "core_routing_deployer" { # expect: iac-no-iam-user-keys
  name = "core-routing-deployer"
  path = "/services/"
}

resource "aws_iam_access_key" "core_routing_deployer" { # expect: iac-no-iam-user-keys
  user = aws_iam_user.core_routing_deployer.name
}

resource "aws_iam_access_key" "core_routing_deployer_old" {
  user   = "core-routing-deployer"
  status = "Inactive" # expect: iac-no-iam-user-keys low
}
