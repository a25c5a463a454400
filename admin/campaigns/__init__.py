"""Campaign pages: plan, groups, sampling, indicators, reports, scorecards."""
