# A root module with IAM resources and no account password policy: reported once, at
# low severity, at the module's first resource.

resource "aws_iam_group" "platform_operators" { # expect: password-policy low
  name = "platform-operators"
}
