"""Campaigns (专项督查): the aggregate, its rules, binding indicators, assessment, service."""
