# The core-routing deploy pipeline assumes a role through GitHub OIDC; a human user has a console login and no access keys.
resource "aws_iam_role" "core_routing_deployer" {
  name = "core-routing-deployer"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com:sub" = "repo:example-org/core-routing:ref:refs/heads/main"
        }
      }
    }]
  })
}

resource "aws_iam_user" "oncall_engineer" {
  name = "oncall-engineer"
}

resource "aws_iam_user_login_profile" "oncall_engineer" {
  user                    = aws_iam_user.oncall_engineer.name
  password_reset_required = true
}
