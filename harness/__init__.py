"""The differential-testing and verification harness for the TRM-Agent compiler."""
