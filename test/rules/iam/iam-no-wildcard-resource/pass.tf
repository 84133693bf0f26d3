# Terraform: named queue and secrets; actions without resource-level
# permissions on "*"; a bucket policy's Resource is its own bucket.
data "aws_iam_policy_document" "core_routing" {
  statement {
    actions   = ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"]
    resources = [aws_sqs_queue.routing_events.arn]
  }

  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["arn:aws:secretsmanager:eu-west-1:111122223333:secret:core-routing/*"]
  }

  statement {
    actions   = ["ecr:GetAuthorizationToken", "xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"]
  }
}
