# Console users in the operators group, whose policy denies everything but MFA
# self-service while no MFA is present; a pipeline user without a console password.

resource "aws_iam_group" "operators" {
  name = "platform-operators"
}

resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_login_profile" "alice" {
  user = aws_iam_user.alice.name
}

resource "aws_iam_user_group_membership" "alice" {
  user   = aws_iam_user.alice.name
  groups = [aws_iam_group.operators.name]
}

resource "aws_iam_user" "bob" {
  name = "bob"
}

resource "aws_iam_user_login_profile" "bob" {
  user = "bob"
}

resource "aws_iam_group_membership" "operators" {
  name  = "platform-operators"
  group = aws_iam_group.operators.name
  users = [aws_iam_user.bob.name]
}

data "aws_iam_policy_document" "require_mfa" {
  statement {
    sid    = "DenyWithoutMfa"
    effect = "Deny"
    not_actions = [
      "iam:CreateVirtualMFADevice",
      "iam:EnableMFADevice",
      "iam:GetUser",
      "iam:ListMFADevices",
      "iam:ListVirtualMFADevices",
      "iam:ResyncMFADevice",
      "sts:GetSessionToken",
    ]
    resources = ["*"]

    condition {
      test     = "BoolIfExists"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
  }
}

resource "aws_iam_policy" "require_mfa" {
  name   = "require-mfa"
  policy = data.aws_iam_policy_document.require_mfa.json
}

resource "aws_iam_group_policy_attachment" "operators_require_mfa" {
  group      = aws_iam_group.operators.name
  policy_arn = aws_iam_policy.require_mfa.arn
}

resource "aws_iam_group_policy_attachment" "operators_read_only" {
  group      = aws_iam_group.operators.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_user" "ci_deployer" {
  name = "ci-deployer"
}
