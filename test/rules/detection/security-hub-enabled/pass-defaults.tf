# Security Hub with its default standards (AWS Foundational Security Best Practices and
# CIS AWS Foundations Benchmark are enabled when enable_default_standards is left at true).

resource "aws_securityhub_account" "main" {
  auto_enable_controls = true
}
