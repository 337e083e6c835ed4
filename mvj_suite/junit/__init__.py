"""JUnit XML that CI tools read correctly: one testcase per scenario, reruns as Surefire."""
