# Console users without MFA enforcement: alice's group only grants read access, and
# bob's inline policy has no MFA condition. The pipeline user has no console password.

resource "aws_iam_group" "operators" {
  name = "platform-operators"
}

resource "aws_iam_group_policy_attachment" "operators_read_only" {
  group      = aws_iam_group.operators.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_user" "alice" { # expect: iam-users-mfa high
  name = "alice"
}

resource "aws_iam_user_login_profile" "alice" {
  user = aws_iam_user.alice.name
}

resource "aws_iam_user_group_membership" "alice" {
  user   = aws_iam_user.alice.name
  groups = [aws_iam_group.operators.name]
}

resource "aws_iam_user" "bob" { # expect: iam-users-mfa high
  name = "bob"
}

resource "aws_iam_user_login_profile" "bob" {
  user = aws_iam_user.bob.name
}

resource "aws_iam_user_policy" "bob_sessions" {
  name = "core-session-manager-read"
  user = aws_iam_user.bob.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:GetItem", "dynamodb:Query"]
      Resource = "arn:aws:dynamodb:eu-west-1:111122223333:table/core-session-manager-sessions"
    }]
  })
}

resource "aws_iam_user" "ci_deployer" {
  name = "ci-deployer"
}
