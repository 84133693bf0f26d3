# Only an unused-access analyzer: nothing looks for resources shared outside the account.

resource "aws_accessanalyzer_analyzer" "unused" {
  analyzer_name = "platform-unused-access"
  type          = "ACCOUNT_UNUSED_ACCESS" # expect: access-analyzer-enabled low

  configuration {
    unused_access {
      unused_access_age = 90
    }
  }
}
