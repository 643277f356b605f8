-- Version 12 is reserved for helper `popups` (issue 14): this placeholder only keeps the
-- versions gapless on branch `incgroups`; popups' own 0012 replaces it at the merge.
SELECT 1;
