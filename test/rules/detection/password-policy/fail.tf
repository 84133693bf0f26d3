# A weak password policy: 8 characters, no symbols (the other classes left at their
# default, not required), 5 remembered passwords, no expiry.

resource "aws_iam_account_password_policy" "main" { # expect: password-policy low
  minimum_password_length        = 8 # expect: password-policy medium
  require_numbers                = true
  require_symbols                = false # expect: password-policy medium
  password_reuse_prevention      = 5 # expect: password-policy medium
  allow_users_to_change_password = true
}
