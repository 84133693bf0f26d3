# Terraform: a heredoc inline policy granting every action (JSON has no
# comments, so the expected line is in fail-heredoc.tf.expect).
resource "aws_iam_role" "ingress_parser" {
  name               = "core-ingress-parser-sa-role"
  assume_role_policy = data.aws_iam_policy_document.ingress_parser_trust.json

  inline_policy {
    name   = "everything"
    policy = <<-EOT
      {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Effect": "Allow",
            "Action": ["*"],
            "Resource": "*"
          }
        ]
      }
    EOT
  }
}
