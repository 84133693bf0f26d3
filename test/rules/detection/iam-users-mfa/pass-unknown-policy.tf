# A console user whose group policy is attached by the ARN of a customer-managed policy
# defined elsewhere: its content is not in the scan, so nothing is reported.

resource "aws_iam_user" "carol" {
  name = "carol"
}

resource "aws_iam_user_login_profile" "carol" {
  user = aws_iam_user.carol.name
}

resource "aws_iam_user_policy_attachment" "carol_baseline" {
  user       = aws_iam_user.carol.name
  policy_arn = "arn:aws:iam::111122223333:policy/org-require-mfa"
}
